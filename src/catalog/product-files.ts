// Product files in R2: the digital asset (PUT …/file) and the product image (PUT …/image). Uploads stream
// straight into R2 when they carry a Content-Length (chunked ones are buffered up to the limit).
import type { Db } from "../db/client";
import { findProduct, setProductFile, setProductImage } from "../db/products-store";
import { DomainError, notFound } from "../shared/errors";
import { toBase64Url } from "../shared/crypto";
import { getProduct } from "./products";

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/avif": "avif" };

export interface Upload {
  body: ReadableStream | ArrayBuffer | string | null;
  contentType: string;
  contentLength: number | null;
  fileName?: string;
}

const tooLarge = () => new DomainError("payload_too_large", "Uploads are limited to 100 MiB.");

/**
 * With a Content-Length the body streams straight into R2 (which needs the length up front). A chunked upload
 * is read into memory instead, stopping with `payload_too_large` as soon as it passes the limit.
 */
async function sized(upload: Upload): Promise<Upload & { contentLength: number }> {
  if (upload.contentLength !== null && Number.isFinite(upload.contentLength)) {
    if (upload.contentLength > MAX_UPLOAD_BYTES) throw tooLarge();
    if (upload.contentLength === 0 || !upload.body) throw new DomainError("invalid_input", "The upload is empty.", [{ field: "(body)", message: "Empty." }]);
    return upload as Upload & { contentLength: number };
  }
  if (!(upload.body instanceof ReadableStream)) return sized({ ...upload, contentLength: typeof upload.body === "string" ? upload.body.length : (upload.body?.byteLength ?? 0) });
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = upload.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_UPLOAD_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return sized({ ...upload, body: body.buffer, contentLength: size });
}

const randomKey = () => toBase64Url(crypto.getRandomValues(new Uint8Array(12)));

export async function uploadProductFile(db: Db, files: R2Bucket, creatorId: string, productId: string, upload: Upload) {
  const product = await findProduct(db, creatorId, productId);
  if (!product) throw notFound("Product");
  if (product.kind !== "digital") throw new DomainError("conflict", "Only digital products have a downloadable file.");
  upload = await sized(upload);
  const key = `files/${creatorId}/${productId}/${randomKey()}`;
  const fileName = sanitizeFileName(upload.fileName) ?? product.slug;
  await files.put(key, upload.body, { httpMetadata: { contentType: upload.contentType, contentDisposition: `attachment; filename="${fileName}"` } });
  await setProductFile(db, creatorId, productId, { fileKey: key, fileName, fileContentType: upload.contentType, fileSize: upload.contentLength });
  // Grants already issued keep pointing at the file they were made for.
  return getProduct(db, creatorId, productId);
}

export async function uploadProductImage(db: Db, files: R2Bucket, creatorId: string, productId: string, upload: Upload) {
  const product = await findProduct(db, creatorId, productId);
  if (!product) throw notFound("Product");
  const ext = IMAGE_TYPES[upload.contentType.split(";")[0]!.trim().toLowerCase()];
  if (!ext) throw new DomainError("unsupported_media_type", "Images must be PNG, JPEG, WebP, GIF or AVIF.");
  upload = await sized(upload);
  // A new key per upload: media URLs are immutable and cached for a year.
  const key = `${creatorId}/${productId}/${randomKey()}.${ext}`;
  await files.put(mediaObjectKey(key), upload.body, { httpMetadata: { contentType: upload.contentType, cacheControl: "public, max-age=31536000, immutable" } });
  await setProductImage(db, creatorId, productId, key);
  if (product.imageKey) await files.delete(mediaObjectKey(product.imageKey));
  return getProduct(db, creatorId, productId);
}

function sanitizeFileName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[^\w.\- ]+/g, "_").trim().slice(0, 120);
  return clean ? clean : undefined;
}

/** Where an image lives in R2: `media/` + the key its URL carries (`/media/{key}`). */
const mediaObjectKey = (key: string) => `media/${key}`;

/** A product image by the key in its URL (creator/product/file), or null. */
export async function readMedia(files: R2Bucket, key: string): Promise<R2ObjectBody | null> {
  return files.get(mediaObjectKey(key));
}
