// Discount codes (API.md "Discounts", checkout `discountCode`, late payments with a code): the admin API, the pricing,
// every refusal, and the invariant that matters most — however many checkouts race, a code is never over-redeemed.
import { afterEach, describe, expect, it } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct, unique, type TestCreator } from "../helpers/api";
import { adminOrder, buyerOrder, checkout } from "../helpers/checkout";
import { makeDrop, nextIp, reserve } from "../helpers/drops";
import { captureJobs, runConsumer } from "../helpers/fulfillment";
import { outboxOf } from "../helpers/stored";
import { mockStripeApi } from "../helpers/stripe";

async function makeCode(c: TestCreator, body: Record<string, unknown>) {
  const res = await c.api("POST", "/discounts", { body: { code: unique("CODE").replace(/[^A-Za-z0-9-]/g, ""), ...body } });
  if (res.status !== 201) throw new Error(`makeCode failed: ${res.status} ${res.text}`);
  return res.json.discount as { id: string; code: string };
}

/** An untracked product (no stock to run out), so a race is about the code alone. */
const untracked = (c: TestCreator, overrides: Record<string, unknown> = {}) => makeProduct(c, { priceCents: 1000, variants: [{ sku: unique("S"), title: "Tee", stock: null }], ...overrides });

const cart = (c: TestCreator, items: { variantId: string; quantity: number }[], discountCode?: string, email = `${unique("fan")}@example.com`) =>
  checkout({ handle: c.creator.handle, email, items, ...(discountCode !== undefined && { discountCode }) });

const settle = (sessionId: string, how: "complete" | "cancel") => call("POST", `/dev/checkout/${sessionId}/${how}`);

