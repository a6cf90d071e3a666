// A product's images (API.md "Files"): at most 10, in order, each checked and measured at upload and described by its
// alt text. The first one is the product's picture on cards and share cards (`imageUrl`). Removing or replacing an
// image deletes its original and resized copies from R2 once D1 no longer points at it.
import type { Db } from "../db/client";
import { findProduct } from "../db/products-store";
import {
  appendProductImage,
  deleteProductImage as deleteImageRow,
  imagesOfProducts,
  replaceProductImage,
  setProductImageAlt,
  type ProductImageRow,
} from "../db/product-images-store";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import type { MediaStore, Upload } from "../shared/uploads";
import type { Product, ProductImage } from "./product-schemas";
import { getProduct, toImage } from "./products";

const MAX_PRODUCT_IMAGES = 10;

export interface ImageDeps {
  db: Db;
  media: MediaStore;
}

const full = () => new DomainError("conflict", `A product has at most ${MAX_PRODUCT_IMAGES} images: delete one first.`);

async function imagesOf(db: Db, creatorId: string, productId: string): Promise<ProductImageRow[]> {
  if (!(await findProduct(db, creatorId, productId))) throw notFound("Product");
  return imagesOfProducts(db, creatorId, [productId]);
}

/** Stores the upload and builds its row; `record` writes the row (false: the product is full), else the upload is removed. */
async function storeImage(deps: ImageDeps, creatorId: string, productId: string, upload: Upload, alt: string, record: (row: Omit<ProductImageRow, "position">) => Promise<boolean>) {
  const saved = await deps.media.saveImage(creatorId, productId, upload);
  const row = { id: newId("img"), creatorId, productId, key: saved.key, width: saved.width, height: saved.height, alt, createdAt: Date.now() };
  const recorded = await record(row).catch(async (err: unknown) => {
    await deps.media.remove(saved.key);
    throw err;
  });
  if (!recorded) {
    await deps.media.remove(saved.key);
    throw full();
  }
  return row;
}

/** POST …/images: adds an image after the others. */
export async function addProductImage(deps: ImageDeps, creatorId: string, productId: string, upload: Upload, alt = ""): Promise<ProductImage> {
  // Checked before reading the body too, so a full product costs no upload; the insert checks again atomically.
  if ((await imagesOf(deps.db, creatorId, productId)).length >= MAX_PRODUCT_IMAGES) throw full();
  return toImage(await storeImage(deps, creatorId, productId, upload, alt, (row) => appendProductImage(deps.db, row, MAX_PRODUCT_IMAGES)));
}

/** PUT …/image: the upload becomes the first image, in place of the current first one (whose files are deleted). */
export async function setFirstProductImage(deps: ImageDeps, creatorId: string, productId: string, upload: Upload, alt = ""): Promise<Product> {
  const [first] = await imagesOf(deps.db, creatorId, productId);
  await storeImage(deps, creatorId, productId, upload, alt, async (row) =>
    first ? (await replaceProductImage(deps.db, first, row), true) : appendProductImage(deps.db, row, MAX_PRODUCT_IMAGES),
  );
  if (first) await deps.media.remove(first.key);
  return getProduct(deps.db, creatorId, productId);
}

export async function updateProductImage(db: Db, creatorId: string, productId: string, imageId: string, alt: string): Promise<ProductImage> {
  const row = await setProductImageAlt(db, creatorId, productId, imageId, alt);
  if (!row) throw notFound("Image");
  return toImage(row);
}

export async function deleteProductImage(deps: ImageDeps, creatorId: string, productId: string, imageId: string): Promise<void> {
  const row = await deleteImageRow(deps.db, creatorId, productId, imageId);
  if (!row) throw notFound("Image");
  await deps.media.remove(row.key);
}
