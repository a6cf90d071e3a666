// Orders, their items, processed Stripe events and the fulfillment job outbox.
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { ORDER_EVENTS, type OrderEvent, type OrderStatus } from "../shared/order-states";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { creators, fulfillmentJobs, orderItems, orders, stripeEvents, type SessionTerms } from "./schema";
import type { DownloadGrantRow } from "./fulfillment-store";

export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type OrderWithItems = OrderRow & { items: OrderItemRow[] };
export type FulfillmentJobRow = typeof fulfillmentJobs.$inferSelect;

export async function insertOrder(db: Db, order: OrderRow, items: OrderItemRow[]): Promise<void> {
  await db.batch([db.insert(orders).values(order), ...items.map((i) => db.insert(orderItems).values(i))]);
}

async function withItems(db: Db, order: OrderRow | undefined): Promise<OrderWithItems | undefined> {
  if (!order) return undefined;
  const items = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.position));
  return { ...order, items };
}

/** Units in pending orders of one (normalized) email at a creator whose hold still runs. */
export async function pendingUnitsOfEmail(db: Db, creatorId: string, email: string, now: number): Promise<number> {
  const [row] = await db
    .select({ units: sql<number>`coalesce(sum(${orderItems.quantity}), 0)` })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(and(eq(orders.creatorId, creatorId), eq(orders.status, "pending"), eq(orders.buyerEmail, email), gt(orders.holdExpiresAt, now)));
  return Number(row?.units ?? 0);
}

export async function findOrder(db: Db, id: string): Promise<OrderWithItems | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return withItems(db, row);
}

export async function findCreatorOrder(db: Db, creatorId: string, id: string): Promise<OrderWithItems | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.creatorId, creatorId)));
  return withItems(db, row);
}

export async function findOrderByReservation(db: Db, reservationId: string): Promise<OrderWithItems | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.reservationId, reservationId));
  return withItems(db, row);
}

export async function findOrderBySession(db: Db, sessionId: string): Promise<OrderWithItems | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.checkoutSessionId, sessionId));
  return withItems(db, row);
}

export async function findOrderByPaymentIntent(db: Db, paymentIntentId: string): Promise<OrderWithItems | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.paymentIntentId, paymentIntentId));
  return withItems(db, row);
}

/**
 * Applies an order event (shared/order-states.ts): a compare-and-set from the event's source states to its target.
 * Returns the new row, or undefined when the order was in no source state (someone else moved it first).
 */
export async function transitionOrder(db: Db, id: string, event: OrderEvent, patch: Partial<Omit<OrderRow, "id" | "status">> = {}): Promise<OrderRow | undefined> {
  const { from, to } = ORDER_EVENTS[event];
  const [row] = await db
    .update(orders)
    .set({ ...patch, status: to, updatedAt: Date.now() })
    .where(and(eq(orders.id, id), inArray(orders.status, [...from])))
    .returning();
  return row;
}

/**
 * Takes the order's payment lease (compare-and-set): while it is held no other delivery applies a payment to this
 * order. A lease left by a Worker that died runs out on its own.
 */
export async function takePaymentLease(db: Db, id: string, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(orders)
    .set({ paymentLeaseUntil: now + leaseMs })
    .where(and(eq(orders.id, id), or(isNull(orders.paymentLeaseUntil), lt(orders.paymentLeaseUntil, now))))
    .returning({ id: orders.id });
  return rows.length === 1;
}

export async function releasePaymentLease(db: Db, id: string): Promise<void> {
  await db.update(orders).set({ paymentLeaseUntil: null }).where(eq(orders.id, id));
}

/** Any field but the status, which only `transitionOrder` moves (through the state table). */
export async function updateOrder(db: Db, id: string, patch: Partial<Omit<OrderRow, "id" | "status">>): Promise<void> {
  await db
    .update(orders)
    .set({ ...patch, updatedAt: Date.now() })
    .where(eq(orders.id, id));
}

export async function setCheckoutSession(
  db: Db,
  id: string,
  session: Pick<OrderRow, "checkoutSessionId" | "checkoutUrl" | "connectAccountId" | "applicationFeeCents">,
): Promise<void> {
  await db
    .update(orders)
    .set({ ...session, updatedAt: Date.now() })
    .where(and(eq(orders.id, id), isNull(orders.checkoutSessionId)));
}

/** Fixes the order's session terms once: the first writer wins, and every caller gets the stored terms. */
export async function fixSessionTerms(db: Db, id: string, terms: SessionTerms): Promise<SessionTerms> {
  await db.update(orders).set({ sessionTerms: terms }).where(and(eq(orders.id, id), isNull(orders.sessionTerms)));
  const [row] = await db.select({ terms: orders.sessionTerms }).from(orders).where(eq(orders.id, id));
  return row?.terms ?? terms;
}