describe("discount codes in the admin API", () => {
  it("creates, lists, reads, changes and deactivates a code; codes are case-insensitive and unique per store", async () => {
    const c = await makeCreator();
    const created = await c.api("POST", "/discounts", { body: { code: "Summer20", amountOffCents: 500, maxRedemptions: 3, perBuyerLimit: 1 } });
    expect(created.status).toBe(201);
    expect(created.json.discount).toMatchObject({ code: "Summer20", amountOffCents: 500, currency: "usd", percentOff: null, maxRedemptions: 3, perBuyerLimit: 1, active: true, redemptions: 0 });
    const id = created.json.discount.id;
    expect((await c.api("POST", "/discounts", { body: { code: "SUMMER20", percentOff: 5 } })).status).toBe(409);
    // Another store may use the same code.
    expect((await (await makeCreator()).api("POST", "/discounts", { body: { code: "summer20", percentOff: 5 } })).status).toBe(201);

    const patched = await c.api("PATCH", `/discounts/${id}`, { body: { percentOff: 25, endsAt: "2099-01-01T00:00:00Z" } });
    expect(patched.status).toBe(200);
    expect(patched.json.discount).toMatchObject({ percentOff: 25, amountOffCents: null, currency: null, endsAt: "2099-01-01T00:00:00.000Z" });
    expect((await c.api("GET", "/discounts")).json.items.map((d: { id: string }) => d.id)).toEqual([id]);
    const deleted = await c.api("DELETE", `/discounts/${id}`);
    expect(deleted.json.discount.active).toBe(false);
    expect((await c.api("GET", `/discounts/${id}`)).json.discount.active).toBe(false);
  });

  it("refuses bad terms and another store's products or drops in the scope", async () => {
    const c = await makeCreator();
    const other = await makeCreator();
    const theirs = await makeProduct(other);
    const { dropId } = await makeDrop(other);
    for (const body of [{ percentOff: 0 }, { percentOff: 101 }, { percentOff: 10, amountOffCents: 100 }, {}, { percentOff: 10, currency: "usd" }, { percentOff: 10, productIds: [theirs.id] }, { percentOff: 10, dropIds: [dropId] }]) {
      const res = await c.api("POST", "/discounts", { body: { code: unique("BAD"), ...body } });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("another store's code is not found, whatever the call", async () => {
    const c = await makeCreator();
    const { id } = await makeCode(c, { percentOff: 10 });
    const other = await makeCreator();
    for (const [method, body] of [["GET"], ["PATCH", { percentOff: 99 }], ["DELETE"]] as const) expect((await other.api(method, `/discounts/${id}`, { body })).status).toBe(404);
    expect((await other.api("GET", "/discounts")).json.items).toEqual([]);
    expect((await c.api("GET", `/discounts/${id}`)).json.discount).toMatchObject({ percentOff: 10, active: true });
  });
});

describe("checkout with a discount code", () => {
  it("500 buyers racing for a 50-use code: exactly 50 orders carry it, the rest are told it is used up, and expiring those 50 frees it", async () => {
    const c = await makeCreator();
    const product = await untracked(c);
    const { id, code } = await makeCode(c, { percentOff: 20, maxRedemptions: 50 });
    const answers = await Promise.all(Array.from({ length: 500 }, () => cart(c, [{ variantId: product.variants[0].id, quantity: 1 }], code.toLowerCase())));
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(50);
    for (const r of won) expect(r.json.order).toMatchObject({ discountCents: 200, totalCents: 800 });
    const lost = answers.filter((r) => r.status !== 201);
    expect(new Set(lost.map((r) => `${r.status} ${r.json.error.code} ${r.json.error.details.reason}`))).toEqual(new Set(["409 discount_unavailable used_up"]));

    // The 50 pending orders end before payment: each gives its use back at once.
    await Promise.all(won.map((r) => settle(r.json.checkoutSessionId, "cancel")));
    const again = await cart(c, [{ variantId: product.variants[0].id, quantity: 1 }], code);
    expect(again.status).toBe(201);
    expect(again.json.order.discountCents).toBe(200);
    expect((await c.api("GET", `/discounts/${id}`)).json.discount.redemptions).toBe(0);
  });

  it("one buyer racing with a per-buyer limit of 2 gets the code twice; another buyer still can", async () => {
    const c = await makeCreator();
    const product = await untracked(c);
    const { code } = await makeCode(c, { amountOffCents: 100, perBuyerLimit: 2 });
    const line = [{ variantId: product.variants[0].id, quantity: 1 }];
    const answers = await Promise.all(Array.from({ length: 12 }, () => cart(c, line, code, "Same@Example.com")));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(2);
    for (const r of answers.filter((r) => r.status !== 201)) expect(r.json.error).toMatchObject({ code: "discount_unavailable", details: { reason: "buyer_limit" } });
    expect((await cart(c, line, code)).status).toBe(201);
  });

  it("percent off floors over the lines in scope; a fixed amount is capped at them; shipping-free totals add up", async () => {
    const c = await makeCreator();
    const a = await untracked(c, { priceCents: 999 });
    const b = await untracked(c, { priceCents: 1001 });
    const lines = [{ variantId: a.variants[0].id, quantity: 1 }, { variantId: b.variants[0].id, quantity: 2 }];
    const pct = await makeCode(c, { percentOff: 15, productIds: [a.id] });
    const res = await cart(c, lines, pct.code);
    expect(res.json.order).toMatchObject({ discountCents: 149, totalCents: 999 + 2002 - 149 });
    const order = await adminOrder(c, res.json.order.id);
    expect(order).toMatchObject({ discountCode: pct.code, discountCents: 149, totalCents: 2852 });

    const big = await makeCode(c, { amountOffCents: 5000, productIds: [b.id] });
    expect((await cart(c, lines, big.code)).json.order).toMatchObject({ discountCents: 2002, totalCents: 999 });
    const all = await makeCode(c, { percentOff: 33 });
    expect((await cart(c, lines, all.code)).json.order).toMatchObject({ discountCents: Math.floor(3001 * 0.33), totalCents: 3001 - 990 });
  });

  it("a code scoped to a drop applies to that drop's checkout only", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    const { code } = await makeCode(c, { percentOff: 50, dropIds: [dropId] });
    const held = await reserve(dropId, { variantId, quantity: 2, email: "fan@example.com" });
    const res = await checkout({ dropId, reservationId: held.json.reservation.id, discountCode: code });
    expect(res.status).toBe(201);
    expect(res.json.order).toMatchObject({ discountCents: 2500, totalCents: 2500 });
    const other = await untracked(c);
    expect((await cart(c, [{ variantId: other.variants[0].id, quantity: 1 }], code)).json.error.details).toEqual({ reason: "not_applicable" });
  });

  it("refuses each unusable code with its reason, and a blank code is no code", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const line = [{ variantId: p.variants[0].id, quantity: 1 }];
    const day = 86_400_000;
    const inactive = await makeCode(c, { percentOff: 10 });
    await c.api("DELETE", `/discounts/${inactive.id}`);
    const cases: [string, string][] = [
      ["NOPE-NOT-A-CODE", "unknown"],
      [inactive.code, "inactive"],
      [(await makeCode(c, { percentOff: 10, startsAt: new Date(Date.now() + day).toISOString() })).code, "not_started"],
      [(await makeCode(c, { percentOff: 10, startsAt: new Date(Date.now() - 2 * day).toISOString(), endsAt: new Date(Date.now() - day).toISOString() })).code, "expired"],
      [(await makeCode(c, { percentOff: 10, maxRedemptions: 1 })).code, "used_up"],
      [(await makeCode(c, { amountOffCents: 100, currency: "eur" })).code, "not_applicable"],
      [(await makeCode(c, { percentOff: 10, productIds: [(await makeProduct(c)).id] })).code, "not_applicable"],
    ];
    expect((await cart(c, line, cases[4]![0])).status).toBe(201); // takes the single use
    for (const [code, reason] of cases) {
      const res = await cart(c, line, code);
      expect(res.status, code).toBe(409);
      expect(res.json.error, code).toMatchObject({ code: "discount_unavailable", details: { reason } });
    }
    expect((await cart(c, line, "")).json.order).toMatchObject({ discountCents: 0, totalCents: 1000 });
  });

  it("a 100 % code makes a free order, paid at once; a discounted total below the minimum charge is refused", async () => {
    const c = await makeCreator();
    // Nothing to ship: a free order that ships goes through checkout (below).
    const p = await untracked(c, { kind: "membership" });
    const free = await makeCode(c, { percentOff: 100, maxRedemptions: 1 });
    const res = await cart(c, [{ variantId: p.variants[0].id, quantity: 1 }], free.code);
    expect(res.json).toMatchObject({ order: { status: "paid", totalCents: 0, discountCents: 1000 }, checkoutSessionId: null });
    expect((await c.api("GET", `/discounts/${free.id}`)).json.discount.redemptions).toBe(1);
    const near = await makeCode(c, { amountOffCents: 990 });
    const low = await cart(c, [{ variantId: p.variants[0].id, quantity: 1 }], near.code);
    expect(low.status).toBe(400);
    expect(low.json.error.code).toBe("invalid_input");
  });
});

describe("a discount code with shipping and tax", () => {
  const RATE = { name: "Standard", amountCents: 500 };

  it("free items that ship need a rate and go through checkout; the minimum charge counts the cheapest rate", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const free = await makeCode(c, { percentOff: 100 });
    const near = await makeCode(c, { amountOffCents: 990 });
    const line = [{ variantId: p.variants[0].id, quantity: 1 }];
    // No rate: nothing to charge for the address, and $0.10 of items is below the minimum charge.
    for (const code of [free.code, near.code]) expect((await cart(c, line, code)).json.error.code).toBe("invalid_input");
    expect((await c.api("PATCH", "/settings", { body: { shippingRates: [RATE] } })).status).toBe(200);
    const res = await cart(c, line, free.code);
    expect(res.json).toMatchObject({ order: { status: "pending", totalCents: 0, discountCents: 1000 } });
    expect(res.json.checkoutSessionId).toEqual(expect.any(String));
    expect((await settle(res.json.checkoutSessionId, "complete")).json.order.status).toBe("paid");
    expect(await adminOrder(c, res.json.order.id)).toMatchObject({ totalCents: 500, shippingCents: 500, taxCents: 0, discountCents: 1000 });
    expect((await cart(c, line, near.code)).json.order).toMatchObject({ status: "pending", totalCents: 10, discountCents: 990 });
  });

  it("once paid, the total is the discounted items plus shipping, and a refund refunds that", async () => {
    const c = await makeCreator();
    expect((await c.api("PATCH", "/settings", { body: { shippingRates: [RATE] } })).status).toBe(200);
    const p = await untracked(c);
    const { code } = await makeCode(c, { percentOff: 10 });
    const res = await cart(c, [{ variantId: p.variants[0].id, quantity: 2 }], code);
    expect(res.json.order).toMatchObject({ totalCents: 1800, discountCents: 200 });
    // The simulated checkout shows the discount as its own line, as the order page and the receipt do.
    expect((await call("GET", `/dev/checkout/${res.json.checkoutSessionId}`)).text).toContain(`Discount (${code}) — −$2.00`);
    const jobs = captureJobs();
    expect((await settle(res.json.checkoutSessionId, "complete")).json.order.status).toBe("paid");
    await runConsumer(jobs);
    expect(await adminOrder(c, res.json.order.id)).toMatchObject({ totalCents: 2300, shippingCents: 500, discountCents: 200 });
    expect((await outboxOf(res.json.order.id, "receipt"))[0]?.body).toContain(`Discount (${code}): −$2.00\nShipping: $5.00\nTotal: $23.00`);
    expect((await c.api("POST", `/orders/${res.json.order.id}/refund`)).status).toBeLessThan(300);
    expect((await adminOrder(c, res.json.order.id)).refund).toMatchObject({ amountCents: 2300 });
  });
});

