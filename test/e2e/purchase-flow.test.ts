// End to end over HTTP against the real `wrangler dev` with the simulated processor: a drop purchase
// (reserve → checkout → pay → paid, stock sold, fulfillment job enqueued) and a digital purchase whose download
// link on the order page returns exactly the uploaded bytes (the queue consumer runs inside wrangler dev).
import { beforeAll, describe, expect, it } from "vitest";
import { eventually, useWranglerDev } from "../helpers/wrangler-dev";

const PLATFORM = "e2e-platform-token";
const dev = useWranglerDev(PLATFORM);
let admin: Record<string, string>;
let handle: string;

beforeAll(async () => {
  handle = "e2e-buyer-flow";
  const created = await dev.req("POST", "/platform/v1/creators", { token: PLATFORM, body: { handle, displayName: "E2E", email: "e2e@example.com" } });
  admin = { token: created.json.token };
});

describe("purchases on wrangler dev", () => {
  it("reserve → checkout → pay: order paid, units sold, fulfillment job enqueued", async () => {
    const product = await dev.req("POST", "/admin/v1/products", { ...admin, body: { slug: "tee", title: "Tee", kind: "physical", priceCents: 2000, stock: 10 } });
    const variantId = product.json.product.variants[0].id;
    const drop = await dev.req("POST", "/admin/v1/drops", {
      ...admin,
      body: { slug: "now", title: "Now", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 2, items: [{ variantId, quantity: 5 }] },
    });
    expect(drop.status).toBe(201);
    const dropId = drop.json.drop.id;
    const held = await dev.req("POST", `/api/v1/drops/${dropId}/reservations`, { body: { variantId, quantity: 2, email: "fan@example.com" }, headers: { "cf-connecting-ip": "198.51.100.20" } });
    expect(held.status).toBe(201);
    const started = await dev.req("POST", "/api/v1/checkout", { body: { dropId, reservationId: held.json.reservation.id } });
    expect(started.status).toBe(201);
    expect(started.json.checkoutUrl).toBe(`${dev.server.url}/dev/checkout/${started.json.checkoutSessionId}`);
    const page = await dev.req("GET", new URL(started.json.checkoutUrl).pathname);
    expect(page.text).toContain("Simulated checkout");
    const paid = await dev.req("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`);
    expect(paid.status).toBe(200);
    expect(paid.json.order.status).toBe("paid");
    const counts = await dev.req("GET", `/admin/v1/drops/${dropId}`, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ quantity: 5, sold: 2, held: 0, available: 3 });
    const order = await dev.req("GET", `/admin/v1/orders/${started.json.order.id}`, admin);
    expect(order.json.order.fulfillment).toMatchObject({ jobId: expect.stringMatching(/^job_/) });
    expect(order.json.order.shippingAddress).toMatchObject({ address: { country: "US" } });
  });

  it("a paid digital order shows a download link on its order page that returns the uploaded bytes", async () => {
    const product = await dev.req("POST", "/admin/v1/products", { ...admin, body: { slug: "zine", title: "Zine", kind: "digital", priceCents: 800 } });
    const productId = product.json.product.id;
    const file = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7) % 251);
    const upload = await dev.req("PUT", `/admin/v1/products/${productId}/file?filename=zine.pdf`, { ...admin, rawBody: file, headers: { "content-type": "application/pdf" } });
    expect(upload.status).toBe(200);
    const started = await dev.req("POST", "/api/v1/checkout", { body: { handle, email: "reader@example.com", items: [{ variantId: product.json.product.variants[0].id, quantity: 1 }] } });
    expect(started.status).toBe(201);
    const paid = await dev.req("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`, { headers: { accept: "text/html" } });
    expect(paid.status).toBe(303);
    const orderPage = paid.headers.get("location")!;
    const link = await eventually(async () => {
      const html = (await dev.req("GET", orderPage)).text;
      return /href="([^"]*\/downloads\/[^"]+)"/.exec(html)?.[1];
    });
    const download = await fetch(link.replace(/&amp;/g, "&"));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="zine.pdf"');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(file);
    const order = await eventually(async () => {
      const res = await dev.req("GET", `/api/v1/orders/${started.json.order.id}?token=${started.json.orderToken}`);
      return res.json.order.status === "fulfilled" ? res.json.order : undefined;
    });
    expect(order.downloads[0].remaining).toBe(4);
  });
});
