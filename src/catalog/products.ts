// Product use cases: create (with variants or one default variant), list, get, update, archive.
// Slugs are unique per creator, SKUs unique per creator; every lookup is scoped to the calling creator.
import type { Db } from "../db/client";
import { findCreatorById } from "../db/creators-store";
import {
  findProduct,
  insertProduct,
  isUniqueViolation,
  listProducts as listProductRows,
  slugTaken,
  takenSkus,
  updateProductRows,
  type ProductRow,
  type ProductStatus,
  type ProductWithVariants,
  type VariantRow,
} from "../db/products-store";
import { imagesOfProducts, type ProductImageRow } from "../db/product-images-store";
import { unwrap, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { assertChargeableAmounts } from "../shared/money";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { mediaUrl } from "../shared/media";
import type { CreateProductInput, Product, ProductImage, UpdateProductInput } from "./product-schemas";
import { iso } from "../shared/time";

const DEFAULT_VARIANT_TITLE = "Default";

/** What catalog changes that touch stock need: D1 and the inventory objects (the authority for tracked stock). */
export interface CatalogDeps {
  db: Db;
  inventory: InventoryNamespace;
}

/** Each tracked variant's object is told its low-stock threshold: inventory.low is judged there, beside the stock. */
async function pushLowStock(inventory: InventoryNamespace, creatorId: string, variants: Pick<VariantRow, "id" | "stock" | "lowStockThreshold">[]) {
  await Promise.all(
    variants
      .filter((v) => v.stock !== null)
      .map(async (v) => unwrap(await variantObject(inventory, v.id).setLowStock({ variantId: v.id, seedStock: v.stock!, threshold: v.lowStockThreshold, creatorId }))),
  );
}

export const toImage = (i: Pick<ProductImageRow, "id" | "key" | "width" | "height" | "alt">): ProductImage => ({ id: i.id, url: mediaUrl(i.key), width: i.width, height: i.height, alt: i.alt });

/** `images` are the product's own, in display order. */
function toProduct(p: ProductWithVariants, images: ProductImageRow[]): Product {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    description: p.description,
    kind: p.kind,
    priceCents: p.priceCents,
    currency: p.currency,
    status: p.status,
    downloadExpiryDays: p.downloadExpiryDays,
    downloadLimit: p.downloadLimit,
    membershipTier: p.membershipTier,
    membershipDays: p.membershipDays,
    minPriceCents: p.minPriceCents,
    ...(p.kind === "digital" && { hasFile: !lacksFile(p) }),
    file: p.fileKey ? { name: p.fileName ?? p.slug, contentType: p.fileContentType ?? "application/octet-stream", size: p.fileSize ?? 0 } : null,
    imageUrl: images[0] ? mediaUrl(images[0].key) : null,
    images: images.map(toImage),
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      priceCents: v.priceCents ?? p.priceCents,
      stock: v.stock,
      lowStockThreshold: v.lowStockThreshold,
    })),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/**
 * Pay what you want: digital and membership products only (a physical item's price pays for what ships), and the
 * suggested price (`priceCents`) never below the least a buyer may pay.
 */
function payWhatYouWant(kind: ProductRow["kind"], minPriceCents: number | null, priceCents: number): number | null {
  if (minPriceCents === null) return null;
  if (kind === "physical") throw new DomainError("invalid_input", "Pay what you want is for digital products and memberships.", [{ field: "minPriceCents", message: "Not for physical products." }]);
  if (priceCents < minPriceCents) throw new DomainError("invalid_input", "The suggested price (priceCents) is below the minimum.", [{ field: "priceCents", message: `At least ${minPriceCents}.` }]);
  return minPriceCents;
}

function skuConflict(skus: string[]) {
  return new DomainError("conflict", `SKU already in use: ${skus.join(", ")}.`, skus.map((sku) => ({ field: "sku", sku })));
}

