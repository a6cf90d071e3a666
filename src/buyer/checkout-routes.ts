// POST /api/v1/checkout: a drop reservation or a cart becomes a pending order with a checkout session.
import { Hono } from "hono/tiny";
import { CartCheckoutSchema, DropCheckoutSchema, isDropCheckout } from "../checkout/schemas";
import { startCartCheckout, startDropCheckout } from "../checkout/start-checkout";
import type { AppEnv } from "../env";
import { idempotent } from "../http/idempotency";
import { sha256Hex } from "../shared/crypto";
import { normalizeEmail } from "../shared/email";
import { parseWith } from "../shared/validation";
import { rateLimitCheckouts } from "../http/rate-limit";

export const checkoutRoutes = new Hono<AppEnv>();

/**
 * Idempotency keys of buyer checkouts are scoped to the handle and normalized email (or the reservation). The email
 * is kept as its SHA-256 only: the stored keys hold no address, so nothing is left to erase when a buyer asks.
 */
async function checkoutScope(c: { req: { json: () => Promise<unknown> } }): Promise<string> {
  const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
  if (isDropCheckout(body)) return `checkout:drop:${String(body.dropId)}:${String(body.reservationId)}`;
  return `checkout:cart:${String(body.handle)}:${await sha256Hex(typeof body.email === "string" ? normalizeEmail(body.email) : "")}`;
}

checkoutRoutes.post("/checkout", rateLimitCheckouts, idempotent(checkoutScope), async (c) => {
  const body = await c.req.json().catch(() => undefined);
  const services = c.get("services");
  const origin = new URL(c.req.url).origin;
  if (isDropCheckout(body)) return c.json(await startDropCheckout(services, origin, parseWith(DropCheckoutSchema, body)), 201);
  return c.json(await startCartCheckout(services, origin, parseWith(CartCheckoutSchema, body)), 201);
});
