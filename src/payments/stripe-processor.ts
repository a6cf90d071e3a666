// Stripe Checkout through the official SDK (its workerd build: fetch + SubtleCrypto). Every call carries an
// idempotency key, so a retried checkout or refund never creates a second session or refund at Stripe.
import Stripe from "stripe";
import type { CheckoutSessionInput, PaymentProcessor, RefundInput } from "./processor";

/** Countries Stripe may ship to for physical merch; creators' providers decide the rest. */
const SHIPPING_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "DE", "NL", "BE", "ES", "IT", "PT", "AT", "SE", "DK", "FI", "NO", "CH", "PL", "AU", "NZ", "JP"] as const;

function stripeClient(secretKey: string): Stripe {
  return new Stripe(secretKey, { httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 2, timeout: 10_000 });
}

export function createStripeProcessor(secretKey: string): PaymentProcessor {
  const stripe = stripeClient(secretKey);
  return {
    name: "stripe",
    async createCheckoutSession(input: CheckoutSessionInput, idempotencyKey: string) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          customer_email: input.email,
          client_reference_id: input.orderId,
          line_items: input.lines.map((line) => ({
            quantity: line.quantity,
            // Prices are before tax: with Stripe Tax on, tax is added on top (never assumed inside the price).
            price_data: { currency: input.currency, unit_amount: line.unitAmountCents, product_data: { name: line.title }, ...(input.automaticTax && { tax_behavior: "exclusive" as const }) },
          })),
          expires_at: Math.ceil(input.expiresAt / 1000),
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          metadata: input.metadata,
          ...(input.collectShipping && {
            shipping_address_collection: { allowed_countries: [...SHIPPING_COUNTRIES] },
          }),
          ...(input.shippingRates.length && {
            shipping_options: input.shippingRates.map((rate) => ({
              shipping_rate_data: {
                type: "fixed_amount" as const,
                display_name: rate.name,
                fixed_amount: { amount: rate.amountCents, currency: input.currency },
                ...(input.automaticTax && { tax_behavior: "exclusive" as const }),
                ...((rate.minDays || rate.maxDays) && {
                  delivery_estimate: {
                    ...(rate.minDays && { minimum: { unit: "business_day" as const, value: rate.minDays } }),
                    ...(rate.maxDays && { maximum: { unit: "business_day" as const, value: rate.maxDays } }),
                  },
                }),
              },
            })),
          }),
          ...(input.automaticTax && { automatic_tax: { enabled: true } }),
          payment_intent_data: {
            metadata: input.metadata,
            ...(input.connect && {
              application_fee_amount: input.connect.applicationFeeCents,
              transfer_data: { destination: input.connect.accountId },
            }),
          },
        },
        { idempotencyKey },
      );
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { id: session.id, url: session.url };
    },
    async expireCheckoutSession(sessionId: string, idempotencyKey: string) {
      try {
        await stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey });
      } catch (err) {
        // Already completed or expired: nothing to end. A completed session arrives as its own event.
        if (err instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw err;
      }
    },
    async refund(input: RefundInput, idempotencyKey: string) {
      await stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          metadata: { orderId: input.orderId },
          ...(input.connected && { reverse_transfer: true, refund_application_fee: true }),
        },
        { idempotencyKey },
      );
    },
  };
}
