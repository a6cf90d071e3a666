// The moments of a drop day that the happy path never reaches (issue #9): a buyer already waiting when the drop
// opens, a buyer gaming the per-buyer limit through released holds, a late payment while unsold units return,
// refunds that arrive before their payment, and a drop whose creation fails half-way. Each test names its moment.
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { adminOrder, buyerOrder, checkout, pendingDropOrder } from "../helpers/checkout";
import { buyerDrop, CATCH_UP, counts, dropStub, makeDrop, reserve, sleep, variantStub } from "../helpers/drops";
import { deliver, sessionObject, stripeEvent } from "../helpers/stripe";
import { variantObjectName } from "../../src/shared/bindings";
import { connect, until } from "../helpers/live";
import { failObjectOnce } from "../helpers/faults";

afterEach(() => vi.restoreAllMocks());

describe("a buyer with the page open when the drop opens", () => {
  it("a socket opened before startsAt is told the drop is live at the opening, unprompted, and can buy at once", async () => {
    const c = await makeCreator();
    const startsAt = new Date(Date.now() + 2500).toISOString();
    const { dropId, variantId } = await makeDrop(c, { quantity: 3, startsAt });
    const { ws, messages } = await connect(dropId);
    const first = await until(() => messages[0]);
    expect(first.status).toBe("scheduled");
    expect(Math.abs(Date.parse(first.serverTime) - Date.now())).toBeLessThan(60_000);
    // Nothing is written to the drop between connect and the opening: the alarm at startsAt alone must speak.
    const opened = await until(() => messages.find((m) => m.status === "live"));
    expect(Date.parse(opened.serverTime)).toBeGreaterThanOrEqual(Date.parse(startsAt));
    expect(opened.items).toEqual([{ variantId, available: 3 }]);
    expect((await reserve(dropId, { variantId, quantity: 1, email: "early@example.com" })).status).toBe(201);
    ws.close();
  });

  it("a socket open across endsAt is told the drop ended; an ended drop with units returned is `ended`, never `sold_out`", async () => {
    const c = await makeCreator();
    const endsAt = new Date(Date.now() + 2500).toISOString();
    const { dropId, variantId, product } = await makeDrop(c, { quantity: 4, endsAt });
    expect((await reserve(dropId, { variantId, quantity: 1, email: "a@example.com" })).status).toBe(201);
    const { ws, messages } = await connect(dropId);
    await until(() => messages[0]);
    const ended = await until(() => messages.find((m) => m.status === "ended"));
    expect(ended.items).toEqual([{ variantId, available: 0 }]);
    await expect.poll(() => buyerDrop(dropId), CATCH_UP).toMatchObject({ status: "ended", items: [{ available: 0 }] });
    // The three unsold units went back to the variant; the held one stays held until its hold ends.
    const admin = await c.api("GET", `/drops/${dropId}`);
    expect(admin.json.drop.items[0]).toMatchObject({ quantity: 4, available: 0, held: 1, sold: 0, returned: 3 });
    const stock = await variantStub(variantId).stockCounts({ variantId, seedStock: 0 });
    expect(stock.available).toBe(3);
    expect(product.variants[0].id).toBe(variantId);
    ws.close();
  });
});

