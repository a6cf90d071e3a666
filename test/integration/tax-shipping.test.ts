// Tax and shipping (API.md "Settings": automaticTax, shippingRates): Stripe Tax and shipping options on the creator's
// checkout sessions (proved by the intercepted Stripe request), the chosen rate and the tax landing in the order's
// total when paid, the simulated processor offering the same rates, and refunds that include shipping.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct, type TestCreator } from "../helpers/api";
import { adminOrder, checkout } from "../helpers/checkout";
import { makeDrop, nextIp, reserve, sleep } from "../helpers/drops";
import { captureJobs, digitalProduct } from "../helpers/fulfillment";
import { mockStripeApi, sessionObject, signedStripeEvent, stripeEvent } from "../helpers/stripe";

const STRIPE = { STRIPE_SECRET_KEY: "sk_test_dropfront", ENVIRONMENT: "production" };
const RATES = [
  { name: "Standard", amountCents: 500, minDays: 3, maxDays: 7 },
  { name: "Express", amountCents: 1500, maxDays: 2 },
];

afterEach(() => vi.restoreAllMocks());

async function shop(settings: Record<string, unknown> = { shippingRates: RATES }) {
  const c = await makeCreator();
  expect((await c.api("PATCH", "/settings", { body: settings })).status).toBe(200);
  const tee = await makeProduct(c, { priceCents: 3000, variants: [{ sku: `TEE-${Date.now()}`, title: "M", stock: 10 }] });
  return { c, tee };
}

const cartOf = (c: TestCreator, variantId: string) => ({ handle: c.creator.handle, email: "fan@example.com", items: [{ variantId, quantity: 1 }] });

describe("settings", () => {
  it("take automaticTax and up to five named shipping rates, refusing bad ones; [] offers none", async () => {
    const c = await makeCreator();
    expect((await c.api("GET", "/settings")).json.settings).toMatchObject({ automaticTax: false, shippingRates: [] });
    const set = await c.api("PATCH", "/settings", { body: { automaticTax: true, shippingRates: RATES } });
    expect(set.json.settings).toMatchObject({ automaticTax: true, shippingRates: RATES });
    for (const shippingRates of [
      [{ name: "Slow", amountCents: 100, minDays: 9, maxDays: 3 }],
      [RATES[0], { ...RATES[1], name: "standard" }],
      Array.from({ length: 6 }, (_, i) => ({ name: `R${i}`, amountCents: 100 })),
      [{ name: "Free?", amountCents: -1 }],
    ]) {
      expect((await c.api("PATCH", "/settings", { body: { shippingRates } })).status).toBe(400);
    }
    expect((await c.api("PATCH", "/settings", { body: { shippingRates: [] } })).json.settings.shippingRates).toEqual([]);
  });
});

