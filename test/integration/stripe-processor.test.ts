import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { callWithEnv, makeCreator } from "../helpers/api";
import { adminOrder } from "../helpers/checkout";
import { counts, dropStub, makeDrop, nextIp, reserve, sleep } from "../helpers/drops";
import { mockStripeApi, sessionObject, signedStripeEvent, stripeEvent } from "../helpers/stripe";

const STRIPE = { STRIPE_SECRET_KEY: "sk_test_dropfront", ENVIRONMENT: "production" };
let stripe: ReturnType<typeof mockStripeApi>;

beforeEach(() => {
  stripe = mockStripeApi();
});
afterEach(() => stripe.restore());

async function stripeCheckout(creator: Awaited<ReturnType<typeof makeCreator>>, opts: Parameters<typeof makeDrop>[1] = {}) {
  const made = await makeDrop(creator, { quantity: 5, ...opts });
  const held = await reserve(made.dropId, { variantId: made.variantId, quantity: 2, email: "fan@example.com" });
  const res = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", {
    body: { dropId: made.dropId, reservationId: held.json.reservation.id },
    headers: { "cf-connecting-ip": nextIp() },
  });
  expect(res.status).toBe(201);
  return { ...made, res, order: { id: res.json.order.id as string, checkoutSessionId: res.json.checkoutSessionId as string } };
}

