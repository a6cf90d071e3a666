// Creator webhooks (API.md "Webhooks", "Outbound webhooks"): subscriptions, and events delivered to them. An event
// has a deterministic id (one per transition); the queue consumer fans it out into one delivery row per subscribed
// webhook (unique per webhook and event: a re-emitted event is stored once) and one `webhook.deliver` job per row.
// Each attempt is signed like the fulfillment webhook and sends the row's stored payload; the row follows it:
// 2xx delivered, else failed and retried by the queue with backoff, dead once retries run out, replayable.
import type { z } from "@hono/zod-openapi";
import { itemTitle } from "../catalog/products";
import { recordAudit, type Actor } from "../db/audit-store";
import { findVariantsWithProducts } from "../db/products-store";
import type { Db } from "../db/client";
import {
  deleteWebhook as deleteRow,
  fanOut,
  findDelivery,
  findWebhook,
  insertWebhook,
  markDeliveryDead as markDead,
  listDeliveries as listDeliveryRows,
  listWebhooks as listRows,
  updateDelivery,
  type DeliveryRow,
  type WebhookRow,
} from "../db/webhooks-store";
import type { JobMessage, JobQueue, WebhookEvent } from "../shared/bindings";
import { randomSecret } from "../shared/crypto";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { iso } from "../shared/time";
import { postSigned } from "./physical";
import type { CreateWebhookSchema } from "./webhook-schemas";

interface Deps {
  db: Db;
  queue: JobQueue;
}

const toWebhook = ({ creatorId: _c, secret: _s, deletedAt: _d, ...w }: WebhookRow) => ({ ...w, createdAt: iso(w.createdAt) });

const toDelivery = ({ webhookId: _w, payload: _p, ...d }: DeliveryRow) => ({ ...d, lastAttemptAt: iso(d.lastAttemptAt) });

const deliverMessage = (creatorId: string, deliveryId: string): JobMessage => ({ type: "webhook.deliver", creatorId, deliveryId });

/** Live webhooks per creator: every event is one delivery per webhook. */
const MAX_WEBHOOKS = 20;

/** The signing secret is in this answer only. */
export async function createWebhook(db: Db, actor: Actor, input: z.infer<typeof CreateWebhookSchema>) {
  const now = Date.now();
  const row = { id: newId("whk", now), creatorId: actor.creatorId, url: input.url, events: [...new Set(input.events)], secret: randomSecret("whsec"), createdAt: now, deletedAt: null };
  if (!(await insertWebhook(db, row, MAX_WEBHOOKS))) {
    throw new DomainError("limit_exceeded", `A store has at most ${MAX_WEBHOOKS} webhooks: delete one first.`, { max: MAX_WEBHOOKS });
  }
  await recordAudit(db, actor, "webhook.created", { id: row.id, url: row.url, events: row.events });
  return { ...toWebhook(row), secret: row.secret };
}

export async function listWebhooks(db: Db, creatorId: string) {
  return { items: (await listRows(db, creatorId)).map(toWebhook) };
}

export async function deleteWebhook(db: Db, actor: Actor, id: string) {
  if (!(await deleteRow(db, actor.creatorId, id, Date.now()))) throw notFound("Webhook");
  await recordAudit(db, actor, "webhook.deleted", { id });
}

export async function listDeliveries(db: Db, creatorId: string, webhookId: string, query: { limit: number; cursor?: string }) {
  if (!(await findWebhook(db, creatorId, webhookId))) throw notFound("Webhook");
  return cursorPage(await listDeliveryRows(db, webhookId, { limit: query.limit, before: decodeCursor(query.cursor) }), toDelivery);
}

/** Sends a delivery again (dead or not), with the same payload and event id. */
export async function replayDelivery({ db, queue }: Deps, creatorId: string, webhookId: string, deliveryId: string) {
  const found = await findDelivery(db, creatorId, deliveryId);
  if (found?.delivery.webhookId !== webhookId) throw notFound("Delivery");
  await updateDelivery(db, deliveryId, { status: "pending" });
  await queue.send(deliverMessage(creatorId, deliveryId));
  return toDelivery({ ...found.delivery, status: "pending" });
}

/**
 * The `webhook.event` job. An inventory object knows a variant only by its id: inventory.low gains the product, SKU and
 * title a creator reads. Rows not attempted yet are queued (again, if an earlier run's send was lost).
 */
export async function fanOutEvent({ db, queue }: Deps, creatorId: string, event: WebhookEvent) {
  if (event.type === "inventory.low") {
    const [found] = await findVariantsWithProducts(db, creatorId, [String(event.data.variantId)]);
    if (found) event = { ...event, data: { ...event.data, productId: found.product.id, sku: found.variant.sku, title: itemTitle(found.product, found.variant) } };
  }
  const rows = await fanOut(db, creatorId, event, JSON.stringify(event), () => newId("whd"));
  if (rows.length) await queue.sendBatch(rows.map((d) => ({ body: deliverMessage(creatorId, d.id) }))); // ≤ MAX_WEBHOOKS, within a batch's 100
}

/** The `webhook.deliver` job: one attempt, recorded on the row; throws when it failed, so the queue retries it. */
export async function deliverWebhook(db: Db, creatorId: string, deliveryId: string, now = Date.now()) {
  const found = await findDelivery(db, creatorId, deliveryId);
  if (!found || found.delivery.status === "delivered") return;
  const { delivery } = found;
  const res = await postSigned(found.url, found.secret, delivery.eventId, delivery.payload, now).catch(() => null);
  await res?.body?.cancel().catch(() => undefined);
  await updateDelivery(db, deliveryId, { status: res?.ok ? "delivered" : "failed", attempts: delivery.attempts + 1, lastResponseStatus: res?.status ?? null, lastAttemptAt: now });
  if (!res?.ok) throw new Error(res ? `webhook answered ${res.status}` : "webhook did not answer");
}

/**
 * Retries ran out (the dead-letter queue): the delivery is `dead` until replayed. Answers what its dead letter says: the
 * event, what the endpoint last answered, and how many attempts it had.
 */
export async function markDeliveryDead(db: Db, deliveryId: string) {
  const row = await markDead(db, deliveryId);
  // A replay delivered it meanwhile: nothing is dead.
  if (!row || row.status === "delivered") return { delivered: true as const };
  const answer = row.lastResponseStatus === null ? "did not answer" : `answered ${row.lastResponseStatus}`;
  return { delivered: false as const, attempts: row.attempts, error: `webhook delivery ${row.id} (${row.type} ${row.eventId}): the endpoint ${answer}` };
}