export async function listOrders(db: Db, creatorId: string, opts: { status?: OrderStatus; limit: number; before?: string }) {
  const conditions = [eq(orders.creatorId, creatorId)];
  if (opts.status) conditions.push(eq(orders.status, opts.status));
  if (opts.before) conditions.push(lt(orders.id, opts.before));
  const rows = await db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(opts.limit + 1);
  const page = pageOf(rows, opts.limit);
  const items = page.items.length
    ? await db.select().from(orderItems).where(inArray(orderItems.orderId, page.items.map((o) => o.id))).orderBy(asc(orderItems.position))
    : [];
  const byOrder = Map.groupBy(items, (i) => i.orderId);
  return { ...page, items: page.items.map((o) => ({ ...o, items: byOrder.get(o.id) ?? [] })) };
}

/** Records a Stripe event; `fresh` is false when this event id was already processed to the end. */
export async function recordStripeEvent(db: Db, id: string, type: string, now: number): Promise<{ fresh: boolean }> {
  await db.insert(stripeEvents).values({ id, type, receivedAt: now }).onConflictDoNothing();
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return { fresh: row?.processedAt == null };
}

/** Remembers the payment intent of a full refund whose order is not known yet (it may arrive before the payment). */
export async function rememberRefundedPaymentIntent(db: Db, eventId: string, paymentIntentId: string): Promise<void> {
  await db.update(stripeEvents).set({ paymentIntentId }).where(eq(stripeEvents.id, eventId));
}

/** Whether a full refund of this payment intent was reported before its order knew the intent. */
export async function refundSeenForPaymentIntent(db: Db, paymentIntentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(and(eq(stripeEvents.paymentIntentId, paymentIntentId), eq(stripeEvents.type, "charge.refunded")))
    .limit(1);
  return row !== undefined;
}

export async function markStripeEventProcessed(db: Db, id: string, orderId: string | null, now: number): Promise<void> {
  await db.update(stripeEvents).set({ processedAt: now, orderId }).where(eq(stripeEvents.id, id));
}

/** Inserts the order's fulfillment job once; returns the job (new or existing). */
export async function ensureFulfillmentJob(db: Db, job: FulfillmentJobRow): Promise<FulfillmentJobRow> {
  await db.insert(fulfillmentJobs).values(job).onConflictDoNothing({ target: fulfillmentJobs.orderId });
  const [row] = await db.select().from(fulfillmentJobs).where(eq(fulfillmentJobs.orderId, job.orderId));
  return row!;
}

export async function findFulfillmentJob(db: Db, orderId: string): Promise<FulfillmentJobRow | undefined> {
  const [row] = await db.select().from(fulfillmentJobs).where(eq(fulfillmentJobs.orderId, orderId));
  return row;
}

/**
 * Everything the buyer's order page shows in one statement (the page is never cached, so it should cost one D1
 * query): the order, its creator, its items and its download grants, the latter two aggregated as JSON, and the
 * status of its fulfillment job (null before payment).
 */
export async function orderPageData(db: Db, handle: string, orderId: string) {
  const [row] = await db
    .select({
      order: orders,
      creator: creators,
      items: sql<string>`(select json_group_array(json_object(
        'id', i.id, 'orderId', i.order_id, 'productId', i.product_id, 'variantId', i.variant_id, 'kind', i.kind,
        'title', i.title, 'sku', i.sku, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents,
        'holdId', i.hold_id, 'holdScope', i.hold_scope, 'position', i.position, 'fulfilledAt', i.fulfilled_at,
        'providerReference', i.provider_reference, 'carrier', i.carrier, 'trackingNumber', i.tracking_number,
        'shippedAt', i.shipped_at))
        from (select * from order_items where order_id = ${orders.id} order by position) i)`,
      grants: sql<string>`(select json_group_array(json_object(
        'id', g.id, 'orderId', g.order_id, 'orderItemId', g.order_item_id, 'productId', g.product_id,
        'creatorId', g.creator_id, 'fileKey', g.file_key, 'fileName', g.file_name, 'expiresAt', g.expires_at,
        'maxDownloads', g.max_downloads, 'downloadCount', g.download_count, 'lastCountedAt', g.last_counted_at,
        'createdAt', g.created_at))
        from download_grants g where g.order_id = ${orders.id})`,
      jobStatus: sql<FulfillmentJobRow["status"] | null>`(select j.status from fulfillment_jobs j where j.order_id = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(creators, eq(creators.id, orders.creatorId))
    .where(and(eq(orders.id, orderId), eq(creators.handle, handle)));
  if (!row) return undefined;
  const items = JSON.parse(row.items) as OrderItemRow[];
  const grants = JSON.parse(row.grants) as DownloadGrantRow[];
  return { creator: row.creator, order: { ...row.order, items } as OrderWithItems, grants, jobStatus: row.jobStatus };
}
