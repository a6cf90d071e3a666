// End to end on wrangler dev: a raffle drop draws by itself at startsAt (the object's real alarm), and the public
// verifier (`npm run raffle:verify`, its own implementation on node:crypto) recomputes the same winners.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/wrangler-dev.mjs";
import { useWranglerDev } from "../helpers/wrangler-dev";

const PLATFORM = "e2e-raffle-platform-token";
const dev = useWranglerDev(PLATFORM);


const verify = (dropId: string) =>
  spawnSync(process.execPath, [path.join(ROOT, "scripts/raffle-verify.mjs"), dev.server.url, dropId], { encoding: "utf8", timeout: 30_000 });

describe("raffle on wrangler dev", () => {
  it("draws at startsAt on its own, and the public verifier agrees with the announced winners", async () => {
    const created = await dev.req("POST", "/platform/v1/creators", { token: PLATFORM, body: { handle: "raffle-shop", displayName: "Raffle", email: "r@example.com" } });
    const token = created.json.token;
    const product = await dev.req("POST", "/admin/v1/products", {
      token,
      body: { slug: "signed", title: "Signed Print", kind: "physical", priceCents: 4000, variants: [{ sku: "SP-1", title: "Print", stock: 3 }] },
    });
    const variantId = product.json.product.variants[0].id;
    const drop = await dev.req("POST", "/admin/v1/drops", {
      token,
      body: { slug: "print-raffle", title: "Print Raffle", startsAt: new Date(Date.now() + 4_000).toISOString(), perBuyerLimit: 1, admission: "raffle", items: [{ variantId, quantity: 3 }] },
    });
    expect(drop.status).toBe(201);
    const dropId = drop.json.drop.id;
    for (let n = 0; n < 8; n++) {
      const entered = await dev.req("POST", `/api/v1/drops/${dropId}/entries`, { body: { email: `fan${n}@example.com`, variantId }, headers: { "cf-connecting-ip": `203.0.113.${n + 1}` } });
      expect(entered.status).toBe(201);
    }
    expect(verify(dropId).status).toBe(2); // not drawn yet: the seed is still secret
    await expect.poll(async () => (await dev.req("GET", `/api/v1/drops/${dropId}`)).json.drop.raffle.seed, { timeout: 30_000, interval: 250 }).toMatch(/^[0-9a-f]{64}$/);
    const run = verify(dropId);
    expect(run.stdout).toContain("commitment  OK");
    expect(run.stdout).toContain("winners     OK");
    expect(run.status).toBe(0);
  });
});
