// Stripe's events applied to orders: the signature verified on the raw body, each event id processed once, each
// event applied to its order, found by the session id (or metadata.orderId), a refund by its payment intent.
// Event types we do not act on are acknowledged and ignored.
import type Stripe from "stripe";
import {
  findOrder,
  findOrderByPaymentIntent,
  findOrderBySession,
  markStripeEventProcessed,
  recordStripeEvent,
  rememberRefundedPaymentIntent,
} from "../db/orders-store";
import { expireOrder } from "../orders/expire-order";
import type { OrderDeps } from "../orders/order-deps";
import { notePayment, payOrder } from "../orders/pay-order";
import { applyRefund } from "../orders/refunds";
import { verifyStripeEvent } from "../payments/stripe-signature";
import { log } from "../shared/log";

export async function handleStripeWebhook(deps: OrderDeps, rawBody: string, signature: string | undefined, secret: string) {
  const event = await verifyStripeEvent(rawBody, signature, secret);
  const now = Date.now();
  const { fresh } = await recordStripeEvent(deps.db, event.id, event.type, now);
  if (!fresh) return { received: true, duplicate: true };
  const orderId = await applyStripeEvent(deps, event);
  await markStripeEventProcessed(deps.db, event.id, orderId, Date.now());
  return { received: true, orderId };
}

async function orderOfSession(deps: OrderDeps, session: Stripe.Checkout.Session) {
  const bySession = await findOrderBySession(deps.db, session.id);
  if (bySession) return bySession;
  const metaId = session.metadata?.orderId;
  const byMeta = metaId ? await findOrder(deps.db, metaId) : undefined;
  // Only trust metadata when the order has no other session (a session id is the stronger link).
  return byMeta && (byMeta.checkoutSessionId === null || byMeta.checkoutSessionId === session.id) ? byMeta : undefined;
}

function shippingOf(session: Stripe.Checkout.Session): Record<string, unknown> | null {
  const details = session.collected_information?.shipping_details ?? null;
  return details ? { name: details.name, address: details.address } : null;
}

const paymentIntentOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

async function applyStripeEvent(deps: OrderDeps, event: Stripe.Event): Promise<string | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      const order = await orderOfSession(deps, session);
      if (!order) return unknownOrder(event);
      const facts = {
        paymentIntentId: paymentIntentOf(session.payment_intent),
        shippingAddress: shippingOf(session),
        // What was charged: the session's total (shipping's own tax is inside amount_tax, not in the shipping line).
        charges: { shippingCents: session.shipping_cost?.amount_subtotal ?? 0, taxCents: session.total_details?.amount_tax ?? 0, totalCents: session.amount_total },
      };
      // "completed" with payment_status "unpaid" is an async method still settling: wait for async_payment_succeeded.
      if (event.type === "checkout.session.async_payment_succeeded" || session.payment_status !== "unpaid") {
        await payOrder(deps, order, facts);
      } else {
        await notePayment(deps, order, facts);
      }
      return order.id;
    }
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const order = await orderOfSession(deps, event.data.object);
      if (!order) return unknownOrder(event);
      await expireOrder(deps, order.id, { endSession: false });
      return order.id;
    }
    case "charge.refunded": {
      const charge = event.data.object;
      if (!charge.refunded) return null; // a partial refund leaves the order as it is
      const pi = paymentIntentOf(charge.payment_intent);
      const order = (pi ? await findOrderByPaymentIntent(deps.db, pi) : undefined) ?? (charge.metadata?.orderId ? await findOrder(deps.db, charge.metadata.orderId) : undefined);
      if (!order) {
        // Stripe may deliver the refund before the payment: kept by intent, applied when the payment arrives. The
        // payment may have recorded its intent just now (after the lookup above): look once more after remembering,
        // so whichever of the two lands second sees the other.
        if (!pi) return unknownOrder(event);
        await rememberRefundedPaymentIntent(deps.db, event.id, pi);
        const late = await findOrderByPaymentIntent(deps.db, pi);
        if (!late) return unknownOrder(event);
        await applyRefund(deps, late);
        return late.id;
      }
      await applyRefund(deps, order, charge.amount_refunded);
      return order.id;
    }
    default:
      return null;
  }
}

function unknownOrder(event: Stripe.Event): null {
  log("warn", "stripe event for an unknown order", { eventId: event.id, type: event.type });
  return null;
}
