// Read models for the storefront pages (a cache miss): a creator's active catalog and upcoming or live drops.
import { and, asc, desc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "./client";
import { dropItems, drops, products, variants } from "./schema";

export async function activeProducts(db: Db, creatorId: string, limit = 60) {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.creatorId, creatorId), eq(products.status, "active")))
    .orderBy(desc(products.id))
    .limit(limit);
  const vs = rows.length ? await db.select().from(variants).where(inArray(variants.productId, rows.map((p) => p.id))).orderBy(asc(variants.position)) : [];
  const byProduct = Map.groupBy(vs, (v) => v.productId);
  return rows.map((p) => ({ ...p, variants: byProduct.get(p.id) ?? [] }));
}

export async function activeProductBySlug(db: Db, creatorId: string, slug: string) {
  const [p] = await db
    .select()
    .from(products)
    .where(and(eq(products.creatorId, creatorId), eq(products.slug, slug), eq(products.status, "active")));
  return p && withVariants(db, p);
}

/** A public (active) product by id, any creator's: the buyer API's product read. */
export async function activeProductById(db: Db, id: string) {
  const [p] = await db.select().from(products).where(and(eq(products.id, id), eq(products.status, "active")));
  return p && withVariants(db, p);
}

async function withVariants(db: Db, p: typeof products.$inferSelect) {
  const vs = await db.select().from(variants).where(eq(variants.productId, p.id)).orderBy(asc(variants.position));
  return { ...p, variants: vs };
}

/** Drops not canceled and not ended at `now` (their exact status is rendered client-side from the times). */
export async function visibleDrops(db: Db, creatorId: string, now: number) {
  return db
    .select()
    .from(drops)
    .where(and(eq(drops.creatorId, creatorId), isNull(drops.canceledAt), or(isNull(drops.endsAt), gt(drops.endsAt, now))))
    .orderBy(asc(drops.startsAt))
    .limit(20);
}

/** What a creator's sitemap lists: every active product and every drop not canceled nor ended at `now` (slug, last change). */
export async function sitemapRows(db: Db, creatorId: string, now: number) {
  const columns = { slug: products.slug, updatedAt: products.updatedAt };
  const [productRows, dropRows] = await Promise.all([
    db.select(columns).from(products).where(and(eq(products.creatorId, creatorId), eq(products.status, "active"))).orderBy(asc(products.slug)).limit(SITEMAP_LIMIT),
    db
      .select({ slug: drops.slug, updatedAt: drops.updatedAt })
      .from(drops)
      .where(and(eq(drops.creatorId, creatorId), isNull(drops.canceledAt), or(isNull(drops.endsAt), gt(drops.endsAt, now))))
      .orderBy(asc(drops.startsAt))
      .limit(SITEMAP_LIMIT),
  ]);
  return { products: productRows, drops: dropRows };
}

/** A sitemap holds at most 50,000 URLs (sitemaps.org); one creator's products and drops stay well inside that. */
const SITEMAP_LIMIT = 20_000;

export async function dropBySlug(db: Db, creatorId: string, slug: string) {
  const [drop] = await db.select().from(drops).where(and(eq(drops.creatorId, creatorId), eq(drops.slug, slug)));
  if (!drop) return undefined;
  const items = await db
    .select({ item: dropItems, variant: variants, product: products })
    .from(dropItems)
    .innerJoin(variants, eq(variants.id, dropItems.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(dropItems.dropId, drop.id))
    .orderBy(asc(dropItems.position));
  return { ...drop, items };
}

/** The items of these drops (price, and the product each sells) in their order: what drop cards show. */
export async function dropCardItems(db: Db, dropIds: string[]) {
  if (dropIds.length === 0) return [];
  return db
    .select({ dropId: dropItems.dropId, priceCents: dropItems.priceCents, currency: dropItems.currency, productId: variants.productId })
    .from(dropItems)
    .innerJoin(variants, eq(variants.id, dropItems.variantId))
    .where(inArray(dropItems.dropId, dropIds))
    .orderBy(asc(dropItems.position));
}
