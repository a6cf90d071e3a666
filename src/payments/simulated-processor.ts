// The simulated processor for offline development (ENVIRONMENT=development without STRIPE_SECRET_KEY). It builds
// Stripe-shaped events, signs them with the webhook secret and hands them to the very same verified webhook path
// that Stripe's deliveries take, so the offline flow exercises the production code.
import { signStripePayload } from "./stripe-signature";
import { newId } from "../shared/ids";
import type { CheckoutSessionInput, PaymentProcessor, RefundInput } from "./processor";

export type DeliverEvent = (rawBody: string, signature: string) => Promise<unknown>;

export function stripeShapedEvent(type: string, object: Record<string, unknown>) {
  return {
    id: newId("evt_sim"),
    object: "event",
    api_version: "2025-10-29",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export async function signAndDeliver(secret: string, deliver: DeliverEvent, event: object) {
  const payload = JSON.stringify(event);
  return deliver(payload, await signStripePayload(payload, secret));
}

export function createSimulatedProcessor(opts: { secret: string; deliver: DeliverEvent }): PaymentProcessor {
  return {
    name: "simulated",
    async createCheckoutSession(input: CheckoutSessionInput) {
      const id = newId("cs_sim");
      return { id, url: `${new URL(input.successUrl).origin}/dev/checkout/${id}` };
    },
    async expireCheckoutSession() {
      // Nothing to end: the simulated checkout page reads the order's state, and paying late stays possible.
    },
    async refund(input: RefundInput) {
      const charge = {
        id: newId("ch_sim"),
        object: "charge",
        payment_intent: input.paymentIntentId,
        refunded: true,
        metadata: { orderId: input.orderId },
      };
      await signAndDeliver(opts.secret, opts.deliver, stripeShapedEvent("charge.refunded", charge));
    },
  };
}
