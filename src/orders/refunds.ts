// Refunds, automatic (a late payment that could not be honoured) or the creator's: a refund owed is written down
// with the state change, asked of the processor inline, then retried from the jobs queue with backoff until the
// processor confirms it (`charge.refunded`), so money is never kept by mistake; `failed` only after retries run out.
// A refund reported before its payment (by payment intent) ends the order `refunded` when the payment arrives.
import { recordAudit, type Actor } from "../db/audit-store";
import type { Db } from "../db/client";
import { findCreatorById } from "../db/creators-store";
import { sendOnce, yourOrder } from "../fulfillment/email";
import { formatMoney } from "../shared/money";
import { findOrder, refundSeenForPaymentIntent, transitionOrder, updateOrder, type OrderWithItems } from "../db/orders-store";
import { DomainError, notFound } from "../shared/errors";
import { errorFields, log } from "../shared/log";
import { releaseOrderHolds, type OrderDeps } from "./order-deps";
import { canApply, delivers } from "../shared/order-states";
import { emitOrderEvent } from "./order-events";

/** First retry of a refund that failed inline; the queue's backoff takes over from there. */
const REFUND_RETRY_DELAY_SECONDS = 10;

export const owedRefund = (order: OrderWithItems, now: number) =>
  ({ refundStatus: "pending", refundAmountCents: order.totalCents, refundRequestedAt: now, refundLastError: null }) as const;

/** Whether a full refund of this order's payment was reported before the order knew its payment intent. */
export const earlierRefund = async (deps: OrderDeps, order: OrderWithItems) =>
  order.paymentIntentId !== null && (await refundSeenForPaymentIntent(deps.db, order.paymentIntentId));

/**
 * charge.refunded: the money went back. A canceled (auto-refunded) order stays canceled; a refund reported before
 * the payment was (pending or expired order) ends the order as `refunded` and releases its holds.
 */
export async function applyRefund(deps: OrderDeps, order: OrderWithItems, refundedCents?: number | null): Promise<void> {
  const now = Date.now();
  // What the processor says went back is the truth (a refund reported before the payment's own event knows the
  // charged total, shipping and tax included, before the order does).
  const confirmed = { refundStatus: "succeeded", refundedAt: now, refundAmountCents: refundedCents ?? order.refundAmountCents ?? order.totalCents, refundLastError: null } as const;
  if (!canApply("refund", order.status)) {
    // Canceled (refunded automatically) or refunded already: only the confirmation is new.
    if (order.refundStatus !== "succeeded") await updateOrder(deps.db, order.id, { ...confirmed, refundedAt: order.refundedAt ?? now });
    // A redelivery after a failed send emits it again (the event id makes it one delivery).
    if (order.status === "refunded") await emitOrderEvent(deps, order.id, "refunded");
    return;
  }
  const moved = await transitionOrder(deps.db, order.id, "refund", {
    ...confirmed,
    refundRequestedAt: order.refundRequestedAt ?? now,
  });
  // Refunded before it was paid: its holds were never sold and go back now.
  if (moved && canApply("pay", order.status)) await releaseOrderHolds(deps, order);
  if (moved) await emitOrderEvent(deps, order.id, "refunded");
  // The buyer hears of it once; the refund stands whether or not the email goes out (the outbox keeps it).
  if (moved) {
    await tellRefunded(deps, order, confirmed.refundAmountCents).catch((err: unknown) =>
      log("warn", "the refund email could not be written", { orderId: order.id, ...errorFields(err) }),
    );
  }
}

async function tellRefunded(deps: OrderDeps, order: OrderWithItems, amountCents: number) {
  const creator = await findCreatorById(deps.db, order.creatorId);
  await sendOnce(deps.db, deps.email, {
    orderId: order.id,
    kind: "refunded",
    to: order.buyerEmail,
    subject: `${yourOrder(creator)} was refunded`,
    body: `${formatMoney(amountCents, order.currency)} is on its way back to you (banks take a few days to show it).\n\nOrder ${order.id}: ${order.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}.`,
    brand: creator && { name: creator.displayName, accent: creator.accentColor },
  });
}

/** Creator-initiated full refund; the order becomes `refunded` when the processor confirms (charge.refunded). */
export async function requestRefund(deps: OrderDeps, actor: Actor, orderId: string): Promise<OrderWithItems> {
  const order = await findOrder(deps.db, orderId);
  if (!order || order.creatorId !== actor.creatorId) throw notFound("Order");
  if (!delivers(order.status)) {
    throw new DomainError("conflict", `Only paid or fulfilled orders can be refunded (this one is ${order.status}).`);
  }
  if (!order.paymentIntentId) throw new DomainError("conflict", "This order has no payment to refund.");
  if (order.refundStatus !== "pending") await updateOrder(deps.db, order.id, owedRefund(order, Date.now()));
  await recordAudit(deps.db, actor, "order.refund_requested", { orderId });
  await driveRefund(deps, order.id);
  return (await findOrder(deps.db, orderId))!;
}

/**
 * Asks the processor for a refund the order is owed, once now. If that call fails, the refund is handed to the
 * jobs queue, which retries it with backoff and, when retries run out, marks it `failed` as a dead letter to replay.
 * Only when the queue refuses too does this throw, so the caller's own retry (Stripe redelivering the event, the
 * creator's request) drives it again. The processor call is idempotent per order (`refund:{orderId}`).
 */
export async function driveRefund(deps: OrderDeps, orderId: string): Promise<void> {
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
