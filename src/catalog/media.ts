// Serving images: an original as uploaded, and resized WebP/AVIF copies. A copy is made once by the Images binding
// and kept in R2, so later requests (in any data centre) never transform again. A failed transform answers the
// original, marked short-lived, so a later request tries again.
import { errorFields, log } from "../shared/log";
import type { ImageFormat, ImageWidth } from "../shared/media";
import { originalObject, resizedObject } from "./media-store";

export interface ServedImage {
  body: ReadableStream | ArrayBuffer | null;
  type: string;
  etag: string;
  /** False for a stand-in (the original served for a copy that could not be made): not to be kept by caches. */
  lasting: boolean;
}

const served = (object: R2ObjectBody): ServedImage => ({
  body: object.body,
  type: object.httpMetadata?.contentType ?? "application/octet-stream",
  etag: object.httpEtag,
  lasting: true,
});

export async function originalImage(files: R2Bucket, key: string): Promise<ServedImage | null> {
  const object = await files.get(originalObject(key));
  return object && served(object);
}

export interface ResizeDeps {
  files: R2Bucket;
  images: ImagesBinding;
  /** Work that outlives the answer (storing the copy). */
  background: (work: Promise<unknown>) => void;
}

export async function resizedImage(deps: ResizeDeps, key: string, width: ImageWidth, format: ImageFormat): Promise<ServedImage | null> {
  const stored = await deps.files.get(resizedObject(key, width, format));
  if (stored) return served(stored);
  const original = await deps.files.get(originalObject(key));
  if (!original) return null;
  const bytes = await original.arrayBuffer();
  try {
    const result = await deps.images
      .input(new Response(bytes).body!)
      .transform({ width, fit: "scale-down" })
      .output({ format: `image/${format}`, quality: 80 });
    const copy = await new Response(result.image()).arrayBuffer();
    const type = result.contentType();
    deps.background(
      deps.files.put(resizedObject(key, width, format), copy, { httpMetadata: { contentType: type } }).catch((err: unknown) => log("warn", "resized image not stored", { key, ...errorFields(err) })),
    );
    // R2's ETag of a single-part object is its MD5: the stored copy will answer with this very ETag.
    const md5 = new Uint8Array(await crypto.subtle.digest("MD5", copy));
    return { body: copy, type, etag: `"${Array.from(md5, (b) => b.toString(16).padStart(2, "0")).join("")}"`, lasting: true };
  } catch (err) {
    log("warn", "image transform failed: serving the original for now", { key, width, format, ...errorFields(err) });
    return { ...served(original), body: bytes, lasting: false };
  }
}