export async function createProduct(
  { db, inventory }: CatalogDeps,
  creatorId: string,
  input: CreateProductInput,
  now = Date.now(),
): Promise<Product> {
  const creator = await findCreatorById(db, creatorId);
  if (!creator) throw notFound("Creator");
  const currency = input.currency ?? creator.currency;
  assertChargeableAmounts([
    { field: "priceCents", amount: input.priceCents, currency },
    ...(input.variants ?? []).map((v, i) => ({ field: `variants.${i}.priceCents`, amount: v.priceCents, currency })),
  ]);
  const productId = newId("prd", now);
  const variantInputs = input.variants ?? [{ sku: input.slug, title: DEFAULT_VARIANT_TITLE, stock: input.stock ?? null, lowStockThreshold: null }];
  const rows: VariantRow[] = variantInputs.map((v, position) => ({
    id: newId("var", now),
    productId,
    creatorId: creator.id,
    sku: v.sku,
    title: v.title,
    priceCents: "priceCents" in v && v.priceCents !== undefined ? v.priceCents : null,
    stock: v.stock ?? null,
    lowStockThreshold: v.lowStockThreshold ?? null,
    position,
    createdAt: now,
    updatedAt: now,
  }));
  const product: ProductRow = {
    id: productId,
    creatorId: creator.id,
    slug: input.slug,
    title: input.title,
    description: input.description ?? "",
    kind: input.kind,
    priceCents: input.priceCents,
    currency,
    status: input.status ?? "active",
    downloadExpiryDays: input.downloadExpiryDays ?? null,
    downloadLimit: input.downloadLimit ?? null,
    membershipTier: input.membershipTier ?? null,
    membershipDays: input.membershipDays ?? null,
    minPriceCents: payWhatYouWant(input.kind, input.minPriceCents ?? null, input.priceCents),
    fileKey: null,
    fileName: null,
    fileContentType: null,
    fileSize: null,
    createdAt: now,
    updatedAt: now,
  };
  if (await slugTaken(db, creator.id, input.slug)) {
    throw new DomainError("conflict", `You already have a product with slug "${input.slug}".`);
  }
  const taken = await takenSkus(db, creator.id, rows.map((r) => r.sku));
  if (taken.length) throw skuConflict(taken);
  try {
    await insertProduct(db, product, rows);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("conflict", "The slug or a SKU was taken by a concurrent request.");
    throw err;
  }
  await pushLowStock(inventory, creator.id, rows.filter((r) => r.lowStockThreshold !== null));
  return toProduct({ ...product, variants: rows }, []);
}

export async function getProduct(db: Db, creatorId: string, id: string): Promise<Product> {
  const [found, images] = await Promise.all([findProduct(db, creatorId, id), imagesOfProducts(db, creatorId, [id])]);
  if (!found) throw notFound("Product");
  return toProduct(found, images);
}

export async function listProducts(
  db: Db,
  creatorId: string,
  query: { limit: number; cursor?: string; status?: ProductStatus },
): Promise<{ items: Product[]; nextCursor: string | null }> {
  const statuses: ProductStatus[] = query.status ? [query.status] : ["draft", "active"];
  const page = await listProductRows(db, creatorId, { statuses, limit: query.limit, before: decodeCursor(query.cursor) });
  const images = Map.groupBy(await imagesOfProducts(db, creatorId, page.items.map((p) => p.id)), (i) => i.productId);
  return cursorPage(page, (p) => toProduct(p, images.get(p.id) ?? []));
}

