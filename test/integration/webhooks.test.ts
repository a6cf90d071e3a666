import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { adminOrder, pendingDropOrder } from "../helpers/checkout";
import { counts, dropStub, reserve, sleep } from "../helpers/drops";
import { outboxOf } from "../helpers/stored";
import { deliver, sessionObject, signedStripeEvent, stripeEvent } from "../helpers/stripe";

afterEach(() => vi.restoreAllMocks());

describe("POST /webhooks/stripe signature", () => {
  it("a bad or missing signature is a 400 and changes nothing", async () => {
    const c = await makeCreator();
    const { order } = await pendingDropOrder(c);
    const event = stripeEvent("checkout.session.completed", sessionObject(order));
    const forged = await deliver(event, "whsec_wrong");
    expect(forged.status).toBe(400);
    const { payload } = await signedStripeEvent(event);
    const unsigned = await call("POST", "/webhooks/stripe", { rawBody: payload, headers: { "content-type": "application/json" } });
    expect(unsigned.status).toBe(400);
    const { signature } = await signedStripeEvent(event);
    const tampered = await call("POST", "/webhooks/stripe", { rawBody: payload.replace('"paid"', '"unpaid"'), headers: { "stripe-signature": signature } });
    expect(tampered.status).toBe(400);
    expect((await adminOrder(c, order.id)).status).toBe("pending");
  });

  it("other event types are acknowledged and ignored: the order they name, its units and the queue are untouched", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    const sendSpy = vi.spyOn(env.FULFILLMENT_QUEUE, "send");
    const pi = `pi_test_${order.id.slice(4)}`;
    // A payment intent event names the order's payment, but payments are taken from checkout sessions only.
    const ignored = [
      stripeEvent("payment_intent.succeeded", { id: pi, object: "payment_intent", status: "succeeded", metadata: { orderId: order.id } }),
      stripeEvent("customer.created", { id: "cus_1", object: "customer" }),
    ];
    for (const event of ignored) {
      expect(await deliver(event)).toMatchObject({ status: 200, json: { received: true, orderId: null } });
      expect(await deliver(event)).toMatchObject({ status: 200, json: { received: true, duplicate: true } });
    }
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "pending", paymentIntentId: null, paidAt: null });
    expect((await counts(dropId)).items[0]).toMatchObject({ held: 1, sold: 0, available: 4 });
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
    expect(sendSpy).not.toHaveBeenCalled();
  });
});

describe("exactly-once orders", () => {
  it("a duplicate event makes one paid order and one fulfillment job", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    const sendSpy = vi.spyOn(env.FULFILLMENT_QUEUE, "send");
    const event = stripeEvent("checkout.session.completed", sessionObject(order));
    const results = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    for (const r of results) expect(r.status).toBe(200);
    expect(await deliver(event)).toMatchObject({ status: 200, json: { received: true, duplicate: true } });
    expect((await adminOrder(c, order.id)).status).toBe("paid");
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 1, held: 0 });
    expect((await adminOrder(c, order.id)).fulfillment).not.toBeNull();
    expect(sendSpy.mock.calls.filter(([m]) => (m as { type: string }).type === "order.fulfill")).toHaveLength(1);
  });

  it("the same payment in a second event (completed, then async_payment_succeeded) is still one order", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    await deliver(stripeEvent("checkout.session.async_payment_succeeded", sessionObject(order)));
    expect((await counts(dropId)).items[0]!.sold).toBe(1);
    expect((await adminOrder(c, order.id)).fulfillment).not.toBeNull();
  });

  it("an async method: completed with payment_status unpaid waits; async_payment_succeeded pays", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order, { payment_status: "unpaid" })));
    expect((await adminOrder(c, order.id)).status).toBe("pending");
    expect((await counts(dropId)).items[0]!.held).toBe(1);
    await deliver(stripeEvent("checkout.session.async_payment_succeeded", sessionObject(order)));
    expect((await adminOrder(c, order.id)).status).toBe("paid");
  });

  it("async_payment_failed expires the order and returns its units", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    await deliver(stripeEvent("checkout.session.async_payment_failed", sessionObject(order, { payment_status: "unpaid" })));
    expect((await adminOrder(c, order.id)).status).toBe("expired");
    expect((await counts(dropId)).items[0]).toMatchObject({ held: 0, available: 5 });
  });

  it("out of order: an expired event after the payment leaves the order paid", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    await deliver(stripeEvent("checkout.session.expired", sessionObject(order, { status: "expired", payment_status: "unpaid" })));
    expect((await adminOrder(c, order.id)).status).toBe("paid");
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 1, available: 4 });
  });

  it("out of order: a refund delivered before the payment ends refunded, selling nothing", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 5 });
    const pi = `pi_test_${order.id.slice(4)}`;
    await deliver(stripeEvent("charge.refunded", { id: "ch_1", object: "charge", refunded: true, payment_intent: pi, metadata: { orderId: order.id } }));
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect((await adminOrder(c, order.id)).status).toBe("refunded");
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 0, held: 0, available: 5 });
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
  });
});

