// Creator admin: webhooks and their delivery log (API.md "Webhooks"). The signing secret is shown on creation only.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, replayDelivery } from "../fulfillment/creator-webhooks";
import { CreateWebhookSchema, DeliverySchema, WebhookSchema, createWebhookSchema } from "../fulfillment/webhook-schemas";
import { PageQuerySchema } from "../shared/fields";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { parseWith, validationHook } from "../shared/validation";

const DevCreateWebhookSchema = createWebhookSchema(true).openapi("CreateWebhook", {
  description: DOCS ? "`url`: https on a public host (http on loopback only in development)." : undefined,
});
const DeliveryParamSchema = IdParamSchema.extend({ deliveryId: z.string().min(1).max(64) });
const tags = ["Webhooks"];

export const webhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks",
    tags,
    security,
    summary: DOCS ? "Subscribe a URL to events (the signing secret is shown only here)" : undefined,
    request: jsonRequest(DevCreateWebhookSchema),
    responses: DOCS ? { 201: json(z.object({ webhook: WebhookSchema.extend({ secret: z.string() }) }), "The webhook and its secret."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    // The route schema also accepts http on loopback; outside development the stricter schema applies.
    const input = c.get("services").development ? c.req.valid("json") : parseWith(CreateWebhookSchema, c.req.valid("json"));
    return c.json({ webhook: await createWebhook(c.get("services").db, c.get("auth"), input) }, 201);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/webhooks",
    tags,
    security,
    summary: DOCS ? "List webhooks, newest first" : undefined,
    responses: DOCS ? { 200: json(z.object({ items: z.array(WebhookSchema) }), "The webhooks."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listWebhooks(c.get("services").db, c.get("auth").creatorId), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/webhooks/{id}",
    tags,
    security,
    summary: DOCS ? "Delete a webhook (nothing more is sent to it)" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 204: { description: "Deleted." }, ...adminErrors } : undocumented,
  }),
  async (c) => {
    await deleteWebhook(c.get("services").db, c.get("auth"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/webhooks/{id}/deliveries",
    tags,
    security,
    summary: DOCS ? "A webhook's delivery log, newest first" : undefined,
    request: { params: IdParamSchema, query: PageQuerySchema },
    responses: DOCS ? { 200: json(z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }), "A page of deliveries."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listDeliveries(c.get("services").db, c.get("auth").creatorId, c.req.valid("param").id, c.req.valid("query")), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/webhooks/{id}/deliveries/{deliveryId}/replay",
    tags,
    security,
    summary: DOCS ? "Send a delivery again (same event id and payload)" : undefined,
    request: { params: DeliveryParamSchema },
    responses: DOCS ? { 202: json(z.object({ delivery: DeliverySchema }), "Queued."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    return c.json({ delivery: await replayDelivery(c.get("services"), c.get("auth").creatorId, id, deliveryId) }, 202);
  },
);
