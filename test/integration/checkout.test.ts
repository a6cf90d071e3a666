import { describe, expect, it } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct, unique } from "../helpers/api";
import { adminOrder, checkout, pendingDropOrder } from "../helpers/checkout";
import { atFreshRateWindow, counts, makeDrop, reserve, sleep, dropStub } from "../helpers/drops";
import { bytes, digitalProduct, uploadFile } from "../helpers/fulfillment";
import { holdExpiryOf } from "../helpers/stored";
import { runDurableObjectAlarm } from "cloudflare:test";

describe("POST /api/v1/checkout for a drop reservation", () => {
  it("creates a pending order priced from the drop, with an order token and an absolute checkout URL", async () => {
    const c = await makeCreator();
    const made = await makeDrop(c, { quantity: 5 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 2, email: "Buyer@Example.com" });
    const res = await checkout({ dropId: made.dropId, reservationId: held.json.reservation.id });
    expect(res.status).toBe(201);
    expect(res.json.order).toEqual({ id: expect.stringMatching(/^ord_/), status: "pending", totalCents: 5000, currency: "usd", discountCents: 0 });
    expect(res.json.orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json.checkoutSessionId).toMatch(/^cs_sim_/);
    expect(res.json.checkoutUrl).toBe(`http://localhost/dev/checkout/${res.json.checkoutSessionId}`);
    expect(await adminOrder(c, res.json.order.id)).toMatchObject({ buyerEmail: "buyer@example.com", status: "pending", reservationId: held.json.reservation.id });
  });

  it("a second checkout for the same reservation returns the same order", async () => {
    const c = await makeCreator();
    const made = await makeDrop(c, { quantity: 5 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 1, email: "b@example.com" });
    const body = { dropId: made.dropId, reservationId: held.json.reservation.id };
    const results = await Promise.all([checkout(body), checkout(body), checkout(body)]);
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.json.order.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.json.checkoutSessionId)).size).toBe(1);
    expect(results[0]!.json.orderToken).toBe(results[2]!.json.orderToken);
  });

  it("never takes a price from the client", async () => {
    const c = await makeCreator();
    const made = await makeDrop(c, { quantity: 5 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 1, email: "b@example.com" });
    const res = await checkout({ dropId: made.dropId, reservationId: held.json.reservation.id, totalCents: 1 });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].field).toBe("totalCents");
  });

  it("a released or unknown reservation cannot be checked out", async () => {
    const c = await makeCreator();
    const made = await makeDrop(c, { quantity: 5 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 1, email: "b@example.com" });
    await call("DELETE", `/api/v1/drops/${made.dropId}/reservations/${held.json.reservation.id}`);
    const released = await checkout({ dropId: made.dropId, reservationId: held.json.reservation.id });
    expect(released.status).toBe(409);
    expect(released.json.error.code).toBe("reservation_expired");
    const unknown = await checkout({ dropId: made.dropId, reservationId: "res_00000000000000000000000000" });
    expect(unknown.status).toBe(404);
  });

  it("answers 503 payments_unavailable in production without a Stripe key", async () => {
    const c = await makeCreator();
    const made = await makeDrop(c, { quantity: 5 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 1, email: "b@example.com" });
    const res = await callWithEnv({ ENVIRONMENT: "production", STRIPE_SECRET_KEY: "" }, "POST", "/api/v1/checkout", {
      body: { dropId: made.dropId, reservationId: held.json.reservation.id },
      headers: { "cf-connecting-ip": "203.0.113.200" },
    });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("payments_unavailable");
  });
});

