// Fulfillment records: download grants, memberships, item fulfillment, jobs, dead letters and the email outbox.
// Every insert is keyed so that doing the same work twice stores it once.
import { and, desc, eq, gt, getTableColumns, inArray, isNull, lt, max, sql } from "drizzle-orm";
import { DELIVERING_STATUSES, type OrderStatus } from "../shared/order-states";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { deadLetters, downloadGrants, emailOutbox, fulfillmentJobs, memberships, orderItems, orders } from "./schema";

export type DownloadGrantRow = typeof downloadGrants.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type DeadLetterRow = typeof deadLetters.$inferSelect;
export type EmailRow = typeof emailOutbox.$inferSelect;
/** A grant or membership read with its order's status: whether it still delivers is decided from the order. */
export type WithOrderStatus<T> = T & { orderStatus: OrderStatus };

/** True while the grant's order delivers (paid or fulfilled), read in the same statement as the grant. */
const grantOrderDelivers = sql`exists (select 1 from ${orders} where ${eq(orders.id, downloadGrants.orderId)} and ${inArray(orders.status, [...DELIVERING_STATUSES])})`;

export async function ensureDownloadGrant(db: Db, grant: DownloadGrantRow): Promise<DownloadGrantRow> {
  await db.insert(downloadGrants).values(grant).onConflictDoNothing({ target: downloadGrants.orderItemId });
  const [row] = await db.select().from(downloadGrants).where(eq(downloadGrants.orderItemId, grant.orderItemId));
  return row!;
}

export async function grantsOfOrder(db: Db, orderId: string): Promise<DownloadGrantRow[]> {
  return db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId));
}

export async function findGrant(db: Db, id: string): Promise<WithOrderStatus<DownloadGrantRow> | undefined> {
  const [row] = await db
    .select({ ...getTableColumns(downloadGrants), orderStatus: orders.status })
    .from(downloadGrants)
    .innerJoin(orders, eq(orders.id, downloadGrants.orderId))
    .where(eq(downloadGrants.id, id));
  return row;
}

/**
 * Takes one download in a single conditional UPDATE, so parallel GETs can never pass the limit: only while the
 * grant is unexpired and its order delivers, and either it has downloads left (then it counts and stamps
 * `last_counted_at`) or — for a resumed range, `freeSince` given — it was last counted at or after `freeSince`
 * (then it is free). Undefined when the download is refused.
 */
export async function takeDownload(db: Db, id: string, now: number, freeSince?: number): Promise<DownloadGrantRow | undefined> {
  const free = freeSince === undefined ? sql`0` : sql`coalesce(${downloadGrants.lastCountedAt} >= ${freeSince}, 0)`;
  const [row] = await db
    .update(downloadGrants)
    .set({
      downloadCount: sql`${downloadGrants.downloadCount} + (case when ${free} then 0 else 1 end)`,
      lastCountedAt: sql`case when ${free} then ${downloadGrants.lastCountedAt} else ${now} end`,
    })
    .where(and(eq(downloadGrants.id, id), gt(downloadGrants.expiresAt, now), grantOrderDelivers, sql`(${free} or ${downloadGrants.downloadCount} < ${downloadGrants.maxDownloads})`))
    .returning();
  return row;
}

/** The end of the buyer's latest membership of this tier (to stack a renewal after it); refunded ones do not count. */
export async function latestMembershipEnd(db: Db, creatorId: string, buyerEmail: string, tier: string): Promise<number | null> {
  const [row] = await db
    .select({ end: max(memberships.endsAt) })
    .from(memberships)
    .innerJoin(orders, eq(orders.id, memberships.orderId))
    .where(and(eq(memberships.creatorId, creatorId), eq(memberships.buyerEmail, buyerEmail), eq(memberships.tier, tier), inArray(orders.status, [...DELIVERING_STATUSES])));
  return row?.end ?? null;
}

export async function ensureMembership(db: Db, membership: MembershipRow): Promise<void> {
  await db.insert(memberships).values(membership).onConflictDoNothing({ target: memberships.orderItemId });
}

export async function listMemberships(db: Db, creatorId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(memberships.creatorId, creatorId)];
  if (opts.before) conditions.push(lt(memberships.id, opts.before));
  const rows: WithOrderStatus<MembershipRow>[] = await db
    .select({ ...getTableColumns(memberships), orderStatus: orders.status })
    .from(memberships)
    .innerJoin(orders, eq(orders.id, memberships.orderId))
    .where(and(...conditions))
    .orderBy(desc(memberships.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit);
}

export async function markItemsFulfilled(db: Db, itemIds: string[], patch: { providerReference?: string | null }, now: number) {
  const updates = itemIds.map((id) =>
    db
      .update(orderItems)
      .set({ fulfilledAt: now, ...(patch.providerReference !== undefined && { providerReference: patch.providerReference }) })
      .where(and(eq(orderItems.id, id), isNull(orderItems.fulfilledAt))),
  );
  const [first, ...rest] = updates;
  if (first) await db.batch([first, ...rest]);
}

export async function markItemShipped(db: Db, orderId: string, itemId: string, shipment: { carrier: string; trackingNumber: string }, now: number) {
  const [row] = await db
    .update(orderItems)
    .set({ carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, shippedAt: now, fulfilledAt: sql`coalesce(${orderItems.fulfilledAt}, ${now})` })
    .where(and(eq(orderItems.id, itemId), eq(orderItems.orderId, orderId)))
    .returning();
  return row;
}

export async function updateJob(db: Db, jobId: string, patch: Partial<typeof fulfillmentJobs.$inferSelect>) {
  await db.update(fulfillmentJobs).set({ ...patch, updatedAt: Date.now() }).where(eq(fulfillmentJobs.id, jobId));
}

export async function findJob(db: Db, jobId: string) {
  const [row] = await db.select().from(fulfillmentJobs).where(eq(fulfillmentJobs.id, jobId));
  return row;
}

export async function recordDeadLetter(db: Db, row: DeadLetterRow): Promise<void> {
  await db.insert(deadLetters).values(row).onConflictDoNothing({ target: deadLetters.messageId });
}

export async function listDeadLetters(db: Db, creatorId: string): Promise<DeadLetterRow[]> {
  return db.select().from(deadLetters).where(eq(deadLetters.creatorId, creatorId)).orderBy(desc(deadLetters.id)).limit(200);
}

export async function findDeadLetter(db: Db, creatorId: string, id: string): Promise<DeadLetterRow | undefined> {
  const [row] = await db.select().from(deadLetters).where(and(eq(deadLetters.id, id), eq(deadLetters.creatorId, creatorId)));
  return row;
}

export async function markDeadLetterReplayed(db: Db, id: string, now: number) {
  await db.update(deadLetters).set({ replayedAt: now }).where(eq(deadLetters.id, id));
}

export async function ensureEmail(db: Db, email: EmailRow): Promise<EmailRow> {
  await db.insert(emailOutbox).values(email).onConflictDoNothing();
  const [row] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.orderId, email.orderId), eq(emailOutbox.kind, email.kind)));
  return row!;
}

export async function updateEmail(db: Db, id: string, patch: Partial<EmailRow>) {
  await db.update(emailOutbox).set(patch).where(eq(emailOutbox.id, id));
}

/** The newest outbox rows, newest first, without their bodies (development's mail viewer lists them). */
export async function recentEmails(db: Db, limit: number) {
  const { id, kind, toAddress, subject, status, createdAt } = emailOutbox;
  return db.select({ id, kind, toAddress, subject, status, createdAt }).from(emailOutbox).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id)).limit(limit);
}

export async function findEmail(db: Db, id: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row;
}
