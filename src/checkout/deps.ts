// Wires the order and checkout use cases to this request's bindings: D1, the inventory objects, the jobs queue
// and the payment processor (Stripe, or the simulated one whose events go through the same webhook handler).
import type { Db } from "../db/client";
import type { EmailConfig } from "../fulfillment/email";
import type { FulfillmentDeps } from "../fulfillment/fulfill-order";
import type { JobMessage } from "../shared/bindings";
import { signingSecret } from "../orders/order-token";
import type { OrderDeps } from "../orders/payments";
import { DomainError } from "../shared/errors";
import { isSimulated, webhookSecret, type PaymentProcessor } from "./processor";
import { createSimulatedProcessor } from "./simulated-processor";
import type { CheckoutContext } from "./start-checkout";
import { createStripeProcessor } from "./stripe-processor";
import { handleStripeWebhook } from "./webhook";

export function orderDeps(env: Env, db: Db): OrderDeps {
  let processor: PaymentProcessor | undefined;
  const deps: OrderDeps = {
    db,
    inventory: env.INVENTORY,
    queue: env.FULFILLMENT_QUEUE as Queue<JobMessage>,
    email: emailConfig(env),
    processor: () => {
      if (processor) return processor;
      if (env.STRIPE_SECRET_KEY) processor = createStripeProcessor(env.STRIPE_SECRET_KEY);
      else if (isSimulated(env)) {
        const secret = webhookSecret(env);
        processor = createSimulatedProcessor({ secret, deliver: (raw, sig) => handleStripeWebhook(deps, raw, sig, secret) });
      } else throw new DomainError("payments_unavailable", "Payments are not configured for this store yet.");
      return processor;
    },
  };
  return deps;
}

export function emailConfig(env: Env): EmailConfig {
  return { EMAIL_API_URL: env.EMAIL_API_URL, EMAIL_API_KEY: env.EMAIL_API_KEY, EMAIL_FROM: env.EMAIL_FROM };
}

export function fulfillmentDeps(env: Env, db: Db): FulfillmentDeps {
  return { db, signingSecret: signingSecret(env), email: emailConfig(env) };
}

export function checkoutContext(env: Env, db: Db, origin: string): CheckoutContext {
  const fee = Number(env.PLATFORM_FEE_BPS ?? 0);
  return {
    ...orderDeps(env, db),
    origin,
    signingSecret: signingSecret(env),
    platformFeeBps: Number.isInteger(fee) && fee >= 0 && fee <= 10_000 ? fee : 0,
  };
}
