// End to end on wrangler dev: a queue drop of one digital unit. Buyers join before the opening; at startsAt the drop's
// object (its real alarm) shuffles them and admits one; that buyer reserves with the admission token, pays through the
// simulated processor and downloads the file; everyone still waiting is told the drop sold out.
import { describe, expect, it } from "vitest";
import { eventually, useWranglerDev } from "../helpers/wrangler-dev";

const PLATFORM = "e2e-queue-platform-token";
const dev = useWranglerDev(PLATFORM);

describe("a queue drop on wrangler dev", () => {
  it("join → shuffled at the opening → admitted → reserve → pay → download; the rest are told sold out", async () => {
    const created = await dev.req("POST", "/platform/v1/creators", { token: PLATFORM, body: { handle: "queue-shop", displayName: "Queue", email: "q@example.com" } });
    const admin = { token: created.json.token };
    const product = await dev.req("POST", "/admin/v1/products", { ...admin, body: { slug: "stems", title: "Stems Pack", kind: "digital", priceCents: 1500 } });
    const file = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 13) % 251);
    const upload = await dev.req("PUT", `/admin/v1/products/${product.json.product.id}/file?filename=stems.zip`, { ...admin, rawBody: file, headers: { "content-type": "application/zip" } });
    expect(upload.status).toBe(200);
    const variantId = product.json.product.variants[0].id;
    const drop = await dev.req("POST", "/admin/v1/drops", {
      ...admin,
      body: { slug: "stems-queue", title: "Stems Queue", startsAt: new Date(Date.now() + 5_000).toISOString(), perBuyerLimit: 1, admission: "queue", items: [{ variantId, quantity: 1 }] },
    });
    expect(drop.status).toBe(201);
    const dropId = drop.json.drop.id;
    const fans: { email: string; id: string; token: string }[] = [];
    for (let n = 0; n < 6; n++) {
      const email = `fan${n}@example.com`;
      const joined = await dev.req("POST", `/api/v1/drops/${dropId}/queue`, { body: { email }, headers: { "cf-connecting-ip": `203.0.113.${n + 10}` } });
      expect(joined.status).toBe(201);
      expect(joined.json.ticket).toMatchObject({ status: "waiting", position: null });
      fans.push({ email, id: joined.json.ticket.id as string, token: joined.json.ticketToken as string });
    }
    const ticket = async (f: (typeof fans)[number]) => (await dev.req("GET", `/api/v1/drops/${dropId}/queue/${f.id}?token=${f.token}`)).json.ticket;
    const admitted = await eventually(async () => {
      for (const f of fans) {
        const t = await ticket(f);
        if (t.status === "admitted") return { ...f, ticket: t };
      }
      return undefined;
    });
    expect(admitted.ticket.position).toBe(1);
    const held = await dev.req("POST", `/api/v1/drops/${dropId}/reservations`, {
      body: { variantId, quantity: 1, email: admitted.email },
      headers: { "cf-connecting-ip": "198.51.100.77", "drop-admission": admitted.ticket.admissionToken },
    });
    expect(held.status).toBe(201);
    const started = await dev.req("POST", "/api/v1/checkout", { body: { dropId, reservationId: held.json.reservation.id } });
    expect(started.status).toBe(201);
    const paid = await dev.req("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`, { headers: { accept: "text/html" } });
    expect(paid.status).toBe(303);
    const link = await eventually(async () => /href="([^"]*\/downloads\/[^"]+)"/.exec((await dev.req("GET", paid.headers.get("location")!)).text)?.[1]);
    const download = await fetch(link.replace(/&amp;/g, "&"));
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(file);
    const others = fans.filter((f) => f.id !== admitted.id);
    const told = await eventually(async () => {
      const all = await Promise.all(others.map(ticket));
      return all.every((t) => t.status === "sold_out") ? all : undefined;
    });
    expect(told.map((t) => t.position).sort()).toEqual([2, 3, 4, 5, 6]);
  });
});
