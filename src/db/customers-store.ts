// Customers, read from one creator's orders (an email with a paid order), and erasing one buyer's personal data.
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { PAID_STATUSES } from "../shared/order-states";
import type { AuditRow } from "./audit-store";
import type { Db } from "./client";
import { auditLog, deadLetters, downloadGrants, drops, emailOutbox, memberships, orderItems, orders, variants, webhookDeliveries, webhooks } from "./schema";

/** One customer's paid orders in one currency. */
export interface CustomerRow {
  email: string;
  currency: string;
  orders: number;
  totalCents: number;
  firstAt: number;
  lastAt: number;
}

/**
 * The first `limit` customers by email after `after` (those whose email contains `q`, when given), one row per
 * currency they paid in. Totals are net of refunds (a refunded order adds nothing); order times are creation times.
 */
export async function customerRows(db: Db, creatorId: string, opts: { after?: string; q?: string; limit: number }): Promise<CustomerRow[]> {
  const paid = and(eq(orders.creatorId, creatorId), inArray(orders.status, [...PAID_STATUSES]));
  const emails = db
    .selectDistinct({ email: orders.buyerEmail })
    .from(orders)
    .where(and(paid, opts.after ? gt(orders.buyerEmail, opts.after) : undefined, opts.q ? sql`instr(${orders.buyerEmail}, ${opts.q})` : undefined))
    .orderBy(asc(orders.buyerEmail))
    .limit(opts.limit);
  return db
    .select({
      email: orders.buyerEmail,
      currency: orders.currency,
      orders: count(),
      totalCents: sql<number>`sum(case when ${orders.status} = 'refunded' then 0 else ${orders.totalCents} end)`,
      firstAt: sql<number>`min(${orders.createdAt})`,
      lastAt: sql<number>`max(${orders.createdAt})`,
    })
    .from(orders)
    .where(and(paid, inArray(orders.buyerEmail, emails)))
    .groupBy(orders.buyerEmail, orders.currency)
    .orderBy(asc(orders.buyerEmail), asc(orders.currency));
}

/**
 * The inventory objects that may keep a buyer's email: every drop of the creator (reservations, raffle entries and
 * queue tickets need no order) and the tracked variants of the buyer's cart orders (a cart's holds belong to its order).
 */
export async function objectsToErase(db: Db, creatorId: string, email: string): Promise<{ dropIds: string[]; variantIds: string[] }> {
  const [dropRows, variantRows] = await db.batch([
    db.select({ id: drops.id }).from(drops).where(eq(drops.creatorId, creatorId)),
    db
      .selectDistinct({ id: orderItems.variantId })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .innerJoin(variants, eq(variants.id, orderItems.variantId))
      .where(and(eq(orders.creatorId, creatorId), eq(orders.buyerEmail, email), isNull(orders.dropId), isNotNull(variants.stock))),
  ]);
  return { dropIds: dropRows.map((r) => r.id), variantIds: variantRows.map((r) => r.id) };
}

/**
 * In one transaction: every order of the creator with `email` gets `pseudonym` instead and loses its shipping address,
 * their download links expire, their memberships end and carry the pseudonym, their outbox emails too, so do the order
 * events kept for the creator's webhooks, and `audit` is written with the count. Amounts and statuses stay. Returns how many orders were erased (0 when none has it any more).
 */
export async function eraseBuyer(db: Db, creatorId: string, email: string, pseudonym: string, audit: AuditRow, now: number): Promise<number> {
  const ofBuyer = and(eq(orders.creatorId, creatorId), eq(orders.buyerEmail, email));
  const orderIds = db.select({ id: orders.id }).from(orders).where(ofBuyer);
  const [, , , , , , erased] = await db.batch([
    db.insert(auditLog).values({
      ...audit,
      details: sql`json_object('email', ${pseudonym}, 'erasedOrders', (select count(*) from ${orders} where ${ofBuyer}))`,
    }),
    db.update(downloadGrants).set({ expiresAt: sql`min(${downloadGrants.expiresAt}, ${now})` }).where(inArray(downloadGrants.orderId, orderIds)),
    db
      .update(memberships)
      .set({ buyerEmail: pseudonym, endsAt: sql`min(${memberships.endsAt}, ${now})` })
      .where(and(eq(memberships.creatorId, creatorId), eq(memberships.buyerEmail, email))),
    // The buyer's messages only: a notice of the same order sent to the creator keeps its address.
    // Their text too: a receipt names the address it ships to.
    db
      .update(emailOutbox)
      .set({ toAddress: pseudonym, body: "Erased on request.", html: null })
      .where(and(inArray(emailOutbox.orderId, orderIds), eq(emailOutbox.toAddress, email))),
    // Order events kept for the creator's webhooks (delivery log, dead letters) carry the order: replays send the pseudonym.
    db
      .update(webhookDeliveries)
      .set({ payload: sql`json_set(${webhookDeliveries.payload}, '$.data.order.buyerEmail', ${pseudonym}, '$.data.order.shippingAddress', null)` })
      .where(and(inArray(webhookDeliveries.webhookId, db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.creatorId, creatorId))), sql`json_extract(${webhookDeliveries.payload}, '$.data.order.buyerEmail') = ${email}`)),
    db
      .update(deadLetters)
      .set({ body: sql`json_set(${deadLetters.body}, '$.event.data.order.buyerEmail', ${pseudonym}, '$.event.data.order.shippingAddress', null)` })
      .where(and(eq(deadLetters.creatorId, creatorId), sql`json_extract(${deadLetters.body}, '$.event.data.order.buyerEmail') = ${email}`)),
    db.update(orders).set({ buyerEmail: pseudonym, shippingAddress: null, updatedAt: now }).where(ofBuyer).returning({ id: orders.id }),
  ]);
  return erased.length;
}
