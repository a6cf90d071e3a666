// Bearer-token authentication for the creator admin API and the platform API.
// A creator token is looked up by its SHA-256 (never stored in clear), checked for revocation on every request
// (so revoking is effective at once), and read-only tokens are refused on every write with `forbidden`.
import type { MiddlewareHandler } from "hono";
import { authenticateToken } from "../creators/creators";
import type { AppEnv } from "../env";
import { secretsEqual } from "../shared/crypto";
import { DomainError } from "../shared/errors";


function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

const unauthorized = () => new DomainError("unauthorized", "A valid bearer token is required.");

export const creatorAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  if (!token || token.length > 200) throw unauthorized();
  const auth = await authenticateToken(c.get("services").db, token);
  if (!auth) throw unauthorized();
  if (auth.readOnly && !["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
    throw new DomainError("forbidden", "This token is read-only.");
  }
  c.set("auth", { creatorId: auth.creatorId, tokenId: auth.tokenId, readOnly: auth.readOnly });
  if (auth.touch) c.executionCtx.waitUntil(auth.touch());
  await next();
};

export const platformAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c.req.header("authorization"));
  const expected = c.env.PLATFORM_ADMIN_TOKEN;
  if (!token || !expected || !(await secretsEqual(token, expected))) throw unauthorized();
  await next();
};
