// Aggregates for the creator dashboard (GET /admin/v1/stats).
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { deadLetters, dropItems, drops, fulfillmentJobs, orders } from "./schema";

export async function creatorStats(db: Db, creatorId: string) {
  const [byStatus, revenue, dropRows, backlog, dead] = await db.batch([
    db.select({ status: orders.status, n: sql<number>`count(*)` }).from(orders).where(eq(orders.creatorId, creatorId)).groupBy(orders.status),
    db
      .select({
        currency: orders.currency,
        gross: sql<number>`coalesce(sum(case when ${orders.status} in ('paid','fulfilled','refunded') then ${orders.totalCents} else 0 end), 0)`,
        refunded: sql<number>`coalesce(sum(case when ${orders.status} = 'refunded' then ${orders.totalCents} else 0 end), 0)`,
        discounted: sql<number>`coalesce(sum(case when ${orders.status} in ('paid','fulfilled','refunded') then ${orders.discountCents} else 0 end), 0)`,
      })
      .from(orders)
      .where(eq(orders.creatorId, creatorId))
      .groupBy(orders.currency),
    db
      .select({
        id: drops.id,
        slug: drops.slug,
        title: drops.title,
        quantity: sql<number>`coalesce(sum(${dropItems.quantity}), 0)`,
        sold: sql<number>`coalesce(sum(${dropItems.sold}), 0)`,
        held: sql<number>`coalesce(sum(${dropItems.held}), 0)`,
      })
      .from(drops)
      .leftJoin(dropItems, eq(dropItems.dropId, drops.id))
      .where(eq(drops.creatorId, creatorId))
      .groupBy(drops.id),
    db.select({ n: sql<number>`count(*)` }).from(fulfillmentJobs).where(and(eq(fulfillmentJobs.creatorId, creatorId), eq(fulfillmentJobs.status, "queued"))),
    db.select({ n: sql<number>`count(*)` }).from(deadLetters).where(and(eq(deadLetters.creatorId, creatorId), isNull(deadLetters.replayedAt))),
  ]);
  return { byStatus, revenue, drops: dropRows, backlog: backlog[0]?.n ?? 0, deadLetters: dead[0]?.n ?? 0 };
}
