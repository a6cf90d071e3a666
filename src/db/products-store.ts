// Product and variant rows. Every query is scoped by creator id: tenant isolation lives here.
import { and, asc, desc, eq, inArray, lt, ne } from "drizzle-orm";
import { pageOf, type Page } from "../shared/pagination";
import type { Db } from "./client";
import { products, variants } from "./schema";

export type ProductRow = typeof products.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type ProductStatus = ProductRow["status"];
export type ProductWithVariants = ProductRow & { variants: VariantRow[] };
export { isUniqueViolation } from "./errors";

export async function slugTaken(db: Db, creatorId: string, slug: string, exceptId?: string): Promise<boolean> {
  const where = exceptId
    ? and(eq(products.creatorId, creatorId), eq(products.slug, slug), ne(products.id, exceptId))
    : and(eq(products.creatorId, creatorId), eq(products.slug, slug));
  const rows = await db.select({ id: products.id }).from(products).where(where).limit(1);
  return rows.length > 0;
}

export async function takenSkus(db: Db, creatorId: string, skus: string[]): Promise<string[]> {
  if (skus.length === 0) return [];
  const rows = await db
    .select({ sku: variants.sku })
    .from(variants)
    .where(and(eq(variants.creatorId, creatorId), inArray(variants.sku, skus)));
  return rows.map((r) => r.sku);
}

export async function insertProduct(db: Db, product: ProductRow, rows: VariantRow[]): Promise<void> {
  await db.batch([db.insert(products).values(product), ...rows.map((v) => db.insert(variants).values(v))]);
}

export async function findProduct(db: Db, creatorId: string, id: string): Promise<ProductWithVariants | undefined> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, id), eq(products.creatorId, creatorId)));
  if (!product) return undefined;
  const rows = await db.select().from(variants).where(eq(variants.productId, id)).orderBy(asc(variants.position));
  return { ...product, variants: rows };
}

export async function findProductBySlug(db: Db, creatorId: string, slug: string): Promise<ProductWithVariants | undefined> {
  const [product] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.creatorId, creatorId), eq(products.slug, slug)));
  return product ? findProduct(db, creatorId, product.id) : undefined;
}

export type ProductPage = Page<ProductWithVariants>;

/** Newest first; `before` is the id of the last item of the previous page. */
export async function listProducts(
  db: Db,
  creatorId: string,
  opts: { statuses: ProductStatus[]; limit: number; before?: string },
): Promise<ProductPage> {
  const conditions = [eq(products.creatorId, creatorId), inArray(products.status, opts.statuses)];
  if (opts.before) conditions.push(lt(products.id, opts.before));
  const rows = await db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.id))
    .limit(opts.limit + 1);
  const page = pageOf(rows, opts.limit);
  const variantRows = page.items.length
    ? await db
        .select()
        .from(variants)
        .where(inArray(variants.productId, page.items.map((p) => p.id)))
        .orderBy(asc(variants.position))
    : [];
  const byProduct = Map.groupBy(variantRows, (v) => v.productId);
  return { ...page, items: page.items.map((p) => ({ ...p, variants: byProduct.get(p.id) ?? [] })) };
}

export async function updateProductRows(
  db: Db,
  creatorId: string,
  id: string,
  patch: Partial<ProductRow>,
  variantUpdates: { id: string; patch: Partial<VariantRow> }[],
  newVariants: VariantRow[],
): Promise<void> {
  await db.batch([
    db
      .update(products)
      .set(patch)
      .where(and(eq(products.id, id), eq(products.creatorId, creatorId))),
    ...variantUpdates.map((u) =>
      db
        .update(variants)
        .set(u.patch)
        .where(and(eq(variants.id, u.id), eq(variants.productId, id))),
    ),
    ...newVariants.map((v) => db.insert(variants).values(v)),
  ]);
}

export interface VariantWithProduct {
  variant: VariantRow;
  product: ProductRow;
}

/** The creator's variants among `ids`, each with its product; ids of other creators are simply absent. */
export async function findVariantsWithProducts(db: Db, creatorId: string, ids: string[]): Promise<VariantWithProduct[]> {
  if (ids.length === 0) return [];
  return db
    .select({ variant: variants, product: products })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.creatorId, creatorId), inArray(variants.id, ids)));
}

export async function setVariantStockSnapshot(db: Db, variantId: string, stock: number): Promise<void> {
  await db.update(variants).set({ stock }).where(eq(variants.id, variantId));
}

export async function findProductsByIds(db: Db, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(products).where(inArray(products.id, ids));
}

export async function setProductFile(
  db: Db,
  creatorId: string,
  id: string,
  file: Pick<ProductRow, "fileKey" | "fileName" | "fileContentType" | "fileSize">,
): Promise<void> {
  await db
    .update(products)
    .set({ ...file, updatedAt: Date.now() })
    .where(and(eq(products.id, id), eq(products.creatorId, creatorId)));
}

export async function findVariantsOfIds(db: Db, ids: string[]): Promise<VariantRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(variants).where(inArray(variants.id, ids));
}
