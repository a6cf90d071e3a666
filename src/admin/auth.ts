// Bearer-token authentication for the creator admin API and the platform API.
// A creator token is looked up by its SHA-256 (never stored in clear), checked for revocation on every request
// (so revoking is effective at once), and read-only tokens are refused on every write with `forbidden`.
import type { MiddlewareHandler } from "hono";
import { findActiveTokenByHash, touchToken } from "../db/creators-store";
import type { AppEnv } from "../env";
import { secretsEqual, sha256Hex } from "../shared/crypto";
import { DomainError } from "../shared/errors";

const LAST_USED_GRANULARITY_MS = 60_000;

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

const unauthorized = () => new DomainError("unauthorized", "A valid bearer token is required.");

export const creatorAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!token || token.length > 200) throw unauthorized();
  const hash = await sha256Hex(token);
  const db = c.get("db");
  const row = await findActiveTokenByHash(db, hash);
  if (!row || !(await secretsEqual(row.tokenHash, hash))) throw unauthorized();
  if (row.readOnly && !["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
    throw new DomainError("forbidden", "This token is read-only.");
  }
  c.set("auth", { creatorId: row.creatorId, tokenId: row.id, readOnly: row.readOnly });
  const now = Date.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_GRANULARITY_MS) {
    c.executionCtx.waitUntil(touchToken(db, row.id, now).catch(() => undefined));
  }
  await next();
};

export const platformAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  const expected = c.env.PLATFORM_ADMIN_TOKEN;
  if (!token || !expected || !(await secretsEqual(token, expected))) throw unauthorized();
  await next();
};