describe("a discount code in the storefront's forms", () => {
  it("the product page and the drop page ask for a code, and their no-JS forms apply it", async () => {
    const c = await makeCreator();
    const p = await untracked(c, { slug: unique("tee") });
    const { dropId, variantId, drop } = await makeDrop(c, { quantity: 3 });
    const { code } = await makeCode(c, { percentOff: 50 });
    const productPage = await call("GET", `/${c.creator.handle}/products/${p.slug}`);
    const dropPage = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    for (const page of [productPage, dropPage]) expect(page.text).toMatch(/Discount code<input name="discountCode" maxlength="40" placeholder="Optional"/);
    const post = (path: string, fields: Record<string, string>) =>
      call("POST", `/${c.creator.handle}/${path}`, { rawBody: new URLSearchParams({ quantity: "1", email: "nojs@example.com", discountCode: code.toLowerCase(), ...fields }).toString(), headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": nextIp() } });
    expect((await post(`products/${p.slug}/buy`, { variantId: p.variants[0].id })).status).toBe(303);
    expect((await post(`drops/${drop.slug}/reserve`, { variantId })).status).toBe(303);
    const orders = (await c.api("GET", "/orders")).json.items;
    expect(orders.map((o: { discountCents: number; dropId: string | null }) => [o.dropId, o.discountCents])).toEqual([[dropId, 1250], [null, 500]]);
  });
});

describe("paying with a discount code", () => {
  it("counts the paid order; the order, its page, the receipt, the buyer's view and the stats show the discount", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const { id, code } = await makeCode(c, { percentOff: 10, maxRedemptions: 5 });
    const res = await cart(c, [{ variantId: p.variants[0].id, quantity: 2 }], code);
    const jobs = captureJobs();
    expect((await settle(res.json.checkoutSessionId, "complete")).json.order.status).toBe("paid");
    await runConsumer(jobs);
    expect((await outboxOf(res.json.order.id, "receipt"))[0]?.body).toContain(`Discount (${code}): −$2.00\nTotal: $18.00`);
    const page = await call("GET", `/${c.creator.handle}/orders/${res.json.order.id}?token=${res.json.orderToken}`);
    expect(page.text).toMatch(new RegExp(`Discount \\(${code}\\)</span> <span>−\\$2\\.00`));
    expect((await c.api("GET", `/discounts/${id}`)).json.discount.redemptions).toBe(1);
    expect(await buyerOrder(res.json.order.id, res.json.orderToken)).toMatchObject({ discountCode: code, discountCents: 200, totalCents: 1800 });
    const stats = await c.api("GET", "/stats");
    expect(stats.json.revenue).toEqual([{ currency: "usd", grossCents: 1800, refundedCents: 0, netCents: 1800, discountCents: 200 }]);
  });

  it("a late payment re-claims its released use while the code has one left", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const { id, code } = await makeCode(c, { amountOffCents: 300, maxRedemptions: 1 });
    const res = await cart(c, [{ variantId: p.variants[0].id, quantity: 1 }], code);
    await settle(res.json.checkoutSessionId, "cancel");
    expect((await adminOrder(c, res.json.order.id)).status).toBe("expired");
    expect((await settle(res.json.checkoutSessionId, "complete")).json.order.status).toBe("paid");
    expect((await c.api("GET", `/discounts/${id}`)).json.discount.redemptions).toBe(1);
    expect((await cart(c, [{ variantId: p.variants[0].id, quantity: 1 }], code)).json.error.details.reason).toBe("used_up");
  });

  it("a late payment whose code was used up meanwhile is canceled and refunded; the buyer who took the code keeps it", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const { id, code } = await makeCode(c, { amountOffCents: 300, maxRedemptions: 1 });
    const line = [{ variantId: p.variants[0].id, quantity: 1 }];
    const late = await cart(c, line, code);
    await settle(late.json.checkoutSessionId, "cancel");
    const taker = await cart(c, line, code);
    expect(taker.status).toBe(201);
    expect((await settle(late.json.checkoutSessionId, "complete")).json.order).toMatchObject({ status: "canceled", refund: { amountCents: 700 } });
    expect((await settle(taker.json.checkoutSessionId, "complete")).json.order.status).toBe("paid");
    expect((await c.api("GET", `/discounts/${id}`)).json.discount.redemptions).toBe(1);
  });
});