describe("with Stripe", () => {
  let stripe: ReturnType<typeof mockStripeApi>;
  beforeEach(() => {
    stripe = mockStripeApi();
  });
  afterEach(() => stripe.restore());

  const sessionParams = () => stripe.calls.filter((x) => x.path === "/v1/checkout/sessions").at(-1)!.params;

  it("a session for physical items offers the creator's rates with their delivery estimates, and Stripe Tax when on", async () => {
    const { c, tee } = await shop({ shippingRates: RATES, automaticTax: true });
    expect((await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, tee.variants[0].id), headers: { "cf-connecting-ip": nextIp() } })).status).toBe(201);
    const params = sessionParams();
    expect(params.get("automatic_tax[enabled]")).toBe("true");
    // Prices and rates are before tax: Stripe Tax adds it on top, whatever the account's default.
    expect(params.get("line_items[0][price_data][tax_behavior]")).toBe("exclusive");
    expect(params.get("shipping_options[0][shipping_rate_data][tax_behavior]")).toBe("exclusive");
    expect(params.get("shipping_options[0][shipping_rate_data][type]")).toBe("fixed_amount");
    expect(params.get("shipping_options[0][shipping_rate_data][display_name]")).toBe("Standard");
    expect(params.get("shipping_options[0][shipping_rate_data][fixed_amount][amount]")).toBe("500");
    expect(params.get("shipping_options[0][shipping_rate_data][fixed_amount][currency]")).toBe("usd");
    expect(params.get("shipping_options[0][shipping_rate_data][delivery_estimate][minimum][value]")).toBe("3");
    expect(params.get("shipping_options[0][shipping_rate_data][delivery_estimate][maximum][unit]")).toBe("business_day");
    expect(params.get("shipping_options[1][shipping_rate_data][display_name]")).toBe("Express");
    expect(params.has("shipping_options[1][shipping_rate_data][delivery_estimate][minimum][value]")).toBe(false);
    expect(params.get("shipping_address_collection[allowed_countries][0]")).toBe("US");
  });

  it("a session Stripe refuses gives the cart's units back at once; a retry starts afresh", async () => {
    const { c, tee } = await shop();
    stripe.failNext("/v1/checkout/sessions", 1);
    const failed = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, tee.variants[0].id), headers: { "cf-connecting-ip": nextIp() } });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await call("GET", `/api/v1/products/${tee.id}`)).json.product.variants[0].available).toBe(10);
    const retried = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, tee.variants[0].id), headers: { "cf-connecting-ip": nextIp() } });
    expect(retried.status).toBe(201);
    await sleep(1_100); // past the product read's 1 s micro-cache
    expect((await call("GET", `/api/v1/products/${tee.id}`)).json.product.variants[0].available).toBe(9);
  });

  it("a drop checkout retried after a lost answer sends the terms its first attempt fixed, even if the settings changed between", async () => {
    const { c } = await shop({ shippingRates: RATES, automaticTax: true, stripeAccountId: "acct_1CreatorXYZ" });
    const made = await makeDrop(c, { quantity: 3 });
    const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 1, email: "fan@example.com" });
    const body = { dropId: made.dropId, reservationId: held.json.reservation.id };
    stripe.failNext("/v1/checkout/sessions", 1);
    expect((await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body, headers: { "cf-connecting-ip": nextIp() } })).status).toBeGreaterThanOrEqual(500);
    // The creator edits rates, tax and payouts before the buyer retries.
    await c.api("PATCH", "/settings", { body: { shippingRates: [{ name: "Courier", amountCents: 900 }], automaticTax: false, stripeAccountId: null } });
    const retried = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body, headers: { "cf-connecting-ip": nextIp() } });
    expect(retried.status).toBe(201);
    const attempts = stripe.calls.filter((x) => x.path === "/v1/checkout/sessions");
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    expect(attempts[1]!.params.toString()).toBe(attempts[0]!.params.toString());
    expect(attempts[1]!.params.get("shipping_options[0][shipping_rate_data][display_name]")).toBe("Standard");
    expect(attempts[1]!.params.get("payment_intent_data[transfer_data][destination]")).toBe("acct_1CreatorXYZ");
  });

  it("a refund reported before the payment's own event records what Stripe says went back, shipping and tax included", async () => {
    const { c, tee } = await shop({ shippingRates: RATES, automaticTax: true });
    captureJobs();
    const started = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, tee.variants[0].id), headers: { "cf-connecting-ip": nextIp() } });
    const orderId = started.json.order.id;
    const charge = { id: "ch_early_full", object: "charge", refunded: true, amount_refunded: 4860, payment_intent: `pi_test_${orderId.slice(4)}`, metadata: { orderId } };
    const { payload, signature } = await signedStripeEvent(stripeEvent("charge.refunded", charge));
    expect((await callWithEnv(STRIPE, "POST", "/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature } })).status).toBe(200);
    expect(await adminOrder(c, orderId)).toMatchObject({ status: "refunded", refund: { status: "succeeded", amountCents: 4860 } });
  });

  it("a digital-only cart gets no shipping options; without automaticTax no Stripe Tax", async () => {
    const { c } = await shop({ shippingRates: RATES, automaticTax: false });
    const zine = await digitalProduct(c);
    expect((await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, zine.variants[0].id), headers: { "cf-connecting-ip": nextIp() } })).status).toBe(201);
    const params = sessionParams();
    expect([...params.keys()].filter((k) => k.startsWith("shipping") || k.startsWith("automatic_tax"))).toEqual([]);
  });

  it("the completed session's shipping and tax land in the order's total once, however often the event arrives", async () => {
    const { c, tee } = await shop({ shippingRates: RATES, automaticTax: true });
    captureJobs();
    const started = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body: cartOf(c, tee.variants[0].id), headers: { "cf-connecting-ip": nextIp() } });
    const order = { id: started.json.order.id, checkoutSessionId: started.json.checkoutSessionId };
    // Express shipping 15.00 taxed 1.20 (inside amount_tax, and inside shipping_cost.amount_total), the tee's tax 2.40.
    const charged = { amount_total: 4860, shipping_cost: { amount_subtotal: 1500, amount_tax: 120, amount_total: 1620 }, total_details: { amount_tax: 360, amount_shipping: 1500 } };
    const event = stripeEvent("checkout.session.completed", sessionObject(order, charged));
    for (let i = 0; i < 2; i++) {
      const { payload, signature } = await signedStripeEvent(event);
      expect((await callWithEnv(STRIPE, "POST", "/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature } })).status).toBe(200);
    }
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "paid", shippingCents: 1500, taxCents: 360, totalCents: 4860 });
    const page = await call("GET", `/${c.creator.handle}/orders/${order.id}?token=${started.json.orderToken}`);
    expect(page.text).toContain("<span>Shipping</span> <span>$15.00</span>");
    expect(page.text).toContain("<span>Tax</span> <span>$3.60</span>");
  });
});

