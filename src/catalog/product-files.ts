// A digital product's file in R2 (PUT …/file). Uploads stream straight into R2 when they carry a Content-Length
// (chunked ones are buffered up to the limit).
import type { Db } from "../db/client";
import { findProduct, setProductFile } from "../db/products-store";
import { DomainError, notFound } from "../shared/errors";
import { toBase64Url } from "../shared/crypto";
import type { Upload } from "../shared/uploads";
import { getProduct } from "./products";

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const empty = () => new DomainError("invalid_input", "The upload is empty.", [{ field: "(body)", message: "Empty." }]);

/** The whole body in memory, refused with `payload_too_large` (`limitText`) as soon as it passes `limit` bytes. */
export async function readUpTo(upload: Upload, limit: number, limitText: string): Promise<Uint8Array> {
  const tooLarge = () => new DomainError("payload_too_large", limitText);
  if (upload.contentLength !== null && upload.contentLength > limit) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = new Response(upload.body).body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  if (size === 0) throw empty();
  const bytes = new Uint8Array(size);
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.byteLength), 0);
  return bytes;
}

/**
 * With a Content-Length the body streams straight into R2 (which needs the length up front). A chunked upload
 * is read into memory instead, stopping with `payload_too_large` as soon as it passes the limit.
 */
async function sized(upload: Upload): Promise<Upload & { contentLength: number }> {
  if (upload.contentLength === null || !Number.isFinite(upload.contentLength)) {
    const body = await readUpTo(upload, MAX_UPLOAD_BYTES, "Uploads are limited to 100 MiB.");
    return { ...upload, body: body.buffer as ArrayBuffer, contentLength: body.byteLength };
  }
  if (upload.contentLength > MAX_UPLOAD_BYTES) throw new DomainError("payload_too_large", "Uploads are limited to 100 MiB.");
  if (upload.contentLength === 0 || !upload.body) throw empty();
  return upload as Upload & { contentLength: number };
}

/** A fresh, unguessable name for a stored object. */
export const randomKey = () => toBase64Url(crypto.getRandomValues(new Uint8Array(12)));

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

function sanitizeFileName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[^\w.\- ]+/g, "_").trim().slice(0, 120);
  return clean ? clean : undefined;
}
