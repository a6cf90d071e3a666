import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { makeDrop, reserve } from "../helpers/drops";
import { dropObjectName } from "../../src/shared/bindings";

const randomDropId = () => `drp_${Array.from(crypto.getRandomValues(new Uint8Array(26)), (b) => "0123456789abcdefghjkmnpqrstvwxyz"[b % 32]).join("")}`;

async function hasObject(dropId: string): Promise<boolean> {
  const wanted = env.INVENTORY.idFromName(dropObjectName(dropId));
  return (await listDurableObjectIds(env.INVENTORY)).some((id) => id.equals(wanted));
}

describe("a random well-formed drop id", () => {
  it("answers 404 on every buyer route and leaves no inventory object behind", async () => {
    const id = randomDropId();
    const read = await call("GET", `/api/v1/drops/${id}`);
    expect(read.status).toBe(404);
    expect(read.json.error.code).toBe("not_found");
    const live = await call("GET", `/api/v1/drops/${id}/live`, { headers: { upgrade: "websocket" } });
    expect(live.status).toBe(404);
    expect((await reserve(id, { variantId: "var_x", quantity: 1, email: "fan@example.com" })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/drops/${id}/reservations/res_${"0".repeat(26)}`)).status).toBe(404);
    expect((await checkout({ dropId: id, reservationId: `res_${"0".repeat(26)}` })).status).toBe(404);
    expect(await hasObject(id)).toBe(false);
  });

  it("a real drop still answers (and has its object)", async () => {
    const c = await makeCreator();
    const { dropId } = await makeDrop(c, { quantity: 2 });
    expect((await call("GET", `/api/v1/drops/${dropId}`)).status).toBe(200);
    expect(await hasObject(dropId)).toBe(true);
  });
});
