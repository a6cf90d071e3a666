// What verified payment events do to orders: pay (commit holds, enqueue fulfillment), expire (release holds,
// end the Stripe session), refund. Every step is idempotent — commits, releases and status moves are
// compare-and-set — so a crash between steps and a redelivered event finish the work exactly once.
// The race others get wrong (a payment that lands after its hold expired): the units are re-reserved when they
// are still there; otherwise the whole order is refunded and canceled. Nobody is oversold, no money is kept.
import type { Db } from "../db/client";
import {
  ensureFulfillmentJob,
  findOrder,
  transitionOrder,
  updateOrder,
  type OrderItemRow,
  type OrderWithItems,
} from "../db/orders-store";
import { dropObject, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import type { Result, Reservation } from "../inventory/rules";
import type { PaymentProcessor } from "../checkout/processor";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { log } from "../shared/log";
import type { JobMessage } from "../jobs/messages";
import { sendOnce, type EmailConfig } from "../fulfillment/email";

export interface OrderDeps {
  db: Db;
  inventory: InventoryNamespace;
  queue: Queue<JobMessage>;
  processor: () => PaymentProcessor;
  email: EmailConfig;
}

export const CANCEL_REASON_SOLD_OUT = "Your payment arrived after your reservation expired and the items sold out meanwhile. The full amount has been refunded.";

function holdStub(inventory: InventoryNamespace, order: OrderWithItems, item: OrderItemRow) {
  return item.holdScope === "drop" ? dropObject(inventory, order.dropId!) : variantObject(inventory, item.variantId);
}

const heldItems = (order: OrderWithItems) => order.items.filter((i) => i.holdId !== null);

export async function releaseOrderHolds(inventory: InventoryNamespace, order: OrderWithItems): Promise<void> {
  await Promise.all(heldItems(order).map((i) => holdStub(inventory, order, i).release(i.holdId!)));
}

export interface PaymentFacts {
  paymentIntentId: string | null;
  shippingAddress?: Record<string, unknown> | null;
}

/** Stores what an event tells about the payment (its intent, the collected address) when the order lacks it. */
export async function recordPaymentFacts(deps: OrderDeps, order: OrderWithItems, facts: PaymentFacts): Promise<OrderWithItems> {
  const patch = {
    ...(facts.paymentIntentId && facts.paymentIntentId !== order.paymentIntentId && { paymentIntentId: facts.paymentIntentId }),
    ...(facts.shippingAddress && !order.shippingAddress && { shippingAddress: facts.shippingAddress }),
  };
  if (Object.keys(patch).length === 0) return order;
  await updateOrder(deps.db, order.id, patch);
  return { ...order, ...patch };
}

/** A verified payment for the order. */
export async function payOrder(deps: OrderDeps, order: OrderWithItems, payment: PaymentFacts): Promise<void> {
  order = await recordPaymentFacts(deps, order, payment);
  if (order.status === "paid") return enqueueFulfillment(deps, order.id);
  if (order.status !== "pending" && order.status !== "expired") return;

  const items = heldItems(order);
  const results: Result<Reservation>[] = await Promise.all(items.map((i) => holdStub(deps.inventory, order, i).commit(i.holdId!, { reReserve: true })));
  if (results.every((r) => r.ok)) {
    const paid = await transitionOrder(deps.db, order.id, ["pending", "expired"], "paid", { paidAt: Date.now() });
    if (paid) await enqueueFulfillment(deps, order.id);
    return;
  }
  // Some units are gone: give back what this payment took and refund the whole order.
  await Promise.all(items.map((i, n) => (results[n]!.ok ? holdStub(deps.inventory, order, i).uncommit(i.holdId!) : undefined)));
  await transitionOrder(deps.db, order.id, ["pending"], "expired");
  const canceled = await transitionOrder(deps.db, order.id, ["expired"], "canceled", { cancelReason: CANCEL_REASON_SOLD_OUT });
  log("warn", "late payment without stock: refunding", { orderId: order.id });
  if (canceled && order.paymentIntentId) await refundThroughProcessor(deps, order);
  if (canceled) {
    await sendOnce(deps.db, deps.email, {
      orderId: order.id,
      kind: "canceled_refunded",
      to: order.buyerEmail,
      subject: "Your order was canceled and refunded",
      body: `${CANCEL_REASON_SOLD_OUT}\n\nOrder ${order.id}: ${order.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}.`,
    });
  }
}

/** The hold ran out, the session expired, or an async payment failed: the order expires and its units return at once. */
export async function expireOrder(deps: OrderDeps, orderId: string, opts: { endSession: boolean }): Promise<void> {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  if (order.status === "pending") await transitionOrder(deps.db, order.id, ["pending"], "expired");
  const fresh = await findOrder(deps.db, orderId);
  if (fresh?.status !== "expired") return;
  await releaseOrderHolds(deps.inventory, fresh);
  // Stripe sessions last at least 30 minutes; a shorter hold ends its session here so the buyer cannot pay.
  if (opts.endSession && fresh.checkoutSessionId) {
    await deps.processor().expireCheckoutSession(fresh.checkoutSessionId, `expire:${fresh.id}`);
  }
}

/** charge.refunded: the money went back. A canceled (auto-refunded) order stays canceled. */
export async function applyRefund(deps: OrderDeps, order: OrderWithItems): Promise<void> {
  const now = Date.now();
  if (order.status === "canceled" || order.status === "refunded") {
    if (order.refundedAt === null) await updateOrder(deps.db, order.id, { refundedAt: now });
    return;
  }
  const moved = await transitionOrder(deps.db, order.id, ["pending", "expired", "paid", "fulfilled"], "refunded", { refundedAt: now });
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
  await updateOrder(deps.db, order.id, { refundRequestedAt: Date.now() });
  await refundThroughProcessor(deps, order);
  return (await findOrder(deps.db, orderId))!;
}

async function refundThroughProcessor(deps: OrderDeps, order: OrderWithItems) {
  const connected = order.connectAccountId !== null;
  await deps.processor().refund({ orderId: order.id, paymentIntentId: order.paymentIntentId!, connected }, `refund:${order.id}`);
}

/** The outbox row first, then the message: a crash in between is repaired by the event's redelivery. */
export async function enqueueFulfillment(deps: OrderDeps, orderId: string): Promise<void> {
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
