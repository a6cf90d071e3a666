// The creator admin API, mounted at /admin/v1: token auth, idempotent POSTs, and its OpenAPI 3.1 document.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { idempotent } from "../http/idempotency";
import { validationHook } from "../shared/validation";
import { accountRoutes } from "./account-routes";
import { creatorAuth } from "../http/auth";
import { customerRoutes } from "./customer-routes";
import { purgePagesOnWrite } from "../storefront/purge";
import { dropRoutes } from "./drop-routes";
import { deadLetterRoutes } from "./dead-letter-routes";
import { discountRoutes } from "./discount-routes";
import { membershipRoutes } from "./membership-routes";
import { orderRoutes } from "./order-routes";
import { productRoutes } from "./product-routes";
import { statsRoutes } from "./stats-routes";
import { uploadRoutes } from "./upload-routes";
import { webhookRoutes } from "./webhook-routes";

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

// Generated at build time by the real library (openapi-spec.ts) into a static asset (static/admin-openapi.json),
// read through the ASSETS binding on the first request of an isolate: neither generator nor document is bundled.
let parsed: Promise<Record<string, unknown>> | undefined;

async function openApiDocument(assets: Fetcher, origin: string): Promise<Record<string, unknown>> {
  const res = await assets.fetch(new URL("/admin-openapi.json", origin));
  if (!res.ok) throw new Error(`the OpenAPI document asset answered ${res.status}`);
  return res.json();
}

// Registered before the auth middleware, so the document needs no token.
adminRoutes.get("/openapi.json", async (c) => {
  const origin = new URL(c.req.url).origin;
  parsed ??= openApiDocument(c.get("services").assets, origin).catch((err: unknown) => {
    parsed = undefined; // a failed read is retried by the next request
    throw err;
  });
  const { openapi, info, ...rest } = await parsed;
  return c.json({ openapi, info, servers: [{ url: `${origin}/admin/v1` }], ...rest });
});

adminRoutes.use("*", creatorAuth, idempotent((c) => `creator:${c.get("auth").creatorId}:${c.get("auth").tokenId}`), purgePagesOnWrite);
adminRoutes.route("/", productRoutes);
adminRoutes.route("/", accountRoutes);
adminRoutes.route("/", dropRoutes);
adminRoutes.route("/", orderRoutes);
adminRoutes.route("/", discountRoutes);
adminRoutes.route("/", uploadRoutes);
adminRoutes.route("/", deadLetterRoutes);
adminRoutes.route("/", membershipRoutes);
adminRoutes.route("/", statsRoutes);
adminRoutes.route("/", customerRoutes);
adminRoutes.route("/", webhookRoutes);
