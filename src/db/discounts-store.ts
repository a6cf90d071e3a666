// Discount codes and their redemption counts (paid orders, refunded ones included). Every query is scoped by creator.
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { discounts, drops, orders, products } from "./schema";

export type DiscountRow = typeof discounts.$inferSelect;

/** Terms left out take their defaults (none: no limit, no window, every item). */
export async function insertDiscount(db: Db, row: typeof discounts.$inferInsert): Promise<DiscountRow> {
  const [created] = await db.insert(discounts).values(row).returning();
  return created!;
}

export async function findDiscount(db: Db, creatorId: string, id: string): Promise<DiscountRow | undefined> {
  const [row] = await db.select().from(discounts).where(and(eq(discounts.id, id), eq(discounts.creatorId, creatorId)));
  return row;
}

/** By the code as a buyer typed it, whatever its case. */
export async function findDiscountByCode(db: Db, creatorId: string, code: string): Promise<DiscountRow | undefined> {
  const [row] = await db.select().from(discounts).where(and(eq(discounts.creatorId, creatorId), eq(discounts.codeKey, code.trim().toLowerCase())));
  return row;
}

export async function listDiscounts(db: Db, creatorId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(discounts.creatorId, creatorId)];
  if (opts.before) conditions.push(lt(discounts.id, opts.before));
  const rows = await db.select().from(discounts).where(and(...conditions)).orderBy(desc(discounts.id)).limit(opts.limit + 1);
  return pageOf(rows, opts.limit);
}

export async function updateDiscount(db: Db, creatorId: string, id: string, patch: Partial<Omit<DiscountRow, "id" | "creatorId">>): Promise<DiscountRow | undefined> {
  const [row] = await db
    .update(discounts)
    .set({ ...patch, updatedAt: Date.now() })
    .where(and(eq(discounts.id, id), eq(discounts.creatorId, creatorId)))
    .returning();
  return row;
}

/** Paid orders per discount, refunded ones included (the count the DiscountDO keeps as `paid`). */
export async function redemptionCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: orders.discountId, n: sql<number>`count(*)` })
    .from(orders)
    .where(and(inArray(orders.discountId, ids), inArray(orders.status, ["paid", "fulfilled", "refunded"])))
    .groupBy(orders.discountId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

/** The ids of a scope that are not this creator's (unknown, or another creator's). */
export async function foreignScopeIds(db: Db, creatorId: string, scope: { productIds: string[]; dropIds: string[] }): Promise<string[]> {
  const [own, ownDrops] = await db.batch([
    db.select({ id: products.id }).from(products).where(and(eq(products.creatorId, creatorId), inArray(products.id, scope.productIds))),
    db.select({ id: drops.id }).from(drops).where(and(eq(drops.creatorId, creatorId), inArray(drops.id, scope.dropIds))),
  ]);
  const known = new Set([...own, ...ownDrops].map((r) => r.id));
  return [...scope.productIds, ...scope.dropIds].filter((id) => !known.has(id));
}
