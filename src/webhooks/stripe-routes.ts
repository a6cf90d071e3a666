// POST /webhooks/stripe: Stripe's events, verified on the raw body and applied to their orders (checkout/stripe-events.ts).
import { Hono } from "hono/tiny";
import { handleStripeWebhook } from "../checkout/stripe-events";
import type { AppEnv } from "../env";
import { bodyUpTo1MiB } from "../shared/validation";

export const stripeWebhookRoutes = new Hono<AppEnv>();

// Stripe events are a few KiB; anything near 1 MiB is not one.
stripeWebhookRoutes.post("/stripe", bodyUpTo1MiB, async (c) => {
  const services = c.get("services");
  const secret = services.webhookSecret; // payments_unavailable before the body is read when it is not configured
  return c.json(await handleStripeWebhook(services, await c.req.text(), c.req.header("stripe-signature"), secret));
});
