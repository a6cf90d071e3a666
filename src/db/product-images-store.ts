// Product image rows, in display order (position, then id). Every query is scoped by creator id.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./client";
import { productImages } from "./schema";

export type ProductImageRow = typeof productImages.$inferSelect;

const ofProduct = (creatorId: string, productId: string) => and(eq(productImages.creatorId, creatorId), eq(productImages.productId, productId));

/** The images of some of a creator's products, in one query: each product's in display order. */
export async function imagesOfProducts(db: Db, creatorId: string, productIds: string[]): Promise<ProductImageRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select()
    .from(productImages)
    .where(and(eq(productImages.creatorId, creatorId), inArray(productImages.productId, productIds)))
    .orderBy(asc(productImages.productId), asc(productImages.position), asc(productImages.id));
}

/**
 * Adds an image after the product's last one, only while it has fewer than `max` (one statement, so concurrent
 * uploads cannot pass the limit together). False when the product is full.
 */
export async function appendProductImage(db: Db, row: Omit<ProductImageRow, "position">, max: number): Promise<boolean> {
  const { id, creatorId, productId, key, width, height, alt, createdAt } = row;
  const mine = sql`from product_images where creator_id = ${creatorId} and product_id = ${productId}`;
  const result = await db.run(
    sql`insert into product_images (id, creator_id, product_id, key, width, height, alt, position, created_at) select ${id}, ${creatorId}, ${productId}, ${key}, ${width}, ${height}, ${alt}, (select coalesce(max(position) + 1, 0) ${mine}), ${createdAt} where (select count(*) ${mine}) < ${max}`,
  );
  return result.meta.changes === 1;
}

/** Puts `row` in the place of the product's first image (`first`): a new image, in the same position. */
export async function replaceProductImage(db: Db, first: ProductImageRow, row: Omit<ProductImageRow, "position">): Promise<void> {
  await db.update(productImages).set(row).where(and(ofProduct(first.creatorId, first.productId), eq(productImages.id, first.id)));
}

export async function deleteProductImage(db: Db, creatorId: string, productId: string, id: string): Promise<ProductImageRow | undefined> {
  const [row] = await db.delete(productImages).where(and(ofProduct(creatorId, productId), eq(productImages.id, id))).returning();
  return row;
}

export async function setProductImageAlt(db: Db, creatorId: string, productId: string, id: string, alt: string): Promise<ProductImageRow | undefined> {
  const [row] = await db.update(productImages).set({ alt }).where(and(ofProduct(creatorId, productId), eq(productImages.id, id))).returning();
  return row;
}
