// Per-client-IP rate limits on buyer writes (the RESERVE_LIMITER binding): reservations, checkouts and the
// storefront's form fallbacks. The IP is CF-Connecting-IP, which Cloudflare sets in production; locally a client
// may send it, which is how load tests simulate many buyers.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { DomainError } from "../shared/errors";

/** The binding's period (wrangler.toml `simple.period`); the binding itself only answers success or not. */
const PERIOD_SECONDS = 10;

function rateLimit(action: "reserve" | "checkout"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = c.req.header("cf-connecting-ip") ?? "unknown";
    const { success } = await c.env.RESERVE_LIMITER.limit({ key: `${action}:${ip}` });
    if (!success) {
      c.header("Retry-After", String(PERIOD_SECONDS));
      throw new DomainError("rate_limited", "Too many attempts; try again in a few seconds.");
    }
    await next();
  };
}

export const rateLimitReservations = rateLimit("reserve");
export const rateLimitCheckouts = rateLimit("checkout");