describe("payment after the hold expired", () => {
  it("re-reserves when units remain", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 2, holdSeconds: 1 });
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    await deliver(stripeEvent("checkout.session.expired", sessionObject(order, { status: "expired", payment_status: "unpaid" })));
    expect((await adminOrder(c, order.id)).status).toBe("expired");
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect((await adminOrder(c, order.id)).status).toBe("paid");
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 1, available: 1, held: 0 });
    expect((await adminOrder(c, order.id)).fulfillment).not.toBeNull();
  });

  it("refunds automatically and cancels when the units are gone", async () => {
    const c = await makeCreator();
    const { order, dropId, variantId } = await pendingDropOrder(c, { quantity: 1, holdSeconds: 1 });
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    const other = await reserve(dropId, { variantId, quantity: 1, email: "faster@example.com" });
    expect(other.status).toBe(201);
    // Simulated processor: the automatic refund comes back as charge.refunded through the same webhook path.
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "canceled", cancelReason: expect.stringMatching(/refunded/), refundedAt: expect.any(String) });
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ quantity: 1, held: 1, sold: 0, available: 0 });
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
    // The buyer is told.
    expect(await outboxOf(order.id, "canceled_refunded")).toEqual([expect.objectContaining({ toAddress: "buyer@example.com", subject: "Your Test Creator order was canceled and refunded" })]);
  });
});

describe("hold expiry is announced by the drop's object", () => {
  it("the alarm enqueues an expiry job; the consumer expires the order and releases its units", async () => {
    const c = await makeCreator();
    const { order, dropId } = await pendingDropOrder(c, { quantity: 3, holdSeconds: 1 });
    const sendBatch = vi.spyOn(env.FULFILLMENT_QUEUE, "sendBatch");
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    const sent = sendBatch.mock.calls.flatMap(([msgs]) => [...msgs].map((m) => m.body));
    expect(sent).toContainEqual({ type: "order.hold_expired", orderId: order.id, holdId: expect.any(String) });

    const batch = createMessageBatch("dropfront-fulfillment", [{ id: "m1", timestamp: new Date(), attempts: 1, body: { type: "order.hold_expired", orderId: order.id, holdId: "x" } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect((await adminOrder(c, order.id)).status).toBe("expired");
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 3, held: 0 });
  });
});

describe("refunds", () => {
  it("a creator refund answers 202 and the order becomes refunded when the processor confirms", async () => {
    const c = await makeCreator();
    const { order } = await pendingDropOrder(c);
    await call("POST", `/dev/checkout/${order.checkoutSessionId}/complete`);
    const res = await c.api("POST", `/orders/${order.id}/refund`);
    expect(res.status).toBe(202);
    expect(res.json.order.status).toBe("refunded");
    expect(res.json.order.refundedAt).toBeTruthy();
    const again = await c.api("POST", `/orders/${order.id}/refund`);
    expect(again.status).toBe(409);
    // The buyer is told once, with the amount.
    const told = await outboxOf(order.id, "refunded");
    expect(told).toEqual([expect.objectContaining({ toAddress: "buyer@example.com", subject: "Your Test Creator order was refunded" })]);
    expect(told[0]!.body).toContain("$25.00 is on its way back to you");
  });

  it("a pending order cannot be refunded; another creator's order is a 404", async () => {
    const c = await makeCreator();
    const { order } = await pendingDropOrder(c);
    expect((await c.api("POST", `/orders/${order.id}/refund`)).status).toBe(409);
    const other = await makeCreator();
    expect((await other.api("POST", `/orders/${order.id}/refund`)).status).toBe(404);
    expect((await other.api("GET", `/orders/${order.id}`)).status).toBe(404);
  });
});