describe("simulated processor", () => {
  it("Pay completes the order through the signed webhook path: paid, units sold, one fulfillment job", async () => {
    const c = await makeCreator();
    const { order, dropId, checkout: started } = await pendingDropOrder(c, { quantity: 3 });
    const page = await call("GET", `/dev/checkout/${order.checkoutSessionId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Simulated checkout");
    const res = await call("POST", `/dev/checkout/${order.checkoutSessionId}/complete`);
    expect(res.status).toBe(200);
    expect(res.json.order).toMatchObject({ id: order.id, status: "paid" });
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 2, held: 0, sold: 1 });
    expect((await adminOrder(c, order.id)).fulfillment).not.toBeNull();
    expect((await adminOrder(c, order.id)).paymentIntentId).toMatch(/^pi_sim_/);
    // The buyer's views agree.
    const api = await call("GET", `/api/v1/orders/${order.id}?token=${started.orderToken}`);
    expect(api.json.order).toMatchObject({ id: order.id, status: "paid", totalCents: 2500 });
    const html = await call("GET", `/${c.creator.handle}/orders/${order.id}?token=${started.orderToken}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('data-status="paid"');
  });

  it("a browser gets a 303 to the order page", async () => {
    const c = await makeCreator();
    const { order, checkout: started } = await pendingDropOrder(c);
    const res = await call("POST", `/dev/checkout/${order.checkoutSessionId}/complete`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/${c.creator.handle}/orders/${order.id}?token=${started.orderToken}`);
  });

  it("Cancel expires the order and returns its units at once", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 3 });
    const res = await call("POST", `/dev/checkout/${order.checkoutSessionId}/cancel`);
    expect(res.json.order.status).toBe("expired");
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 3, held: 0, sold: 0 });
  });

  it("paying after the hold expired re-reserves when units remain (the late-payment path offline)", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 3, holdSeconds: 1 });
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 3, held: 0 });
    const res = await call("POST", `/dev/checkout/${order.checkoutSessionId}/complete`);
    expect(res.json.order.status).toBe("paid");
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 2, sold: 1 });
  });

  it("the dev checkout does not exist outside development", async () => {
    const c = await makeCreator();
    const { order } = await pendingDropOrder(c);
    const res = await callWithEnv({ ENVIRONMENT: "production" }, "POST", `/dev/checkout/${order.checkoutSessionId}/complete`);
    expect(res.status).toBe(404);
    expect((await adminOrder(c, order.id)).status).toBe("pending");
  });
});

describe("order views", () => {
  it("a wrong order token is a 404 on the API and the page", async () => {
    const c = await makeCreator();
    const { order } = await pendingDropOrder(c);
    expect((await call("GET", `/api/v1/orders/${order.id}?token=wrong`)).status).toBe(404);
    expect((await call("GET", `/api/v1/orders/${order.id}`)).status).toBe(404);
    const page = await call("GET", `/${c.creator.handle}/orders/${order.id}?token=wrong`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
});

describe("cart checkout", () => {
  it("reserves every line for 30 minutes and prices from the catalog", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { priceCents: 3000, variants: [{ sku: unique("T"), title: "M", stock: 5 }, { sku: unique("T"), title: "L", priceCents: 3200, stock: 5 }] });
    const zine = await digitalProduct(c, { priceCents: 800 });
    const res = await checkout({
      handle: c.creator.handle,
      email: "cart@example.com",
      items: [{ variantId: tee.variants[0].id, quantity: 2 }, { variantId: tee.variants[1].id, quantity: 1 }, { variantId: zine.variants[0].id, quantity: 1 }],
    });
    expect(res.status).toBe(201);
    expect(res.json.order).toMatchObject({ status: "pending", totalCents: 2 * 3000 + 3200 + 800, currency: "usd" });
    expect((await holdExpiryOf(res.json.order.id)) - Date.now()).toBeGreaterThan(29 * 60_000);
    const paid = await call("POST", `/dev/checkout/${res.json.checkoutSessionId}/complete`);
    expect(paid.json.order.status).toBe("paid");
    expect((await adminOrder(c, res.json.order.id)).shippingAddress).toMatchObject({ address: { country: "US" } });
  });

  it("reserves all lines or none, naming each short variant", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, { variants: [{ sku: unique("A"), title: "A", stock: 5 }, { sku: unique("B"), title: "B", stock: 1 }] });
    const [a, b] = p.variants;
    const res = await checkout({ handle: c.creator.handle, email: "x@example.com", items: [{ variantId: a.id, quantity: 2 }, { variantId: b.id, quantity: 3 }] });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("sold_out");
    expect(res.json.error.details).toEqual([{ variantId: b.id, requested: 3, available: 1 }]);
    const again = await checkout({ handle: c.creator.handle, email: "x@example.com", items: [{ variantId: a.id, quantity: 5 }] });
    expect(again.status).toBe(201);
  });

  it("refuses mixed currencies, repeated variants, unknown or draft products", async () => {
    const c = await makeCreator();
    const usd = await makeProduct(c, { currency: "usd" });
    const eur = await makeProduct(c, { currency: "eur" });
    const draft = await makeProduct(c, { status: "draft" });
    const base = { handle: c.creator.handle, email: "x@example.com" };
    const mixed = await checkout({ ...base, items: [{ variantId: usd.variants[0].id, quantity: 1 }, { variantId: eur.variants[0].id, quantity: 1 }] });
    expect(mixed.status).toBe(400);
    const repeated = await checkout({ ...base, items: [{ variantId: usd.variants[0].id, quantity: 1 }, { variantId: usd.variants[0].id, quantity: 1 }] });
    expect(repeated.status).toBe(400);
    expect((await checkout({ ...base, items: [{ variantId: draft.variants[0].id, quantity: 1 }] })).status).toBe(404);
    const other = await makeCreator();
    const foreign = await makeProduct(other);
    expect((await checkout({ ...base, items: [{ variantId: foreign.variants[0].id, quantity: 1 }] })).status).toBe(404);
  });

  it("checkouts are rate limited per client IP with Retry-After", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c, { priceCents: 500 });
    const body = { handle: c.creator.handle, email: "many@example.com", items: [{ variantId: zine.variants[0].id, quantity: 1 }] };
    await atFreshRateWindow();
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await checkout(body, { "cf-connecting-ip": "203.0.113.99" }));
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true);
    expect(results[20]!.status).toBe(429);
    expect(results[20]!.json.error.code).toBe("rate_limited");
    expect(results[20]!.headers.get("retry-after")).toBe("10");
  });

  it("an idempotent retry returns the same order without reserving twice", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, { variants: [{ sku: unique("A"), title: "A", stock: 4 }] });
    const body = { handle: c.creator.handle, email: "Retry@Example.com", items: [{ variantId: p.variants[0].id, quantity: 2 }] };
    const first = await checkout(body, { "idempotency-key": "cart-1" });
    const second = await checkout({ ...body }, { "idempotency-key": "cart-1" });
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    const third = await checkout({ ...body, items: [{ variantId: p.variants[0].id, quantity: 1 }] }, { "idempotency-key": "cart-1" });
    expect(third.json.error.code).toBe("conflict");
    const other = await checkout(body, { "idempotency-key": "cart-2" });
    expect(other.status).toBe(201);
    const blocked = await checkout(body, { "idempotency-key": "cart-3" });
    expect(blocked.json.error.code).toBe("sold_out");
  });
});

describe("a digital product without its file is not for sale", () => {
  it("a cart with it is refused with no_file and holds nothing; once the file is uploaded it sells", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { variants: [{ sku: unique("T"), title: "M", stock: 1 }] });
    const zine = await makeProduct(c, { kind: "digital", priceCents: 800 });
    expect((await c.api("GET", `/products/${zine.id}`)).json.product.hasFile).toBe(false);
    const base = { handle: c.creator.handle, email: "fan@example.com" };
    const refused = await checkout({ ...base, items: [{ variantId: tee.variants[0].id, quantity: 1 }, { variantId: zine.variants[0].id, quantity: 1 }] });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "conflict", details: { variantId: zine.variants[0].id, reason: "no_file" } });
    // The tee's only unit was not held by the refused cart.
    expect((await checkout({ ...base, items: [{ variantId: tee.variants[0].id, quantity: 1 }] })).status).toBe(201);

    expect((await uploadFile(c, zine.id, bytes(10))).status).toBe(200);
    expect((await c.api("GET", `/products/${zine.id}`)).json.product.hasFile).toBe(true);
    expect((await checkout({ ...base, items: [{ variantId: zine.variants[0].id, quantity: 1 }] })).status).toBe(201);
  });

  it("a drop checkout for it is refused and leaves the buyer's hold as it was", async () => {
    const c = await makeCreator();
    const zine = await makeProduct(c, { kind: "digital", priceCents: 800, variants: [{ sku: unique("Z"), title: "PDF", stock: 5 }] });
    const variantId = zine.variants[0].id;
    const drop = await c.api("POST", "/drops", { body: { slug: unique("drop"), title: "Zine drop", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 5, items: [{ variantId, quantity: 5 }] } });
    expect(drop.status).toBe(201);
    const dropId = drop.json.drop.id;
    const held = await reserve(dropId, { variantId, quantity: 2, email: "fan@example.com" });
    expect(held.status).toBe(201);
    const refused = await checkout({ dropId, reservationId: held.json.reservation.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "conflict", details: { variantId, reason: "no_file" } });
    expect(await counts(dropId)).toMatchObject({ items: [expect.objectContaining({ held: 2, sold: 0 })] });

    expect((await uploadFile(c, zine.id, bytes(10))).status).toBe(200);
    const sold = await checkout({ dropId, reservationId: held.json.reservation.id });
    expect(sold.status).toBe(201);
    expect(sold.json.order.totalCents).toBe(1600);
  });
});
