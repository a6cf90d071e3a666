// Product files in R2: the digital asset (PUT …/file) and the product image (PUT …/image). Uploads stream
// straight into R2 (no buffering in the Worker) and need a Content-Length; the old object is replaced.
import type { Db } from "../db/client";
import { findProduct, setProductFile, setProductImage } from "../db/products-store";
import { DomainError, notFound } from "../shared/errors";
import { toBase64Url } from "../shared/crypto";
import { getProduct } from "./products";

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/avif": "avif" };

export interface Upload {
  body: ReadableStream | ArrayBuffer | string | null;
  contentType: string;
  contentLength: number | null;
  fileName?: string;
}

function checkSize(upload: Upload) {
  if (upload.contentLength === null || !Number.isFinite(upload.contentLength)) {
    throw new DomainError("invalid_input", "Send the upload with a Content-Length header.", [{ field: "Content-Length", message: "Required." }]);
  }
  if (upload.contentLength > MAX_UPLOAD_BYTES) throw new DomainError("payload_too_large", "Uploads are limited to 100 MiB.");
  if (upload.contentLength === 0 || !upload.body) throw new DomainError("invalid_input", "The upload is empty.", [{ field: "(body)", message: "Empty." }]);
}

const randomKey = () => toBase64Url(crypto.getRandomValues(new Uint8Array(12)));

export async function uploadProductFile(db: Db, files: R2Bucket, creatorId: string, productId: string, upload: Upload) {
  const product = await findProduct(db, creatorId, productId);
  if (!product) throw notFound("Product");
  if (product.kind !== "digital") throw new DomainError("conflict", "Only digital products have a downloadable file.");
  checkSize(upload);
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
  checkSize(upload);
  // A new key per upload: media URLs are immutable and cached for a year.
  const key = `${creatorId}/${productId}/${randomKey()}.${ext}`;
  await files.put(`media/${key}`, upload.body, { httpMetadata: { contentType: upload.contentType, cacheControl: "public, max-age=31536000, immutable" } });
  await setProductImage(db, creatorId, productId, key);
  if (product.imageKey) await files.delete(`media/${product.imageKey}`);
  return getProduct(db, creatorId, productId);
}

function sanitizeFileName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[^\w.\- ]+/g, "_").trim().slice(0, 120);
  return clean ? clean : undefined;
}
