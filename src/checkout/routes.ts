// Buyer checkout and order status (JSON), and Stripe's webhook endpoint.
import { Hono } from "hono";
import { findOrder } from "../db/orders-store";
import { downloadLinks } from "../fulfillment/digital";
import type { AppEnv } from "../env";
import { signingSecret, verifyOrderToken } from "../orders/order-token";
import { toPublicOrder } from "../orders/views";
import { assertDropExists } from "../buyer/known-drops";
import { rateLimitCheckouts } from "../buyer/rate-limit";
import { notFound } from "../shared/errors";
import { idempotent } from "../shared/idempotency";
import { bodyUpTo1MiB, parseWith } from "../shared/validation";
import { normalizeEmail } from "../inventory/rules";
import { assertCartWithinLimits } from "./cart-limits";
import { checkoutContext, orderDeps } from "./deps";
import { assertPaymentsConfigured, webhookSecret } from "./processor";
import { CartCheckoutSchema, DropCheckoutSchema, isDropCheckout } from "./schemas";
import { startCartCheckout, startDropCheckout } from "./start-checkout";
import { handleStripeWebhook } from "./webhook";

export const checkoutRoutes = new Hono<AppEnv>();

/** Idempotency keys of buyer checkouts are scoped to the handle and normalized email (or the reservation). */
async function checkoutScope(c: { req: { json: () => Promise<unknown> } }): Promise<string> {
  const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
  if (isDropCheckout(body)) return `checkout:drop:${String(body.dropId)}:${String(body.reservationId)}`;
  return `checkout:cart:${String(body.handle)}:${typeof body.email === "string" ? normalizeEmail(body.email) : ""}`;
}

checkoutRoutes.post("/api/v1/checkout", rateLimitCheckouts, idempotent(checkoutScope), async (c) => {
  assertPaymentsConfigured(c.env);
  const body = await c.req.json().catch(() => undefined);
  const ctx = checkoutContext(c.env, c.get("db"), new URL(c.req.url).origin);
  if (isDropCheckout(body)) {
    const input = parseWith(DropCheckoutSchema, body);
    await assertDropExists(ctx.db, input.dropId);
    return c.json(await startDropCheckout(ctx, input), 201);
  }
  const cart = parseWith(CartCheckoutSchema, body);
  await assertCartWithinLimits(ctx.db, cart);
  return c.json(await startCartCheckout(ctx, cart), 201);
});

checkoutRoutes.get("/api/v1/orders/:id", async (c) => {
  const order = await findOrder(c.get("db"), c.req.param("id"));
  // A wrong token and an unknown id look the same.
  if (!order || !(await verifyOrderToken(signingSecret(c.env), order.id, c.req.query("token")))) throw notFound("Order");
  c.header("cache-control", "no-store");
  const downloads = await downloadLinks(c.get("db"), signingSecret(c.env), new URL(c.req.url).origin, order);
  return c.json({ order: { ...toPublicOrder(order), ...(downloads.length && { downloads }) } });
});

// Stripe events are a few KiB; anything near 1 MiB is not one.
checkoutRoutes.post("/webhooks/stripe", bodyUpTo1MiB, async (c) => {
  const secret = webhookSecret(c.env);
  const raw = await c.req.text();
  return c.json(await handleStripeWebhook(orderDeps(c.env, c.get("db")), raw, c.req.header("stripe-signature"), secret));
});
