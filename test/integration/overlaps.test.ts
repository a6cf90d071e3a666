// Operations that overlap at an await (found by an adversarial read of the drop-day fixes): two deliveries of one
// payment applying it at once, a refund reported while its payment is applied, a drop creation whose undo fails, an
// order row written before its hold is linked, and a return repeated after a lost answer.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCreator, makeProduct, unique } from "../helpers/api";
import { adminOrder, checkout } from "../helpers/checkout";
import { dropStub, makeDrop, reserve, sleep, variantStub } from "../helpers/drops";
import { holdsOf, leavePaymentLease } from "../helpers/stored";
import { deliver, sessionObject, stripeEvent } from "../helpers/stripe";
import { dropObjectName, variantObjectName } from "../../src/shared/bindings";
import { failObjectOnce } from "../helpers/faults";

afterEach(() => vi.restoreAllMocks());

/** Wraps the RPC methods of the inventory objects `match` picks; `wrap` returns a replacement or undefined. */
function wrapObjects(match: (id: DurableObjectId) => boolean, wrap: (stub: any, prop: string | symbol) => unknown) {
  const get = env.INVENTORY.get.bind(env.INVENTORY);
  vi.spyOn(env.INVENTORY, "get").mockImplementation((id: DurableObjectId) => {
    const stub = get(id);
    if (!match(id)) return stub;
    return new Proxy(stub, { get: (t, p) => wrap(t, p) ?? Reflect.get(t, p) });
  });
}

const sameObject = (name: string) => {
  const wanted = env.INVENTORY.idFromName(name).toString();
  return (id: DurableObjectId) => id.toString() === wanted;
};

async function waitFor(f: () => boolean, ms = 5_000) {
  for (const end = Date.now() + ms; !f() && Date.now() < end; ) await sleep(10);
}

async function twoLineCart() {
  const c = await makeCreator();
  const product = await makeProduct(c, { variants: [{ sku: unique("X"), title: "X", stock: 1 }, { sku: unique("Y"), title: "Y", stock: 1 }] });
  const [x, y] = product.variants.map((v: { id: string }) => v.id) as [string, string];
  const co = await checkout({ handle: c.creator.handle, email: "buyer@example.com", items: [{ variantId: x, quantity: 1 }, { variantId: y, quantity: 1 }] });
  expect(co.status).toBe(201);
  const order = { id: co.json.order.id as string, checkoutSessionId: co.json.checkoutSessionId as string };
  const lines = await holdsOf(order.id);
  return { c, x, y, order, holdOf: (v: string) => lines.find((l) => l.variantId === v)!.holdId };
}