describe("the per-buyer limit cannot be gamed through released holds", () => {
  it("reserve → checkout → release three times, then paying all three sessions sells one unit and refunds two", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 10, perBuyerLimit: 1 });
    const orders: { id: string; checkoutSessionId: string; token: string }[] = [];
    for (let n = 0; n < 3; n++) {
      const held = await reserve(dropId, { variantId, quantity: 1, email: "Greedy@Example.com " });
      expect(held.status).toBe(201);
      const co = await checkout({ dropId, reservationId: held.json.reservation.id });
      expect(co.status).toBe(201);
      orders.push({ id: co.json.order.id, checkoutSessionId: co.json.checkoutSessionId, token: co.json.orderToken });
      const released = await call("DELETE", `/api/v1/drops/${dropId}/reservations/${held.json.reservation.id}`);
      expect(released.status).toBe(200);
      // Releasing the hold of a pending order expires that order at once.
      expect((await buyerOrder(co.json.order.id, co.json.orderToken)).status).toBe("expired");
    }
    for (const o of orders) expect((await deliver(stripeEvent("checkout.session.completed", sessionObject(o)))).status).toBe(200);
    const statuses = await Promise.all(orders.map(async (o) => (await buyerOrder(o.id, o.token)).status));
    expect(statuses.filter((s) => s === "paid")).toHaveLength(1);
    expect(statuses.filter((s) => s === "canceled")).toHaveLength(2);
    for (const o of orders) {
      const order = await buyerOrder(o.id, o.token);
      if (order.status === "canceled") expect(order.refund).toMatchObject({ status: "succeeded", amountCents: order.totalCents });
    }
    expect((await counts(dropId)).items[0]).toMatchObject({ quantity: 10, sold: 1, held: 0, available: 9 });
  });

  it("a late payment after the drop ended is refunded even though units are left", async () => {
    const c = await makeCreator();
    const { order, dropId, checkout: co } = await pendingDropOrder(c, { quantity: 5, holdSeconds: 1, endsAt: new Date(Date.now() + 1500).toISOString() });
    await sleep(1600);
    await runDurableObjectAlarm(dropStub(dropId));
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect(await buyerOrder(order.id, co.orderToken)).toMatchObject({ status: "canceled", refund: { status: "succeeded" } });
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 0, returned: 5, available: 0 });
  });
});

describe("a late payment while unsold units return", () => {
  it("never sells a unit that is on its way back to the variant", async () => {
    const c = await makeCreator();
    const { order, dropId, variantId, checkout: co } = await pendingDropOrder(c, { quantity: 3, stock: 3, holdSeconds: 1, endsAt: new Date(Date.now() + 1200).toISOString() });
    await sleep(1300);
    // The alarm (which awaits the variant object mid-way) and the late payment race.
    await Promise.all([runDurableObjectAlarm(dropStub(dropId)), deliver(stripeEvent("checkout.session.completed", sessionObject(order)))]);
    await runDurableObjectAlarm(dropStub(dropId));
    const drop = (await counts(dropId)).items[0]!;
    const variant = await variantStub(variantId).stockCounts({ variantId, seedStock: 0 });
    // Units made: 3. Whatever the interleaving, each is either sold by the drop or back in the variant, once.
    expect(drop.quantity).toBe(drop.available + drop.held + drop.sold + drop.returned);
    expect(variant.available + drop.sold + drop.held).toBe(3);
    expect(drop.sold).toBe(0);
    expect((await buyerOrder(order.id, co.orderToken)).status).toBe("canceled");
  });
});

describe("refund events that arrive before their payment", () => {
  it("charge.refunded (payment intent only, as Stripe sends it) before checkout.session.completed ends `refunded`, unfulfilled", async () => {
    const c = await makeCreator();
    const { order, dropId, checkout: co } = await pendingDropOrder(c, { quantity: 2 });
    const pi = `pi_test_${order.id.slice(4)}`;
    const refunded = await deliver(stripeEvent("charge.refunded", { id: "ch_early", object: "charge", refunded: true, payment_intent: pi, metadata: {} }));
    expect(refunded.status).toBe(200);
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    expect(await buyerOrder(order.id, co.orderToken)).toMatchObject({ status: "refunded", refund: { status: "succeeded" } });
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
    expect((await counts(dropId)).items[0]).toMatchObject({ sold: 0, held: 0, available: 2 });
  });

  it("the same two events in Stripe's usual order end in the same state", async () => {
    const c = await makeCreator();
    const { order, checkout: co } = await pendingDropOrder(c, { quantity: 2 });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    await deliver(stripeEvent("charge.refunded", { id: "ch_late", object: "charge", refunded: true, payment_intent: `pi_test_${order.id.slice(4)}`, metadata: {} }));
    expect(await buyerOrder(order.id, co.orderToken)).toMatchObject({ status: "refunded", refund: { status: "succeeded" } });
  });

  it("an async payment refunded before it settles: completed(unpaid), charge.refunded, async_payment_succeeded → refunded", async () => {
    const c = await makeCreator();
    const { order, checkout: co } = await pendingDropOrder(c, { quantity: 2 });
    const pi = `pi_test_${order.id.slice(4)}`;
    await deliver(stripeEvent("charge.refunded", { id: "ch_async", object: "charge", refunded: true, payment_intent: pi, metadata: {} }));
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order, { payment_status: "unpaid" })));
    await deliver(stripeEvent("checkout.session.async_payment_succeeded", sessionObject(order)));
    expect((await buyerOrder(order.id, co.orderToken)).status).toBe("refunded");
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
  });
});