describe("free items that ship, and rates in the store's currency", () => {
  it("a free physical item is refused when no rate would make the checkout collect an address; with a rate it checks out", async () => {
    const c = await makeCreator();
    const sticker = await makeProduct(c, { priceCents: 0, variants: [{ sku: `ST-${Date.now()}`, title: "One", stock: 5 }] });
    const refused = await checkout(cartOf(c, sticker.variants[0].id));
    expect(refused.status).toBe(400);
    expect((await call("GET", `/api/v1/products/${sticker.id}`)).json.product.variants[0].available).toBe(5);
    await c.api("PATCH", "/settings", { body: { shippingRates: [{ name: "Letter", amountCents: 120 }] } });
    const ok = await checkout(cartOf(c, sticker.variants[0].id));
    expect(ok.status).toBe(201);
    expect(ok.json.order).toMatchObject({ status: "pending", totalCents: 0 });
    expect(ok.json.checkoutSessionId).not.toBeNull();
  });

  it("a rate Stripe could not charge in the store's currency is refused", async () => {
    const c = await makeCreator({ currency: "kwd" });
    expect((await c.api("PATCH", "/settings", { body: { shippingRates: [{ name: "Post", amountCents: 505 }] } })).status).toBe(400);
    expect((await c.api("PATCH", "/settings", { body: { shippingRates: [{ name: "Post", amountCents: 500 }] } })).status).toBe(200);
  });
});