export async function updateProduct({ db, inventory }: CatalogDeps, creatorId: string, id: string, input: UpdateProductInput, now = Date.now()): Promise<Product> {
  const current = await findProduct(db, creatorId, id);
  if (!current) throw notFound("Product");
  const { currency } = current;
  assertChargeableAmounts([
    { field: "priceCents", amount: input.priceCents, currency },
    ...(input.variants ?? []).map((v, i) => ({ field: `variants.${i}.priceCents`, amount: v.priceCents, currency })),
  ]);
  if (input.slug && input.slug !== current.slug && (await slugTaken(db, creatorId, input.slug, id))) {
    throw new DomainError("conflict", `You already have a product with slug "${input.slug}".`);
  }
  const known = new Map(current.variants.map((v) => [v.id, v]));
  const updates: { id: string; patch: Partial<VariantRow> }[] = [];
  const added: VariantRow[] = [];
  const renamedSkus: string[] = [];
  const stockChanges: { variantId: string; seedStock: number; stock: number; patch: Partial<VariantRow> }[] = [];
  const thresholds: Pick<VariantRow, "id" | "stock" | "lowStockThreshold">[] = [];
  for (const v of input.variants ?? []) {
    if (v.id) {
      const existing = known.get(v.id);
      if (!existing) throw new DomainError("invalid_input", "Unknown variant.", [{ field: "variants.id", message: `No variant ${v.id} on this product.` }]);
      const patch: Partial<VariantRow> = { updatedAt: now };
      if (v.sku !== undefined && v.sku !== existing.sku) {
        patch.sku = v.sku;
        renamedSkus.push(v.sku);
      }
      if (v.title !== undefined) patch.title = v.title;
      if (v.priceCents !== undefined) patch.priceCents = v.priceCents;
      if (v.stock !== undefined) patch.stock = v.stock;
      if (v.stock !== undefined && v.stock !== null) stockChanges.push({ variantId: v.id, seedStock: existing.stock ?? v.stock, stock: v.stock, patch });
      if (v.lowStockThreshold !== undefined) patch.lowStockThreshold = v.lowStockThreshold;
      // A new threshold, or stock tracked from now on under an old one.
      const lowStockThreshold = v.lowStockThreshold === undefined ? existing.lowStockThreshold : v.lowStockThreshold;
      if (v.lowStockThreshold !== undefined || (existing.stock === null && lowStockThreshold !== null)) {
        thresholds.push({ id: v.id, stock: existing.stock ?? v.stock ?? null, lowStockThreshold });
      }
      updates.push({ id: v.id, patch });
    } else {
      added.push({
        id: newId("var", now),
        productId: id,
        creatorId,
        sku: v.sku!,
        title: v.title!,
        priceCents: v.priceCents ?? null,
        stock: v.stock ?? null,
        lowStockThreshold: v.lowStockThreshold ?? null,
        position: current.variants.length + added.length,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  const newSkus = [...renamedSkus, ...added.map((v) => v.sku)];
  if (new Set(newSkus).size !== newSkus.length) throw new DomainError("invalid_input", "Duplicate SKU in request.", [{ field: "variants.sku", message: "Duplicate SKU." }]);
  const taken = await takenSkus(db, creatorId, newSkus);
  if (taken.length) throw skuConflict(taken);

  const patch: Partial<ProductRow> = { updatedAt: now };
  if (input.slug !== undefined) patch.slug = input.slug;
  if (input.title !== undefined) patch.title = input.title;
  if (input.description !== undefined) patch.description = input.description;
  if (input.priceCents !== undefined) patch.priceCents = input.priceCents;
  if (input.status !== undefined) patch.status = input.status;
  for (const key of ["downloadExpiryDays", "downloadLimit", "membershipTier", "membershipDays"] as const) {
    if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key];
  }
  if (input.minPriceCents !== undefined || (input.priceCents !== undefined && current.minPriceCents !== null)) {
    patch.minPriceCents = payWhatYouWant(current.kind, input.minPriceCents === undefined ? current.minPriceCents : input.minPriceCents, input.priceCents ?? current.priceCents);
  }
  // A new threshold first, so a stock change in the same request is judged against it.
  await pushLowStock(inventory, creatorId, thresholds);
  // Tracked stock is owned by each variant's inventory object: set it there first; D1 keeps the display copy.
  for (const change of stockChanges) {
    const counts = unwrap(await variantObject(inventory, change.variantId).setStock(change));
    change.patch.stock = counts.available;
  }
  try {
    await updateProductRows(db, creatorId, id, patch, updates, added);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("conflict", "The slug or a SKU was taken by a concurrent request.");
    throw err;
  }
  await pushLowStock(inventory, creatorId, added.filter((v) => v.lowStockThreshold !== null));
  return getProduct(db, creatorId, id);
}

/** DELETE archives: the product keeps answering GET by id (with its orders intact) but leaves lists and the storefront. */
export async function archiveProduct(deps: CatalogDeps, creatorId: string, id: string, now = Date.now()): Promise<Product> {
  return updateProduct(deps, creatorId, id, { status: "archived" }, now);
}

/** A digital product without its file cannot be delivered, so it is not for sale until the creator uploads one. */
export function lacksFile(product: Pick<ProductRow, "kind" | "fileKey">): boolean {
  return product.kind === "digital" && !product.fileKey;
}

/** How a variant is named on drops, carts and orders: the product's title, plus the variant's unless it is the default one. */
export function itemTitle(product: { title: string }, variant: { title: string }): string {
  return variant.title === DEFAULT_VARIANT_TITLE ? product.title : `${product.title} — ${variant.title}`;
}
