// The creator admin API, mounted at /admin/v1: token auth, idempotent POSTs, and its OpenAPI 3.1 document.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { idempotent } from "../http/idempotency";
import { validationHook } from "../shared/validation";
import { accountRoutes } from "./account-routes";
import { creatorAuth } from "../http/auth";
import { purgePagesOnWrite } from "../storefront/purge";
import { dropRoutes } from "./drop-routes";
import { deadLetterRoutes } from "./dead-letter-routes";
import { membershipRoutes } from "./membership-routes";
import { orderRoutes } from "./order-routes";
import { productRoutes } from "./product-routes";
import { statsRoutes } from "./stats-routes";
import { uploadRoutes } from "./upload-routes";
import { adminOpenApiJson } from "./openapi-json";

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

// Generated at build time by the real library (openapi-spec.ts); parsed on the first request, not at startup.
let parsed: Record<string, unknown> | undefined;

// Registered before the auth middleware, so the document needs no token.
adminRoutes.get("/openapi.json", (c) => {
  const { openapi, info, ...rest } = (parsed ??= JSON.parse(adminOpenApiJson) as Record<string, unknown>);
  return c.json({ openapi, info, servers: [{ url: `${new URL(c.req.url).origin}/admin/v1` }], ...rest });
});

adminRoutes.use("*", creatorAuth, idempotent((c) => `creator:${c.get("auth").creatorId}:${c.get("auth").tokenId}`), purgePagesOnWrite);
adminRoutes.route("/", productRoutes);
adminRoutes.route("/", accountRoutes);
adminRoutes.route("/", dropRoutes);
adminRoutes.route("/", orderRoutes);
adminRoutes.route("/", uploadRoutes);
adminRoutes.route("/", deadLetterRoutes);
adminRoutes.route("/", membershipRoutes);
adminRoutes.route("/", statsRoutes);
