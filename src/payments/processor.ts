// The payment-processor boundary: Stripe in production, a simulated processor for offline development.
// Both drive the same signed-webhook path; only a verified event ever moves an order.
import { DomainError } from "../shared/errors";

interface CheckoutLine {
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

export const STRIPE_MIN_SESSION_MS = 30 * 60 * 1000;
export const STRIPE_MAX_SESSION_MS = 24 * 60 * 60 * 1000 - 60_000;
/** Used only in development when STRIPE_WEBHOOK_SECRET is empty; production never accepts it. */
const DEV_WEBHOOK_SECRET = "whsec_dropfront_development_only";

export function isSimulated(env: Pick<Env, "ENVIRONMENT" | "STRIPE_SECRET_KEY">): boolean {
  return env.ENVIRONMENT === "development" && !env.STRIPE_SECRET_KEY;
}

export function webhookSecret(env: Pick<Env, "ENVIRONMENT" | "STRIPE_WEBHOOK_SECRET">): string {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (env.ENVIRONMENT === "development") return DEV_WEBHOOK_SECRET;
  throw new DomainError("payments_unavailable", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).");
}
