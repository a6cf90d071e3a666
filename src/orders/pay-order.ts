// What a verified payment does to its order: commit the holds, mark it paid, enqueue fulfillment — each step
// idempotent (compare-and-set), so a crash between steps and a redelivered event finish the work exactly once.
// The race others get wrong (a payment that lands after its hold expired): the units are re-reserved when the rules
// of a new reservation allow it (drop live, buyer's limit, units left); otherwise the whole order is canceled and
// refunded (refunds.ts). Its discount code's use is re-claimed the same way: a code used up meanwhile cancels it too.
// One delivery at a time applies a payment to an order (a lease), so overlapping deliveries never interleave their
// commits and undos.
import { findCreatorById } from "../db/creators-store";
import { ensureFulfillmentJob, findOrder, releasePaymentLease, takePaymentLease, transitionOrder, updateOrder, type OrderWithItems } from "../db/orders-store";
import type { Result, Reservation } from "../inventory/rules";
import { newId } from "../shared/ids";
import { log } from "../shared/log";
import { sendOnce, yourOrder } from "../fulfillment/email";
import { findDiscount } from "../db/discounts-store";
import { sha256Hex } from "../shared/crypto";
import { normalizeEmail } from "../shared/email";
import { discountObject } from "../inventory/inventory-client";
import { heldItems, holdStub, releaseDiscountUse, type OrderDeps } from "./order-deps";
import { applyRefund, driveRefund, earlierRefund, owedRefund } from "./refunds";
import { canApply } from "../shared/order-states";
import { emitOrderEvent } from "./order-events";

const CANCEL_REASON_LATE =
  "Your payment arrived after your reservation ended and the items could no longer be sold to you (sold out, the drop closed, your per-buyer limit was reached, or the discount code was used up). The full amount is being refunded.";

export interface PaymentFacts {
  paymentIntentId: string | null;
  shippingAddress?: Record<string, unknown> | null;
  /** The shipping rate chosen, the tax added and the total charged at checkout (minor units). */
  charges?: { shippingCents: number; taxCents: number; totalCents?: number | null };
}

/**
 * Stores what an event tells about the payment (its intent, the collected address, shipping and tax) when the order
 * lacks it. The total becomes what was charged: items − discount (as written at checkout) + shipping + tax, the same
 * however often the event is delivered.
 */
async function recordPaymentFacts(deps: OrderDeps, order: OrderWithItems, facts: PaymentFacts): Promise<OrderWithItems> {
  const c = facts.charges;
  const totalCents = c && (c.totalCents ?? order.totalCents - order.shippingCents - order.taxCents + c.shippingCents + c.taxCents);
  const patch = {
    ...(facts.paymentIntentId && facts.paymentIntentId !== order.paymentIntentId && { paymentIntentId: facts.paymentIntentId }),
    // An erased buyer's order (a pseudonym) never gets an address back.
    ...(facts.shippingAddress && !order.shippingAddress && !order.buyerEmail.endsWith("@invalid") && { shippingAddress: facts.shippingAddress }),
    ...(c && (c.shippingCents !== order.shippingCents || c.taxCents !== order.taxCents || totalCents !== order.totalCents) && { shippingCents: c.shippingCents, taxCents: c.taxCents, totalCents }),
  };
  if (Object.keys(patch).length === 0) return order;
  await updateOrder(deps.db, order.id, patch);
  return { ...order, ...patch };
}

/**
 * A payment that is not settled yet (an async method): only its facts are kept. A full refund of this payment
 * that arrived before the order knew its intent is applied now, so reordered events end in the same state.
 */
export async function notePayment(deps: OrderDeps, order: OrderWithItems, facts: PaymentFacts): Promise<void> {
  order = await recordPaymentFacts(deps, order, facts);
  if (await earlierRefund(deps, order)) await applyRefund(deps, order);
}


/** Long enough for one payment to commit its holds and move the order; a dead Worker's lease runs out. */
const PAYMENT_LEASE_MS = 60_000;

/** How long an overlapping delivery waits for the lease before answering an error (the sender retries later). */
const LEASE_WAIT_MS = [50, 100, 200, 400, 800, 1600];

/**
 * A verified payment for the order. Deliveries of the same payment can overlap (Stripe redelivers, `completed` and
 * `async_payment_succeeded` carry one payment): one at a time applies it, under the order's payment lease; another
 * waits a little, then answers an error so it is delivered again later — two runs interleaving commits and their
 * undos could otherwise leave a paid order whose unit is back on sale.
 */
export async function payOrder(deps: OrderDeps, order: OrderWithItems, payment: PaymentFacts): Promise<void> {
  let waited = false;
  for (let attempt = 0; !(await takePaymentLease(deps.db, order.id, Date.now(), PAYMENT_LEASE_MS)); attempt++) {
    if (attempt >= LEASE_WAIT_MS.length) throw new Error(`order ${order.id} is being paid by another delivery; retry later`);
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, LEASE_WAIT_MS[attempt]));
  }
  try {
    await applyPayment(deps, (await findOrder(deps.db, order.id)) ?? order, payment, { overlapped: waited });
  } finally {
    await releasePaymentLease(deps.db, order.id);
  }
}

