// What verified payment events do to orders: pay (commit holds, enqueue fulfillment), expire (release holds,
// end the Stripe session), refund. Every step is idempotent — commits, releases and status moves are
// compare-and-set — so a crash between steps and a redelivered event finish the work exactly once.
// The race others get wrong (a payment that lands after its hold expired): the units are re-reserved when the
// rules of a new reservation allow it (drop live, buyer's limit, units left); otherwise the whole order is
// canceled and refunded. A refund owed is written down with the state change and driven until the processor
// confirms it (inline first, then the jobs queue with backoff), so money is never kept by mistake.
import type { Db } from "../db/client";
import {
  ensureFulfillmentJob,
  findOrder,
  findOrderByReservation,
  refundSeenForPaymentIntent,
  releasePaymentLease,
  takePaymentLease,
  transitionOrder,
  updateOrder,
  type OrderItemRow,
  type OrderWithItems,
} from "../db/orders-store";
import { dropObject, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import type { Result, Reservation } from "../inventory/rules";
import type { PaymentProcessor } from "../payments/processor";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { errorFields, log } from "../shared/log";
import type { JobMessage } from "../shared/bindings";
import { sendOnce, type EmailConfig } from "../fulfillment/email";

export interface OrderDeps {
  db: Db;
  inventory: InventoryNamespace;
  queue: Queue<JobMessage>;
  processor: () => PaymentProcessor;
  email: EmailConfig;
}

const CANCEL_REASON_LATE =
  "Your payment arrived after your reservation ended and the items could no longer be sold to you (sold out, the drop closed, or your per-buyer limit was reached). The full amount is being refunded.";

/** First retry of a refund that failed inline; the queue's backoff takes over from there. */
const REFUND_RETRY_DELAY_SECONDS = 10;

function holdStub(inventory: InventoryNamespace, order: OrderWithItems, item: OrderItemRow) {
  return item.holdScope === "drop" ? dropObject(inventory, order.dropId!) : variantObject(inventory, item.variantId);
}

const heldItems = (order: OrderWithItems) => order.items.filter((i) => i.holdId !== null);

async function releaseOrderHolds(inventory: InventoryNamespace, order: OrderWithItems): Promise<void> {
  await Promise.all(heldItems(order).map((i) => holdStub(inventory, order, i).release(i.holdId!)));
}

export interface PaymentFacts {
  paymentIntentId: string | null;
  shippingAddress?: Record<string, unknown> | null;
}

/** Stores what an event tells about the payment (its intent, the collected address) when the order lacks it. */
async function recordPaymentFacts(deps: OrderDeps, order: OrderWithItems, facts: PaymentFacts): Promise<OrderWithItems> {
  const patch = {
    ...(facts.paymentIntentId && facts.paymentIntentId !== order.paymentIntentId && { paymentIntentId: facts.paymentIntentId }),
    ...(facts.shippingAddress && !order.shippingAddress && { shippingAddress: facts.shippingAddress }),
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

const earlierRefund = async (deps: OrderDeps, order: OrderWithItems) =>
  order.paymentIntentId !== null && (await refundSeenForPaymentIntent(deps.db, order.paymentIntentId));

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
  switch (order.status) {
    case "paid":
      // A later redelivery re-sends the fulfillment message (its send may have been lost; the job is idempotent);
      // a delivery that overlapped the one that just paid the order has nothing to add.
      return opts.overlapped ? undefined : enqueueFulfillment(deps, order.id);
    case "canceled":
      // A redelivery of the payment that canceled this order: make sure its refund is still being driven and the
      // buyer was told (either may have failed the first time).
      await driveRefund(deps, order.id);
      return tellCanceled(deps, order.id);
    case "fulfilled":
    case "refunded":
      return;
    case "pending":
    case "expired":
      break;
  }

  const items = heldItems(order);
  const results: Result<Reservation>[] = await Promise.all(items.map((i) => holdStub(deps.inventory, order, i).commit(i.holdId!, { reReserve: true })));
  const undoCommits = () => Promise.all(items.map((i, n) => (results[n]!.ok ? holdStub(deps.inventory, order, i).uncommit(i.holdId!) : undefined)));
  if (results.every((r) => r.ok)) {
    const paid = await transitionOrder(deps.db, order.id, "pay", { paidAt: Date.now() });
    if (!paid) {
      // Something else ended the order meanwhile (a refund reported first): its units are not sold after all.
      if ((await findOrder(deps.db, order.id))?.status !== "paid") await undoCommits();
      return;
    }
    // A refund of this very payment may have been recorded while this one was applied: it wins, nothing ships.
    if (await earlierRefund(deps, order)) return applyRefund(deps, { ...order, ...paid });
    await enqueueFulfillment(deps, order.id);
    return;
  }
  // The units cannot be sold to this payment: give back what it took, cancel the order and refund it in full.
  // The refund is written down with the cancel, so a crash or a failing processor call never forgets it.
  await undoCommits();
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
  await driveRefund(deps, order.id);
  await tellCanceled(deps, order.id);
}

/** Emails the buyer of a canceled late payment, once; told only what is true ("refunded" once confirmed). */
async function tellCanceled(deps: OrderDeps, orderId: string) {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  const refunded = order.refundStatus === "succeeded";
  await sendOnce(deps.db, deps.email, {
    orderId: order.id,
    kind: "canceled_refunded",
    to: order.buyerEmail,
    subject: refunded ? "Your order was canceled and refunded" : "Your order was canceled and is being refunded",
    body: `${CANCEL_REASON_LATE}\n\nOrder ${order.id}: ${order.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}.`,
  });
}

const owedRefund = (order: OrderWithItems, now: number) =>
  ({ refundStatus: "pending", refundAmountCents: order.totalCents, refundRequestedAt: now, refundLastError: null }) as const;

/** The hold ran out, the session expired, or an async payment failed: the order expires and its units return at once. */
export async function expireOrder(deps: OrderDeps, orderId: string, opts: { endSession: boolean }): Promise<void> {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  await transitionOrder(deps.db, order.id, "expire");
  const fresh = await findOrder(deps.db, orderId);
  if (fresh?.status !== "expired") return;
  await releaseOrderHolds(deps.inventory, fresh);
  // Stripe sessions last at least 30 minutes; a shorter hold ends its session here so the buyer cannot pay.
  if (opts.endSession && fresh.checkoutSessionId) {
    await deps.processor().expireCheckoutSession(fresh.checkoutSessionId, `expire:${fresh.id}`);
  }
}

/** The buyer released the hold behind a drop order: the order expires (and its session ends) at once. */
export async function expireOrderOfReservation(deps: OrderDeps, reservationId: string): Promise<void> {
  const order = await findOrderByReservation(deps.db, reservationId);
  if (order?.status === "pending") await expireOrder(deps, order.id, { endSession: true });
}

/**
 * charge.refunded: the money went back. A canceled (auto-refunded) order stays canceled; a refund reported before
 * the payment was (pending or expired order) ends the order as `refunded` and releases its holds.
 */
export async function applyRefund(deps: OrderDeps, order: OrderWithItems): Promise<void> {
  const now = Date.now();
  const confirmed = { refundStatus: "succeeded", refundedAt: now, refundAmountCents: order.refundAmountCents ?? order.totalCents, refundLastError: null } as const;
  if (order.status === "canceled" || order.status === "refunded") {
    if (order.refundStatus !== "succeeded") await updateOrder(deps.db, order.id, { ...confirmed, refundedAt: order.refundedAt ?? now });
    return;
  }
  const moved = await transitionOrder(deps.db, order.id, "refund", {
    ...confirmed,
    refundRequestedAt: order.refundRequestedAt ?? now,
  });
  if (moved && (order.status === "pending" || order.status === "expired")) await releaseOrderHolds(deps.inventory, order);
}

/** Creator-initiated full refund; the order becomes `refunded` when the processor confirms (charge.refunded). */
export async function requestRefund(deps: OrderDeps, creatorId: string, orderId: string): Promise<OrderWithItems> {
  const order = await findOrder(deps.db, orderId);
  if (!order || order.creatorId !== creatorId) throw notFound("Order");
  if (order.status !== "paid" && order.status !== "fulfilled") {
    throw new DomainError("conflict", `Only paid or fulfilled orders can be refunded (this one is ${order.status}).`);
  }
  if (!order.paymentIntentId) throw new DomainError("conflict", "This order has no payment to refund.");
  if (order.refundStatus !== "pending") await updateOrder(deps.db, order.id, owedRefund(order, Date.now()));
  await driveRefund(deps, order.id);
  return (await findOrder(deps.db, orderId))!;
}

/**
 * Asks the processor for a refund the order is owed, once now. If that call fails, the refund is handed to the
 * jobs queue, which retries it with backoff and, when retries run out, marks it `failed` as a dead letter to replay.
 * Only when the queue refuses too does this throw, so the caller's own retry (Stripe redelivering the event, the
 * creator's request) drives it again. The processor call is idempotent per order (`refund:{orderId}`).
 */
async function driveRefund(deps: OrderDeps, orderId: string): Promise<void> {
  try {
    await attemptRefund(deps, orderId);
  } catch (err) {
    log("warn", "refund call failed, retrying from the queue", { orderId, ...errorFields(err) });
    await deps.queue.send({ type: "order.refund", orderId }, { delaySeconds: REFUND_RETRY_DELAY_SECONDS });
  }
}

/** One refund attempt (the queue job's work): nothing when none is owed or it is confirmed; throws on failure. */
export async function attemptRefund(deps: OrderDeps, orderId: string): Promise<void> {
  const order = await findOrder(deps.db, orderId);
  if (!order || order.refundStatus === null || order.refundStatus === "succeeded" || !order.paymentIntentId) return;
  const attempts = order.refundAttempts + 1;
  try {
    await deps.processor().refund(
      { orderId: order.id, paymentIntentId: order.paymentIntentId, connected: order.connectAccountId !== null },
      `refund:${order.id}`,
    );
  } catch (err) {
    await updateOrder(deps.db, order.id, { refundStatus: "pending", refundAttempts: attempts, refundLastError: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  // The simulated processor confirms synchronously (charge.refunded already applied): keep what it wrote.
  const fresh = await findOrder(deps.db, order.id);
  if (fresh && fresh.refundStatus !== "succeeded") await updateOrder(deps.db, order.id, { refundStatus: "pending", refundAttempts: attempts, refundLastError: null });
  else if (fresh) await updateOrder(deps.db, order.id, { refundAttempts: attempts });
}

/** Retries ran out: the refund is `failed` (visible to the creator) until its dead letter is replayed. */
export async function markRefundFailed(db: Db, orderId: string, error: string): Promise<void> {
  const order = await findOrder(db, orderId);
  if (order && order.refundStatus === "pending") await updateOrder(db, orderId, { refundStatus: "failed", refundLastError: error.slice(0, 500) });
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
