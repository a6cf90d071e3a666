// Creator webhooks and their delivery log. Every read is scoped to the creator; a delivery is unique per webhook
// and event, so fanning the same event out twice stores it once.
import { and, desc, eq, isNull, lt, ne, sql } from "drizzle-orm";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { webhookDeliveries, webhooks } from "./schema";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const live = (creatorId: string) => and(eq(webhooks.creatorId, creatorId), isNull(webhooks.deletedAt));
const subscribedTo = (type: DeliveryRow["type"]) => sql`exists (select 1 from json_each(${webhooks.events}) where value = ${type})`;

/** Whether any live webhook of the creator takes `type` (order events are not queued for nobody). */
export async function hasSubscriber(db: Db, creatorId: string, type: DeliveryRow["type"]): Promise<boolean> {
  const [row] = await db.select({ id: webhooks.id }).from(webhooks).where(and(live(creatorId), subscribedTo(type))).limit(1);
  return row !== undefined;
}

/** Inserts the webhook unless the creator already has `max` live ones (checked in the same statement); answers whether it did. */
export async function insertWebhook(db: Db, row: WebhookRow, max: number): Promise<boolean> {
  const inserted = await db.run(
    sql`insert into ${webhooks} (id, creator_id, url, events, secret, created_at) select ${row.id}, ${row.creatorId}, ${row.url}, ${JSON.stringify(row.events)}, ${row.secret}, ${row.createdAt} where (select count(*) from ${webhooks} where ${live(row.creatorId)}) < ${max}`,
  );
  return inserted.meta.changes === 1;
}

export async function listWebhooks(db: Db, creatorId: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(live(creatorId)).orderBy(desc(webhooks.id)).limit(100);
}

export async function findWebhook(db: Db, creatorId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(and(eq(webhooks.id, id), live(creatorId)));
  return row;
}

export async function deleteWebhook(db: Db, creatorId: string, id: string, now: number): Promise<boolean> {
  const rows = await db.update(webhooks).set({ deletedAt: now }).where(and(eq(webhooks.id, id), live(creatorId))).returning({ id: webhooks.id });
  return rows.length === 1;
}

/**
 * One delivery row per live webhook of the creator subscribed to `type` (kept if it exists); returns the rows of
 * this event not attempted yet, so a repeated fan-out sends what an earlier one may not have.
 */
export async function fanOut(db: Db, creatorId: string, event: { id: string; type: DeliveryRow["type"] }, payload: string, newId: () => string): Promise<DeliveryRow[]> {
  const subscribed = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(live(creatorId), subscribedTo(event.type)));
  if (subscribed.length) {
    // One statement per row: a multi-row insert would pass D1's 100 bound parameters from 15 webhooks on.
    const rows = subscribed.map((w) => ({ id: newId(), webhookId: w.id, eventId: event.id, type: event.type, payload, status: "pending" as const, attempts: 0 }));
    const [first, ...rest] = rows.map((row) => db.insert(webhookDeliveries).values(row).onConflictDoNothing());
    await db.batch([first!, ...rest]);
  }
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, event.id), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.attempts, 0)));
}

/** A delivery with what sending it needs, only while its webhook is live. */
export async function findDelivery(db: Db, creatorId: string, id: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, url: webhooks.url, secret: webhooks.secret })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.id, id), live(creatorId)));
  return row;
}

export async function updateDelivery(db: Db, id: string, patch: Partial<DeliveryRow>): Promise<void> {
  await db.update(webhookDeliveries).set(patch).where(eq(webhookDeliveries.id, id));
}

/** Retries ran out: `dead`, unless a replay delivered it meanwhile. Answers the row as it is now. */
export async function markDeliveryDead(db: Db, id: string): Promise<DeliveryRow | undefined> {
  await db.update(webhookDeliveries).set({ status: "dead" }).where(and(eq(webhookDeliveries.id, id), ne(webhookDeliveries.status, "delivered")));
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

export async function listDeliveries(db: Db, webhookId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(webhookDeliveries.webhookId, webhookId)];
  if (opts.before) conditions.push(lt(webhookDeliveries.id, opts.before));
  const rows = await db.select().from(webhookDeliveries).where(and(...conditions)).orderBy(desc(webhookDeliveries.id)).limit(opts.limit + 1);
  return pageOf(rows, opts.limit);
}