describe("a drop whose creation fails half-way leaks no unit", () => {
  async function twoVariantProduct(c: Awaited<ReturnType<typeof makeCreator>>) {
    const product = await makeProduct(c, {
      variants: [
        { sku: unique("A"), title: "A", stock: 5 },
        { sku: unique("B"), title: "B", stock: 5 },
      ],
    });
    return product.variants.map((v: { id: string }) => v.id) as [string, string];
  }

  it("one variant short: the other's allocation comes back at once and no drop exists", async () => {
    const c = await makeCreator();
    const [a, b] = await twoVariantProduct(c);
    const res = await c.api("POST", "/drops", {
      body: { slug: unique("d"), title: "Half", startsAt: new Date().toISOString(), perBuyerLimit: 1, items: [{ variantId: a, quantity: 3 }, { variantId: b, quantity: 9 }] },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("sold_out");
    expect((await variantStub(a).stockCounts({ variantId: a, seedStock: 0 })).available).toBe(5);
    expect((await variantStub(b).stockCounts({ variantId: b, seedStock: 0 })).available).toBe(5);
    expect((await c.api("GET", "/drops")).json.items).toHaveLength(0);
  });

  it("an allocation call that throws: the allocations that succeeded are undone", async () => {
    const c = await makeCreator();
    const [a, b] = await twoVariantProduct(c);
    failObjectOnce(variantObjectName(b), "allocateToDrop");
    const res = await c.api("POST", "/drops", {
      body: { slug: unique("d"), title: "Half", startsAt: new Date().toISOString(), perBuyerLimit: 1, items: [{ variantId: a, quantity: 3 }, { variantId: b, quantity: 2 }] },
    });
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("internal_error");
    expect(res.text).not.toContain("injected");
    vi.restoreAllMocks();
    expect((await variantStub(a).stockCounts({ variantId: a, seedStock: 0 })).available).toBe(5);
    // b's object was never reached: it starts from D1's copy (5), and the tombstone stops a late allocation.
    expect((await variantStub(b).stockCounts({ variantId: b, seedStock: 5 })).available).toBe(5);
    const dropId = (await runInDurableObject(variantStub(b), async (_i, state) => state.storage.sql.exec<{ drop_id: string; quantity: number }>("select drop_id, quantity from allocations").toArray()))[0];
    expect(dropId?.quantity).toBe(0);
    const late = await variantStub(b).allocateToDrop({ variantId: b, seedStock: 5, dropId: dropId!.drop_id, quantity: 2 });
    expect(late.ok && late.value.available).toBe(5);
    expect((await c.api("GET", "/drops")).json.items).toHaveLength(0);
  });

  it("a failing display-snapshot refresh does not cancel a drop that exists", async () => {
    const c = await makeCreator();
    const [a] = await twoVariantProduct(c);
    failObjectOnce(variantObjectName(a), "stockCounts");
    const res = await c.api("POST", "/drops", {
      body: { slug: unique("d"), title: "Fine", startsAt: new Date().toISOString(), perBuyerLimit: 1, items: [{ variantId: a, quantity: 3 }] },
    });
    vi.restoreAllMocks();
    expect(res.status).toBe(201);
    expect(res.json.drop.status).toBe("live");
    await expect.poll(async () => (await buyerDrop(res.json.drop.id)).status, CATCH_UP).toBe("live");
  });
});

describe("the jobs consumer drives an owed refund", () => {
  it("an order.refund job with nothing owed is acked and calls nothing", async () => {
    const batch = createMessageBatch("dropfront-fulfillment", [{ id: "r1", timestamp: new Date(), attempts: 1, body: { type: "order.refund", orderId: "ord_missing" } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["r1"]);
  });
});
