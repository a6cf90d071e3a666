// Creator admin: GET /admin/v1/stats — orders, revenue by currency, per-drop sell-through, fulfillment backlog.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { StatsSchema } from "../orders/order-schemas";
import { getStats } from "../orders/stats";
import { adminErrors, json, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const statsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

statsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/stats",
    tags: ["Stats"],
    security,
    summary: DOCS ? "Orders, revenue by currency, per-drop sell-through, fulfillment backlog and dead letters" : undefined,
    responses: DOCS ? { 200: json(StatsSchema, "The stats."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await getStats(c.get("services").db, c.get("auth").creatorId), 200),
);
