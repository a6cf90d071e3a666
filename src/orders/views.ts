// How orders look to buyers (no internal ids of other systems) and to creators (everything they need to act).
import type { FulfillmentJobRow, OrderItemRow, OrderWithItems } from "../db/orders-store";
import { iso } from "../shared/time";

const shipmentOf = (i: OrderItemRow) => ({ carrier: i.carrier, trackingNumber: i.trackingNumber, shippedAt: iso(i.shippedAt) });

export function toPublicOrder(order: OrderWithItems) {
  return {
    id: order.id,
    status: order.status,
    totalCents: order.totalCents,
    currency: order.currency,
    discountCode: order.discountCode,
    discountCents: order.discountCents,
    shippingCents: order.shippingCents,
    taxCents: order.taxCents,
    // The buyer sees how a shipped item travels (the provider's reference is the creator's business).
    items: order.items.map((i) => ({ id: i.id, title: i.title, kind: i.kind, quantity: i.quantity, unitPriceCents: i.unitPriceCents, ...shipmentOf(i) })),
    createdAt: iso(order.createdAt)!,
    paidAt: iso(order.paidAt),
    cancelReason: order.cancelReason,
    refund: refundOf(order),
  };
}

/** API.md "Lifecycles": null, or the full refund in flight (retried until the processor confirms it). */
function refundOf(order: OrderWithItems) {
  if (order.refundStatus === null) return null;
  return {
    status: order.refundStatus,
    amountCents: order.refundAmountCents ?? order.totalCents,
    requestedAt: iso(order.refundRequestedAt),
    refundedAt: iso(order.refundedAt),
  };
}

export function toAdminOrder(order: OrderWithItems, job?: FulfillmentJobRow) {
  return {
    ...toPublicOrder(order),
    buyerEmail: order.buyerEmail,
    dropId: order.dropId,
    reservationId: order.reservationId,
    checkoutSessionId: order.checkoutSessionId,
    paymentIntentId: order.paymentIntentId,
    shippingAddress: order.shippingAddress ?? null,
    applicationFeeCents: order.applicationFeeCents,
    refundRequestedAt: iso(order.refundRequestedAt),
    refundedAt: iso(order.refundedAt),
    items: order.items.map((i) => ({
      id: i.id,
      productId: i.productId,
      variantId: i.variantId,
      sku: i.sku,
      title: i.title,
      kind: i.kind,
      quantity: i.quantity,
      unitPriceCents: i.unitPriceCents,
      fulfilledAt: iso(i.fulfilledAt),
      providerReference: i.providerReference,
      ...shipmentOf(i),
    })),
    fulfillment: job ? { jobId: job.id, status: job.status, attempts: job.attempts, lastError: job.lastError } : null,
  };
}