describe("two deliveries of one payment at the same time", () => {
  it("a delivery that died holding the payment lease blocks others only until the lease runs out", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 2 });
    const held = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    const co = await checkout({ dropId, reservationId: held.json.reservation.id });
    const order = { id: co.json.order.id as string, checkoutSessionId: co.json.checkoutSessionId as string };
    const event = stripeEvent("checkout.session.completed", sessionObject(order));
    // A Worker died mid-payment a moment ago: its lease still runs. The redelivery waits briefly, then answers 5xx
    // (Stripe retries later) and changes nothing.
    await leavePaymentLease(order.id, Date.now() + 60_000);
    expect((await deliver(event)).status).toBe(500);
    expect((await adminOrder(c, order.id)).status).toBe("pending");
    // The lease ran out: the next redelivery takes it and pays the order, once.
    await leavePaymentLease(order.id, Date.now() - 1);
    expect((await deliver(event)).status).toBe(200);
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "paid", fulfillment: expect.anything() });
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.items[0]).toMatchObject({ sold: 1, held: 0 });
  });

  it("a second delivery landing while the first undoes a short cart never leaves a paid order with a unit back on sale", async () => {
    const { c, x, y, order, holdOf } = await twoLineCart();
    // Line Y's hold ended and another buyer took Y.
    await variantStub(y).release(holdOf(y));
    const other = await variantStub(y).reserveStock({ variantId: y, seedStock: 1, quantity: 1, email: "other@example.com", holdSeconds: 1800 });
    expect(other.ok).toBe(true);
    let second: Promise<unknown> | undefined;
    wrapObjects(sameObject(variantObjectName(x)), (t, p) => {
      if (p !== "uncommit") return undefined;
      return async (holdId: string) => {
        if (!second) {
          // Delivery A failed on Y and is about to give X back. The other buyer lets go of Y; delivery B runs.
          await variantStub(y).release(other.ok ? other.value.id : "");
          second = deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
          await second;
        }
        return t.uncommit(holdId);
      };
    });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    vi.restoreAllMocks();
    const row = await adminOrder(c, order.id);
    const xCounts = await variantStub(x).stockCounts({ variantId: x, seedStock: 0 });
    expect(xCounts.available + xCounts.sold + xCounts.held).toBe(1);
    if (row!.status === "paid") expect(xCounts).toMatchObject({ sold: 1, available: 0 });
    else expect(xCounts.sold).toBe(0);
    // Redelivered later (as Stripe does after the 5xx), the payment settles one way, consistently.
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    const final = await adminOrder(c, order.id);
    const finalX = await variantStub(x).stockCounts({ variantId: x, seedStock: 0 });
    expect(finalX.sold).toBe(final!.status === "paid" ? 1 : 0);
  });

  it("a drop order's late payment delivered twice at once: one unit, one outcome", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 1, holdSeconds: 1 });
    const held = await reserve(dropId, { variantId, quantity: 1, email: "late@example.com" });
    const co = await checkout({ dropId, reservationId: held.json.reservation.id });
    const order = { id: co.json.order.id as string, checkoutSessionId: co.json.checkoutSessionId as string };
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    const taker = await dropStub(dropId).reserve({ variantId, quantity: 1, email: "taker@example.com" });
    expect(taker.ok).toBe(true);
    let calls = 0;
    let aFailed = false;
    let aDone = false;
    wrapObjects(sameObject(dropObjectName(dropId)), (t, p) => {
      if (p !== "commit") return undefined;
      return async (holdId: string, opts: unknown) => {
        const n = ++calls;
        const result = await t.commit(holdId, opts);
        if (n === 1) {
          aFailed = true;
          await waitFor(() => calls > 1, 4_000);
        } else await waitFor(() => aDone, 4_000);
        return result;
      };
    });
    // A's re-reserve fails (sold out) and pauses; the taker lets go; B arrives while A still runs.
    const a = deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    await waitFor(() => aFailed);
    await dropStub(dropId).release(taker.ok ? taker.value.id : "");
    const b = deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    await a;
    aDone = true;
    await b;
    vi.restoreAllMocks();
    const row = await adminOrder(c, order.id);
    const counts = await dropStub(dropId).dropCounts();
    const item = counts.ok ? counts.value.items[0]! : undefined;
    expect(item!.sold).toBe(row!.status === "paid" ? 1 : 0);
    expect(item!.quantity).toBe(item!.available + item!.held + item!.sold + item!.returned);
  });
});

describe("a refund reported while its payment is applied", () => {
  it("the refund wins: the order ends refunded, nothing is fulfilled and no unit stays sold", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 2 });
    const held = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    const co = await checkout({ dropId, reservationId: held.json.reservation.id });
    const order = { id: co.json.order.id as string, checkoutSessionId: co.json.checkoutSessionId as string };
    let refund: Promise<unknown> | undefined;
    wrapObjects(sameObject(dropObjectName(dropId)), (t, p) => {
      if (p !== "commit") return undefined;
      return async (holdId: string, opts: unknown) => {
        const result = await t.commit(holdId, opts);
        // Committed, not yet marked paid: Stripe reports the full refund of this payment now.
        refund ??= deliver(stripeEvent("charge.refunded", { id: "ch_mid", object: "charge", refunded: true, payment_intent: `pi_test_${order.id.slice(4)}`, metadata: {} }));
        await refund;
        return result;
      };
    });
    await deliver(stripeEvent("checkout.session.completed", sessionObject(order)));
    vi.restoreAllMocks();
    expect(await adminOrder(c, order.id)).toMatchObject({ status: "refunded", refund: { status: "succeeded" } });
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.items[0]).toMatchObject({ sold: 0, held: 0, available: 2 });
    expect((await adminOrder(c, order.id)).fulfillment).toBeNull();
  });
});

