// Any successful creator write may change what the storefront shows (catalog, drops, theme), so it gives the
// creator's pages a new cache version: at once in this isolate, everywhere once the background KV write lands
// (else within a minute). KV trouble never fails or delays the write itself.
import type { MiddlewareHandler } from "hono";
import { handleOf } from "../creators/creators";
import type { AppEnv } from "../env";
import { bumpPageVersion } from "./page-cache";

export const purgePagesOnWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 400) return;
  const handle = await handleOf(c.get("services").db, c.get("auth").creatorId);
  if (handle) bumpPageVersion(c.env, handle, (work) => c.executionCtx.waitUntil(work));
};