async function deliverStripe(event: object) {
  const { payload, signature } = await signedStripeEvent(event);
  return callWithEnv(STRIPE, "POST", "/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature } });
}

describe("Stripe Checkout sessions", () => {
  it("creates a session with server-side amounts, metadata, a ≥30 min expiry and an idempotency key", async () => {
    const c = await makeCreator();
    const { res, order, dropId } = await stripeCheckout(c);
    expect(res.json.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const sessions = stripe.calls.filter((x) => x.path === "/v1/checkout/sessions");
    expect(sessions).toHaveLength(1);
    const { params, idempotencyKey, authorization } = sessions[0]!;
    expect(authorization).toBe("Bearer sk_test_dropfront");
    expect(idempotencyKey).toBe(`checkout:${order.id}`);
    expect(params.get("mode")).toBe("payment");
    expect(params.get("customer_email")).toBe("fan@example.com");
    expect(params.get("line_items[0][quantity]")).toBe("2");
    expect(params.get("line_items[0][price_data][unit_amount]")).toBe("2500");
    expect(params.get("line_items[0][price_data][currency]")).toBe("usd");
    expect(params.get("metadata[orderId]")).toBe(order.id);
    expect(params.get("metadata[dropId]")).toBe(dropId);
    expect(params.get("payment_intent_data[metadata][orderId]")).toBe(order.id);
    expect(Number(params.get("expires_at")) * 1000 - Date.now()).toBeGreaterThanOrEqual(30 * 60 * 1000);
    expect(params.get("shipping_address_collection[allowed_countries][0]")).toBe("US");
    expect(params.get("success_url")).toContain(`/${c.creator.handle}/orders/${order.id}?token=`);
    expect(params.has("payment_intent_data[transfer_data][destination]")).toBe(false);
  });

  it("a checkout retried after Stripe's answers were lost sends the same bytes under the same key", async () => {
    stripe.restore();
    const sent: { body: string; key: string | null }[] = [];
    let answer = false;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      if (new URL(req.url).pathname !== "/v1/checkout/sessions") throw new Error(`unexpected outbound request to ${req.url}`);
      sent.push({ body: await req.text(), key: req.headers.get("idempotency-key") });
      // Stripe created the session, but the answer never arrived.
      if (!answer) throw new TypeError("Network connection lost.");
      const id = "cs_test_after_retry";
      return Response.json({ id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, status: "open", metadata: {} });
    });
    try {
      const c = await makeCreator();
      const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
      const held = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
      const body = { dropId, reservationId: held.json.reservation.id };
      const lost = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body, headers: { "cf-connecting-ip": nextIp() } });
      expect(lost.status).toBe(500);
      // The buyer retries a little later (so a clock-derived expiry would differ), and this time Stripe answers.
      await sleep(1_100);
      answer = true;
      const retried = await callWithEnv(STRIPE, "POST", "/api/v1/checkout", { body, headers: { "cf-connecting-ip": nextIp() } });
      expect(retried.status).toBe(201);
      expect(retried.json.checkoutSessionId).toBe("cs_test_after_retry");
      expect(sent.length).toBeGreaterThan(1);
      expect(new Set(sent.map((s) => s.key))).toEqual(new Set([`checkout:${retried.json.order.id}`]));
      expect(new Set(sent.map((s) => s.body)).size).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("uses a destination charge with the platform fee for a creator with a Connect account", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { stripeAccountId: "acct_1CreatorXYZ" } });
    await stripeCheckout(c);
    const { params } = stripe.calls.find((x) => x.path === "/v1/checkout/sessions")!;
    expect(params.get("payment_intent_data[transfer_data][destination]")).toBe("acct_1CreatorXYZ");
    // 5 % of 2 × 2500.
    expect(params.get("payment_intent_data[application_fee_amount]")).toBe("250");
  });

  it("a hold that expires before payment expires the Stripe session and the order", async () => {
    const c = await makeCreator();
    const { order, dropId } = await stripeCheckout(c, { holdSeconds: 1 });
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    const batch = createMessageBatch("dropfront-fulfillment", [{ id: "m1", timestamp: new Date(), attempts: 1, body: { type: "order.hold_expired", orderId: order.id, holdId: "h" } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, ...STRIPE }, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    const expire = stripe.calls.find((x) => x.path === `/v1/checkout/sessions/${order.checkoutSessionId}/expire`);
    expect(expire?.idempotencyKey).toBe(`expire:${order.id}`);
    expect((await adminOrder(c, order.id)).status).toBe("expired");
  });

  it("a late payment with no units left is refunded through Stripe and the order canceled", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { stripeAccountId: "acct_1CreatorXYZ" } });
    const { order, dropId, variantId } = await stripeCheckout(c, { quantity: 2, holdSeconds: 1 });
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await reserve(dropId, { variantId, quantity: 2, email: "faster@example.com" })).status).toBe(201);
    const res = await deliverStripe(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect(res.status).toBe(200);
    const refund = stripe.calls.find((x) => x.path === "/v1/refunds");
    expect(refund?.params.get("payment_intent")).toBe(`pi_test_${order.id.slice(4)}`);
    expect(refund?.params.get("reverse_transfer")).toBe("true");
    expect(refund?.params.get("refund_application_fee")).toBe("true");
    expect(refund?.idempotencyKey).toBe(`refund:${order.id}`);
    expect((await adminOrder(c, order.id)).status).toBe("canceled");
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 0, held: 2 });
    // Stripe then confirms the refund: the order stays canceled, with the refund recorded.
    await deliverStripe(stripeEvent("charge.refunded", { id: "ch_1", object: "charge", refunded: true, payment_intent: `pi_test_${order.id.slice(4)}`, metadata: {} }));
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "canceled", refundedAt: expect.any(String) });
  });

  it("a creator refund calls Stripe once and waits for charge.refunded", async () => {
    const c = await makeCreator();
    const { order } = await stripeCheckout(c);
    await deliverStripe(stripeEvent("checkout.session.completed", sessionObject(order)));
    const res = await callWithEnv(STRIPE, "POST", `/admin/v1/orders/${order.id}/refund`, { token: c.token });
    expect(res.status).toBe(202);
    expect(res.json.order.status).toBe("paid");
    const refund = stripe.calls.find((x) => x.path === "/v1/refunds")!;
    expect(refund.params.get("payment_intent")).toBe(`pi_test_${order.id.slice(4)}`);
    expect(refund.params.has("reverse_transfer")).toBe(false);
    await deliverStripe(stripeEvent("charge.refunded", { id: "ch_2", object: "charge", refunded: true, payment_intent: `pi_test_${order.id.slice(4)}`, metadata: {} }));
    expect((await adminOrder(c, order.id)).status).toBe("refunded");
  });
});
