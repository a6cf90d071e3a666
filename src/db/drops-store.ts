// Drop rows and their items (with the display snapshot of counts). Scoped by creator like every catalog query.
import { and, asc, desc, eq, inArray, lt, ne } from "drizzle-orm";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { creators, dropItems, drops } from "./schema";

export type DropRow = typeof drops.$inferSelect;
export type DropItemRow = typeof dropItems.$inferSelect;
export type DropWithItems = DropRow & { items: DropItemRow[] };

export async function dropSlugTaken(db: Db, creatorId: string, slug: string, exceptId?: string): Promise<boolean> {
  const where = exceptId
    ? and(eq(drops.creatorId, creatorId), eq(drops.slug, slug), ne(drops.id, exceptId))
    : and(eq(drops.creatorId, creatorId), eq(drops.slug, slug));
  return (await db.select({ id: drops.id }).from(drops).where(where).limit(1)).length > 0;
}

export async function insertDrop(db: Db, drop: DropRow, items: DropItemRow[]): Promise<void> {
  await db.batch([db.insert(drops).values(drop), ...items.map((i) => db.insert(dropItems).values(i))]);
}

/** Whether a drop with this id exists (any creator): buyer routes ask before touching its inventory object. */
export async function dropExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: drops.id }).from(drops).where(eq(drops.id, id)).limit(1)).length > 0;
}

export async function findDrop(db: Db, creatorId: string, id: string): Promise<DropWithItems | undefined> {
  const [drop] = await db
    .select()
    .from(drops)
    .where(and(eq(drops.id, id), eq(drops.creatorId, creatorId)));
  if (!drop) return undefined;
  const items = await db.select().from(dropItems).where(eq(dropItems.dropId, id)).orderBy(asc(dropItems.position));
  return { ...drop, items };
}

export async function listDrops(db: Db, creatorId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(drops.creatorId, creatorId)];
  if (opts.before) conditions.push(lt(drops.id, opts.before));
  const rows = await db
    .select()
    .from(drops)
    .where(and(...conditions))
    .orderBy(desc(drops.id))
    .limit(opts.limit + 1);
  const page = pageOf(rows, opts.limit);
  const items = page.items.length
    ? await db.select().from(dropItems).where(inArray(dropItems.dropId, page.items.map((d) => d.id))).orderBy(asc(dropItems.position))
    : [];
  const byDrop = Map.groupBy(items, (i) => i.dropId);
  return { ...page, items: page.items.map((d) => ({ ...d, items: byDrop.get(d.id) ?? [] })) };
}

export async function updateDropRow(db: Db, creatorId: string, id: string, patch: Partial<DropRow>): Promise<void> {
  await db
    .update(drops)
    .set(patch)
    .where(and(eq(drops.id, id), eq(drops.creatorId, creatorId)));
}

/** The drop object's display snapshot of its items (never what decides a sale), all rows in one batch. */
export async function writeDropStockSnapshot(db: Db, dropId: string, items: { variantId: string; available: number; held: number; sold: number }[]): Promise<void> {
  const [first, ...rest] = items.map((i) =>
    db
      .update(dropItems)
      .set({ available: i.available, held: i.held, sold: i.sold })
      .where(and(eq(dropItems.dropId, dropId), eq(dropItems.variantId, i.variantId))),
  );
  if (first) await db.batch([first, ...rest]);
}

/** The creator a drop belongs to (for records that name only the drop). */
export async function creatorOfDrop(db: Db, dropId: string): Promise<string | undefined> {
  const [row] = await db.select({ creatorId: drops.creatorId }).from(drops).where(eq(drops.id, dropId));
  return row?.creatorId;
}

/** A drop with its creator's handle and name, by id alone (for notices that name only the drop). */
export async function dropWithCreator(db: Db, dropId: string) {
  const [row] = await db
    .select({ id: drops.id, slug: drops.slug, title: drops.title, handle: creators.handle, creatorName: creators.displayName, accentColor: creators.accentColor })
    .from(drops)
    .innerJoin(creators, eq(creators.id, drops.creatorId))
    .where(eq(drops.id, dropId));
  return row;
}