describe("the simulated processor", () => {
  it("offers the same rates: Pay takes the first unless it names one; the rate is in the total, and a refund includes it", async () => {
    const { c, tee } = await shop();
    captureJobs();
    const first = await checkout(cartOf(c, tee.variants[0].id));
    const pageHtml = (await call("GET", `/dev/checkout/${first.json.checkoutSessionId}`)).text;
    expect(pageHtml).toContain('value="Standard" checked');
    // Each rate shows the total it makes.
    expect(pageHtml).toContain("$5.00 · total $35.00");
    expect(pageHtml).toContain("$15.00 · total $45.00");
    expect(pageHtml).toContain("Express");
    const paid = await call("POST", `/dev/checkout/${first.json.checkoutSessionId}/complete`);
    expect(paid.json.order).toMatchObject({ status: "paid", shippingCents: 500, taxCents: 0, totalCents: 3500 });

    const second = await checkout(cartOf(c, tee.variants[0].id));
    expect((await call("POST", `/dev/checkout/${second.json.checkoutSessionId}/complete`, { body: { shippingRate: "Teleport" } })).status).toBe(400);
    const express = await call("POST", `/dev/checkout/${second.json.checkoutSessionId}/complete`, { body: { shippingRate: "Express" } });
    expect(express.json.order).toMatchObject({ shippingCents: 1500, totalCents: 4500 });

    const refund = await c.api("POST", `/orders/${second.json.order.id}/refund`);
    expect(refund.status).toBeLessThan(300);
    expect((await adminOrder(c, second.json.order.id)).refund).toMatchObject({ amountCents: 4500 });
  });

  it("asks where to ship (prefilled with a test address): the buyer's fields reach the order; an incomplete address is refused and nothing is paid", async () => {
    const { c, tee } = await shop();
    captureJobs();
    const started = await checkout(cartOf(c, tee.variants[0].id));
    const session = started.json.checkoutSessionId;
    const pageHtml = (await call("GET", `/dev/checkout/${session}`)).text;
    expect(pageHtml).toContain("<legend>Ship to</legend>");
    expect(pageHtml).toMatch(/name="shippingAddress\.line1" value="1 Test Street" autocomplete="address-line1" required/);

    const form = (fields: Record<string, string>) => ({
      rawBody: new URLSearchParams({ shippingRate: "Express", ...fields }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    });
    const address = { name: "Ada Fan", line1: "2 Main St", line2: "", city: "Leeds", state: "", postalCode: "LS1 4AP", country: "gb" };
    const prefixed = (a: Record<string, string>) => Object.fromEntries(Object.entries(a).map(([k, v]) => [`shippingAddress.${k}`, v]));
    const incomplete = await call("POST", `/dev/checkout/${session}/complete`, form(prefixed({ ...address, city: " " })));
    expect(incomplete.status).toBe(400);
    expect(incomplete.json.error.details).toEqual([{ field: "shippingAddress.city", message: "Required." }]);
    expect((await adminOrder(c, started.json.order.id)).status).toBe("pending");

    // Whatever else arrives is a clear 400 that pays nothing: an address that is not an object, a field that is not
    // text, a country of three letters, field names nested past what the form reader takes.
    for (const [body, field] of [
      [{ shippingAddress: "1 Main St" }, "shippingAddress"],
      [{ shippingAddress: { ...address, postalCode: 94000 } }, "shippingAddress.postalCode"],
      [{ shippingAddress: { ...address, country: "USA" } }, "shippingAddress.country"],
    ] as const) {
      const refused = await call("POST", `/dev/checkout/${session}/complete`, { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    const deep = await call("POST", `/dev/checkout/${session}/complete`, form({ [`a${".b".repeat(40)}`]: "x" }));
    expect(deep.status).toBe(400);
    expect((await adminOrder(c, started.json.order.id)).status).toBe("pending");

    const paid = await call("POST", `/dev/checkout/${session}/complete`, form(prefixed(address)));
    expect(paid.json.order).toMatchObject({ status: "paid", shippingCents: 1500 });
    expect((await adminOrder(c, started.json.order.id)).shippingAddress).toEqual({
      name: "Ada Fan",
      address: { line1: "2 Main St", line2: null, city: "Leeds", state: null, postal_code: "LS1 4AP", country: "GB" },
    });
  });

  it("a shop without rates ships free, as before (a JSON body of null names nothing: the test address)", async () => {
    const { c, tee } = await shop({ shippingRates: [] });
    captureJobs();
    const started = await checkout(cartOf(c, tee.variants[0].id));
    const paid = await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`, { rawBody: "null", headers: { "content-type": "application/json" } });
    expect(paid.json.order).toMatchObject({ shippingCents: 0, totalCents: 3000 });
  });
});
