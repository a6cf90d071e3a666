// Images in R2: the original of each upload at `media/{key}` and the resized copies the storefront makes from it at
// `media-resized/{key}/{width}.{format}`. An upload is read into memory and checked with the Images binding, so its
// format, type and size come from its bytes, never from the Content-Type a client claims.
import { DomainError } from "../shared/errors";
import { IMAGE_WIDTHS, type ImageFormat, type ImageWidth } from "../shared/media";
import type { MediaStore } from "../shared/uploads";
import { randomKey, readUpTo } from "./product-files";

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The raster formats pages may show, as the Images binding reports them, with the extension their key takes. */
const FORMATS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/avif": "avif" };

export const originalObject = (key: string) => `media/${key}`;
export const resizedObject = (key: string, width: ImageWidth, format: ImageFormat) => `media-resized/${key}/${width}.${format}`;

export function createMediaStore(files: R2Bucket, images: ImagesBinding): MediaStore {
  return {
    async saveImage(creatorId, scope, upload) {
      const bytes = await readUpTo(upload, MAX_IMAGE_BYTES, "Images are limited to 20 MiB.");
      const info = await images.info(new Response(bytes).body!).catch(() => null);
      const ext = info && "width" in info ? FORMATS[info.format] : undefined;
      if (!info || !("width" in info) || !ext) {
        const what = info?.format === "image/svg+xml" ? "SVG images are not accepted" : "This file is not an image we can read";
        throw new DomainError("unsupported_media_type", `${what}: upload a PNG, JPEG, WebP, GIF or AVIF image.`);
      }
      // A new key per upload: every media URL names fixed bytes, so all of them are cached as immutable.
      const key = `${creatorId}/${scope}/${randomKey()}.${ext}`;
      await files.put(originalObject(key), bytes, { httpMetadata: { contentType: info.format } });
      return { key, width: info.width, height: info.height };
    },
    async remove(key) {
      const resized = IMAGE_WIDTHS.flatMap((width) => (["webp", "avif"] as const).map((format) => resizedObject(key, width, format)));
      await files.delete([originalObject(key), ...resized]);
    },
  };
}
