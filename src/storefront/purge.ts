// Any successful creator write may change what the storefront shows (catalog, drops, theme), so it gives the
// creator's pages a new cache version before answering: the very next page view renders fresh.
import type { MiddlewareHandler } from "hono";
import { findCreatorById } from "../db/creators-store";
import type { AppEnv } from "../env";
import { bumpPageVersion } from "./page-cache";

export const purgePagesOnWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 400) return;
  const creator = await findCreatorById(c.get("db"), c.get("auth").creatorId);
  if (creator) await bumpPageVersion(c.env, creator.handle);
};