describe("a drop creation whose undo does not get through", () => {
  it("the drop's object finds no catalog row a minute later and gives its units back by itself", async () => {
    const c = await makeCreator();
    const product = await makeProduct(c, { variants: [{ sku: unique("A"), title: "A", stock: 5 }, { sku: unique("B"), title: "B", stock: 5 }] });
    const [a, b] = product.variants.map((v: { id: string }) => v.id) as [string, string];
    let dropId = "";
    let canceled = false;
    wrapObjects(
      () => true,
      (t, p) => {
        if (p === "configureDrop") return (cfg: { dropId: string }) => ((dropId = cfg.dropId), t.configureDrop(cfg));
        if (p === "cancelDrop" && !canceled) return () => ((canceled = true), Promise.reject(new Error("injected: drop object unreachable")));
        return undefined;
      },
    );
    const res = await c.api("POST", "/drops", {
      body: { slug: unique("d"), title: "Half", startsAt: new Date().toISOString(), perBuyerLimit: 1, items: [{ variantId: a, quantity: 3 }, { variantId: b, quantity: 9 }] },
    });
    vi.restoreAllMocks();
    expect(res.status).toBe(409);
    expect(canceled).toBe(true);
    // A minute passes (the object's confirmation deadline), then its alarm runs.
    await runInDurableObject(dropStub(dropId), (_o, state) => void state.storage.sql.exec("update config set confirm_by = ? where id = 1", Date.now() - 1));
    await runDurableObjectAlarm(dropStub(dropId));
    await runDurableObjectAlarm(dropStub(dropId));
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value).toMatchObject({ status: "canceled", items: [{ available: 0, returned: 3 }, { available: 0, returned: 9 }] });
    expect((await variantStub(a).stockCounts({ variantId: a, seedStock: 0 })).available).toBe(5);
  });

  it("a drop that exists is confirmed, never canceled, even when the confirmation call was lost", async () => {
    const c = await makeCreator();
    wrapObjects(
      () => true,
      (_t, p) => (p === "confirmDrop" ? () => Promise.reject(new Error("injected: answer lost")) : undefined),
    );
    const { dropId } = await makeDrop(c, { quantity: 2 });
    vi.restoreAllMocks();
    await runInDurableObject(dropStub(dropId), (_o, state) => void state.storage.sql.exec("update config set confirm_by = ? where id = 1", Date.now() - 1));
    await runDurableObjectAlarm(dropStub(dropId));
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value).toMatchObject({ status: "live", items: [{ available: 2 }] });
    const confirmBy = await runInDurableObject(dropStub(dropId), (_o, state) => state.storage.sql.exec<{ c: number | null }>("select confirm_by as c from config").one().c);
    expect(confirmBy).toBeNull();
  });
});

describe("an order written before its hold is linked", () => {
  it("a cart checkout whose link fails leaves no pending order behind and no unit held", async () => {
    const c = await makeCreator();
    const product = await makeProduct(c, { variants: [{ sku: unique("S"), title: "S", stock: 3 }] });
    const v = product.variants[0].id as string;
    failObjectOnce(variantObjectName(v), "attachOrder");
    const co = await checkout({ handle: c.creator.handle, email: "stuck@example.com", items: [{ variantId: v, quantity: 2 }] });
    vi.restoreAllMocks();
    expect(co.status).toBe(500);
    const orders = (await c.api("GET", "/orders")).json.items;
    expect(orders.map((o: { status: string }) => o.status)).toEqual(["expired"]);
    expect((await variantStub(v).stockCounts({ variantId: v, seedStock: 0 })).available).toBe(3);
  });

  it("a drop checkout retried after the link failed links the hold, so its expiry still expires the order", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 2, holdSeconds: 1 });
    const held = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    const reservationId = held.json.reservation.id as string;
    failObjectOnce(dropObjectName(dropId), "attachOrder");
    expect((await checkout({ dropId, reservationId })).status).toBe(500);
    vi.restoreAllMocks();
    const retried = await checkout({ dropId, reservationId });
    expect(retried.status).toBe(201);
    const linked = await runInDurableObject(dropStub(dropId), (_o, state) => state.storage.sql.exec<{ order_id: string | null }>("select order_id from holds where id = ?", reservationId).one().order_id);
    expect(linked).toBe(retried.json.order.id);
  });
});

describe("a return repeated after a lost answer, for a drop that never allocated", () => {
  it("answers not_found every time (no crash, so the drop's alarm does not retry forever)", async () => {
    const c = await makeCreator();
    const product = await makeProduct(c, { variants: [{ sku: unique("S"), title: "S", stock: 3 }] });
    const v = product.variants[0].id as string;
    for (let n = 0; n < 2; n++) {
      const answer = await variantStub(v).returnFromDrop({ dropId: "drp_never", totalReturned: 2 });
      expect(answer).toMatchObject({ ok: false, reason: "not_found" });
    }
  });
});