async function applyPayment(deps: OrderDeps, order: OrderWithItems, payment: PaymentFacts, opts: { overlapped: boolean }): Promise<void> {
  order = await recordPaymentFacts(deps, order, payment);
  if (await earlierRefund(deps, order)) return applyRefund(deps, order);
  if (!canApply("pay", order.status)) {
    // Paid already: a later redelivery re-sends the fulfillment message (its send may have been lost; the job is
    // idempotent); a delivery that overlapped the one that just paid the order has nothing to add.
    if (order.status === "paid" && !opts.overlapped) {
      await emitOrderEvent(deps, order.id, "paid");
      await enqueueFulfillment(deps, order.id);
    }
    // Canceled by this payment before: make sure its refund is still driven and the buyer was told (either may have
    // failed the first time). Fulfilled or refunded: nothing to do.
    if (order.status === "canceled") {
      await emitOrderEvent(deps, order.id, "canceled");
      await driveRefund(deps, order.id);
      await tellCanceled(deps, order.id);
    }
    return;
  }

  const items = heldItems(order);
  const results: Result<Reservation>[] = await Promise.all(items.map((i) => holdStub(deps.inventory, order, i).commit(i.holdId!, { reReserve: true })));
  const undoCommits = () => Promise.all(items.map((i, n) => (results[n]!.ok ? holdStub(deps.inventory, order, i).uncommit(i.holdId!) : undefined)));
  // The code's use is counted once every unit is: a refusal (used up meanwhile, on a late payment) cancels the order.
  if (results.every((r) => r.ok) && (await redeemDiscount(deps, order))) {
    const paid = await transitionOrder(deps.db, order.id, "pay", { paidAt: Date.now() });
    if (!paid) {
      // Something else ended the order meanwhile (a refund reported first): its units and code use are not sold after all.
      if ((await findOrder(deps.db, order.id))?.status !== "paid") await Promise.all([undoCommits(), releaseDiscountUse(deps, order)]);
      return;
    }
    // A refund of this very payment may have been recorded while this one was applied: it wins, nothing ships.
    if (await earlierRefund(deps, order)) return applyRefund(deps, { ...order, ...paid });
    // Before fulfillment: a failed send throws, and the redelivered event emits it again (above).
    await emitOrderEvent(deps, order.id, "paid");
    await enqueueFulfillment(deps, order.id);
    return;
  }
  // The units cannot be sold to this payment: give back what it took, cancel the order and refund it in full.
  // The refund is written down with the cancel, so a crash or a failing processor call never forgets it.
  await Promise.all([undoCommits(), releaseDiscountUse(deps, order)]);
  log("warn", "late payment cannot be honoured: canceling and refunding", {
    orderId: order.id,
    reasons: results.flatMap((r) => (r.ok ? [] : [r.reason])).join(","),
  });
  await transitionOrder(deps.db, order.id, "expire");
  const canceled = await transitionOrder(deps.db, order.id, "cancel", {
    cancelReason: CANCEL_REASON_LATE,
    ...owedRefund(order, Date.now()),
  });
  if (!canceled) return;
  await emitOrderEvent(deps, order.id, "canceled");
  await driveRefund(deps, order.id);
  await tellCanceled(deps, order.id);
}

/** Counts the order's use of its discount code (re-claimed if its hold ran out); false when the code has none left. */
async function redeemDiscount(deps: OrderDeps, order: OrderWithItems): Promise<boolean> {
  if (!order.discountId) return true;
  const terms = await findDiscount(deps.db, order.creatorId, order.discountId);
  const refusal = await discountObject(deps.discounts, order.discountId).redeem({
    orderId: order.id,
    email: await sha256Hex(normalizeEmail(order.buyerEmail)),
    maxRedemptions: terms?.maxRedemptions ?? null,
    perBuyerLimit: terms?.perBuyerLimit ?? null,
  });
  return refusal === null;
}

/** Emails the buyer of a canceled late payment, once; told only what is true ("refunded" once confirmed). */
async function tellCanceled(deps: OrderDeps, orderId: string) {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  const refunded = order.refundStatus === "succeeded";
  const creator = await findCreatorById(deps.db, order.creatorId);
  await sendOnce(deps.db, deps.email, {
    orderId: order.id,
    kind: "canceled_refunded",
    to: order.buyerEmail,
    subject: `${yourOrder(creator)} was canceled and ${refunded ? "refunded" : "is being refunded"}`,
    body: `${CANCEL_REASON_LATE}\n\nOrder ${order.id}: ${order.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}.`,
    brand: creator && { name: creator.displayName, accent: creator.accentColor },
  });
}

/** The outbox row first, then the message: a crash in between is repaired by the event's redelivery. */
async function enqueueFulfillment(deps: OrderDeps, orderId: string): Promise<void> {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  const now = Date.now();
  const job = await ensureFulfillmentJob(deps.db, {
    id: newId("job", now),
    orderId,
    creatorId: order.creatorId,
    status: "queued",
    attempts: 0,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  });
  if (job.status === "queued") await deps.queue.send({ type: "order.fulfill", orderId, jobId: job.id });
}