describe("discounts at Stripe", () => {
  let stripe: ReturnType<typeof mockStripeApi> | undefined;
  afterEach(() => stripe?.restore());

  it("sends the discounted unit amounts, splitting a line whose discount does not divide by its quantity", async () => {
    const c = await makeCreator();
    const a = await untracked(c);
    const b = await untracked(c, { priceCents: 500 });
    const { code } = await makeCode(c, { amountOffCents: 100, productIds: [a.id] });
    stripe = mockStripeApi();
    const res = await callWithEnv({ STRIPE_SECRET_KEY: "sk_test_dropfront", ENVIRONMENT: "production" }, "POST", "/api/v1/checkout", {
      body: { handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: a.variants[0].id, quantity: 3 }, { variantId: b.variants[0].id, quantity: 1 }], discountCode: code },
      headers: { "cf-connecting-ip": nextIp() },
    });
    expect(res.status).toBe(201);
    expect(res.json.order).toMatchObject({ totalCents: 3400, discountCents: 100 });
    const { params } = stripe.calls.find((x) => x.path === "/v1/checkout/sessions")!;
    const lines = [0, 1, 2, 3].map((i) => [params.get(`line_items[${i}][quantity]`), params.get(`line_items[${i}][price_data][unit_amount]`)]);
    // 3 × 1000 − 100 = 2900 = 966 + 2 × 967; the out-of-scope line is untouched.
    expect(lines).toEqual([["1", "966"], ["2", "967"], ["1", "500"], [null, null]]);
    expect(params.get("payment_intent_data[application_fee_amount]")).toBeNull();
    // Without automaticTax no Stripe Tax; with it the discounted lines are before tax, like every price.
    expect(params.has("line_items[1][price_data][tax_behavior]")).toBe(false);
    expect((await c.api("PATCH", "/settings", { body: { automaticTax: true } })).status).toBe(200);
    const taxed = await callWithEnv({ STRIPE_SECRET_KEY: "sk_test_dropfront", ENVIRONMENT: "production" }, "POST", "/api/v1/checkout", {
      body: { handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: a.variants[0].id, quantity: 3 }], discountCode: code },
      headers: { "cf-connecting-ip": nextIp() },
    });
    expect(taxed.status).toBe(201);
    const taxedParams = stripe.calls.filter((x) => x.path === "/v1/checkout/sessions").at(-1)!.params;
    expect(taxedParams.get("automatic_tax[enabled]")).toBe("true");
    expect([0, 1].map((i) => [params.get(`line_items[${i}][price_data][unit_amount]`), taxedParams.get(`line_items[${i}][price_data][tax_behavior]`)])).toEqual([["966", "exclusive"], ["967", "exclusive"]]);
  });

  it("a session Stripe refuses gives the code's use back at once, with the cart's units", async () => {
    const c = await makeCreator();
    const p = await untracked(c);
    const { code } = await makeCode(c, { percentOff: 10, maxRedemptions: 1 });
    stripe = mockStripeApi();
    stripe.failNext("/v1/checkout/sessions", 1);
    const attempt = () =>
      callWithEnv({ STRIPE_SECRET_KEY: "sk_test_dropfront", ENVIRONMENT: "production" }, "POST", "/api/v1/checkout", {
        body: { handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: p.variants[0].id, quantity: 1 }], discountCode: code },
        headers: { "cf-connecting-ip": nextIp() },
      });
    expect((await attempt()).status).toBeGreaterThanOrEqual(500);
    const retried = await attempt();
    expect(retried.status).toBe(201);
    expect(retried.json.order).toMatchObject({ totalCents: 900, discountCents: 100 });
  });
});
