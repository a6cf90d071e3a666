// The payment-processor boundary: Stripe in production, a simulated processor for offline development.
// Both drive the same signed-webhook path; only a verified event ever moves an order.

import { DAY_MS, MINUTE_MS } from "../shared/time";
export interface CheckoutLine {
  title: string;
  unitAmountCents: number;
  quantity: number;
}

export interface CheckoutSessionInput {
  orderId: string;
  currency: string;
  email: string;
  lines: CheckoutLine[];
  /** Stripe's minimum is 30 minutes; shorter holds are ended by expiring the session through the API. */
  expiresAt: number;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
  collectShipping: boolean;
  /** Offered when shipping is collected; the buyer's choice comes back with the completed session. */
  shippingRates: { name: string; amountCents: number; minDays?: number; maxDays?: number }[];
  /** Stripe Tax computes and adds the tax. */
  automaticTax: boolean;
  /** Creator payouts: a destination charge to the creator's Connect account with the platform's fee. */
  connect?: { accountId: string; applicationFeeCents: number };
}

export interface RefundInput {
  orderId: string;
  paymentIntentId: string;
  /** Destination charges: reverse the transfer and the application fee so the platform does not pay. */
  connected: boolean;
}

export interface PaymentProcessor {
  readonly name: "stripe" | "simulated";
  createCheckoutSession(input: CheckoutSessionInput, idempotencyKey: string): Promise<{ id: string; url: string }>;
  expireCheckoutSession(sessionId: string, idempotencyKey: string): Promise<void>;
  refund(input: RefundInput, idempotencyKey: string): Promise<void>;
}

export const STRIPE_MIN_SESSION_MS = 30 * MINUTE_MS;
export const STRIPE_MAX_SESSION_MS = DAY_MS - MINUTE_MS;
