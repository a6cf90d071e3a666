// Idempotency-Key for POSTs that D1 backs (admin, platform and buyer checkouts). The same key and body replays the first
// status and body; the same key with another body, or while the first request is still running, is `conflict`.
// Keys are scoped to the caller and the route (method + path) and kept 24 h. Server errors are not stored,
// so a retry after a 5xx runs again.
import type { Context, MiddlewareHandler } from "hono";
import {
  abandonIdempotencyKey,
  claimIdempotencyKey,
  completeIdempotencyKey,
  purgeExpiredIdempotencyKeys,
} from "../db/idempotency-store";
import type { AppEnv } from "../env";
import { sha256Hex } from "../shared/crypto";
import { DomainError } from "../shared/errors";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function readIdempotencyKey(c: Context): string | undefined {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError("invalid_input", "Idempotency-Key must be 1–255 visible ASCII characters.", [
      { field: "Idempotency-Key", message: "Invalid key." },
    ]);
  }
  return key;
}

export function idempotent(callerOf: (c: Context<AppEnv>) => string | Promise<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const key = readIdempotencyKey(c);
    if (key === undefined) return next();
    const db = c.get("services").db;
    const scope = `${await callerOf(c)}|POST ${c.req.path}`;
    // The body's bytes (a JSON text or a raw image): the same digest as its text for JSON.
    const requestHash = await sha256Hex(await c.req.arrayBuffer());
    const now = Date.now();
    const claim = await claimIdempotencyKey(db, scope, key, requestHash, now);
    if (claim.kind === "replay") {
      if (claim.requestHash !== requestHash) {
        throw new DomainError("conflict", "This Idempotency-Key was already used with a different request body.");
      }
      if (claim.statusCode === null || claim.responseBody === null) {
        throw new DomainError("conflict", "A request with this Idempotency-Key is still in progress.");
      }
      return new Response(claim.responseBody, {
        status: claim.statusCode,
        headers: { "content-type": "application/json", "idempotent-replayed": "true" },
      });
    }
    // Hono renders a thrown error into c.res before next() resolves, so errors are stored and replayed too.
    await next();
    await settle(c, scope, key, claim.claimedAt);
    if (Math.random() < 0.02) c.executionCtx.waitUntil(purgeExpiredIdempotencyKeys(db, now));
  };
}

/**
 * Secrets shown once (a new token, a new webhook's signing secret) are never stored here, so a replay of the request
 * returns the same body without them (`tokenRedacted`, `webhook.secretRedacted`); the caller that lost the first
 * answer creates a new token, or deletes the webhook and creates another.
 */
function withoutSecrets(body: string): string {
  if (!body.includes('"token"') && !body.includes('"secret"')) return body;
  try {
    const parsed = JSON.parse(body) as { token?: unknown; tokenRedacted?: boolean; webhook?: { secret?: unknown; secretRedacted?: boolean } };
    if (typeof parsed.token === "string") {
      delete parsed.token;
      parsed.tokenRedacted = true;
    }
    if (typeof parsed.webhook?.secret === "string") {
      delete parsed.webhook.secret;
      parsed.webhook.secretRedacted = true;
    }
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

async function settle(c: Context<AppEnv>, scope: string, key: string, claimedAt: number) {
  const db = c.get("services").db;
  if (c.res.status >= 500) {
    await abandonIdempotencyKey(db, scope, key, claimedAt);
    return;
  }
  await completeIdempotencyKey(db, scope, key, claimedAt, c.res.status, withoutSecrets(await c.res.clone().text()));
}
