// Schemas of the admin webhooks API (API.md "Webhooks"): they drive validation and the OpenAPI document.
import { z } from "@hono/zod-openapi";
import { WEBHOOK_EVENTS } from "../shared/bindings";
import { publicUrlSchema } from "../shared/fields";

/** The URL follows the fulfillmentWebhookUrl rule: https on a public host (http on loopback in development). */
export const createWebhookSchema = (allowLoopback: boolean) =>
  z.strictObject({ url: publicUrlSchema(allowLoopback), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length) });

export const CreateWebhookSchema = createWebhookSchema(false);

export const WebhookSchema = /* @__PURE__ */ z
  .object({ id: z.string(), url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), createdAt: z.string() })
  .openapi("Webhook");

export const DeliverySchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.enum(WEBHOOK_EVENTS),
    status: z.enum(["pending", "delivered", "failed", "dead"]).openapi({ description: DOCS ? "failed: the last attempt failed and is being retried; dead: retries ran out (replayable)." : undefined }),
    attempts: z.number().int(),
    lastResponseStatus: z.number().int().nullable(),
    lastAttemptAt: z.string().nullable(),
  })
  .openapi("WebhookDelivery");
