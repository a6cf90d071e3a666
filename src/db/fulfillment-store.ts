// Fulfillment records: download grants, memberships, item fulfillment, jobs, dead letters and the email outbox.
// Every insert is keyed so that doing the same work twice stores it once.
import { and, desc, eq, gt, isNull, lt, max, sql } from "drizzle-orm";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { deadLetters, downloadGrants, emailOutbox, fulfillmentJobs, memberships, orderItems } from "./schema";

export type DownloadGrantRow = typeof downloadGrants.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type DeadLetterRow = typeof deadLetters.$inferSelect;
export type EmailRow = typeof emailOutbox.$inferSelect;

export async function ensureDownloadGrant(db: Db, grant: DownloadGrantRow): Promise<DownloadGrantRow> {
  await db.insert(downloadGrants).values(grant).onConflictDoNothing({ target: downloadGrants.orderItemId });
  const [row] = await db.select().from(downloadGrants).where(eq(downloadGrants.orderItemId, grant.orderItemId));
  return row!;
}

export async function grantsOfOrder(db: Db, orderId: string): Promise<DownloadGrantRow[]> {
  return db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId));
}

export async function findGrant(db: Db, id: string): Promise<DownloadGrantRow | undefined> {
  const [row] = await db.select().from(downloadGrants).where(eq(downloadGrants.id, id));
  return row;
}

/** Counts one download atomically, only while the grant is unexpired and has downloads left. */
export async function consumeDownload(db: Db, id: string, now: number): Promise<DownloadGrantRow | undefined> {
  const [row] = await db
    .update(downloadGrants)
    .set({ downloadCount: sql`${downloadGrants.downloadCount} + 1` })
    .where(and(eq(downloadGrants.id, id), gt(downloadGrants.expiresAt, now), lt(downloadGrants.downloadCount, downloadGrants.maxDownloads)))
    .returning();
  return row;
}

/** The end of the buyer's latest membership of this tier (to stack a renewal after it). */
export async function latestMembershipEnd(db: Db, creatorId: string, buyerEmail: string, tier: string): Promise<number | null> {
  const [row] = await db
    .select({ end: max(memberships.endsAt) })
    .from(memberships)
    .where(and(eq(memberships.creatorId, creatorId), eq(memberships.buyerEmail, buyerEmail), eq(memberships.tier, tier)));
  return row?.end ?? null;
}

export async function ensureMembership(db: Db, membership: MembershipRow): Promise<void> {
  await db.insert(memberships).values(membership).onConflictDoNothing({ target: memberships.orderItemId });
}

export async function listMemberships(db: Db, creatorId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(memberships.creatorId, creatorId)];
  if (opts.before) conditions.push(lt(memberships.id, opts.before));
  const rows = await db.select().from(memberships).where(and(...conditions)).orderBy(desc(memberships.id)).limit(opts.limit + 1);
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
