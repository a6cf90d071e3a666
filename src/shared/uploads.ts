// Raw uploads (digital files, images) as use cases receive them, and the port through which any use case stores an
// image: implemented over R2 and the Images binding in catalog/media-store.ts, handed out by the composition root.

export interface Upload {
  body: ReadableStream | ArrayBuffer | string | null;
  contentType: string;
  contentLength: number | null;
  fileName?: string;
}

/** An image checked by its bytes and stored under a new key: its URL is `mediaUrl(key)` (shared/media.ts). */
interface SavedImage {
  key: string;
  width: number;
  height: number;
}

export interface MediaStore {
  /** Reads the upload (≤ 20 MiB, else `payload_too_large`), checks it is a PNG, JPEG, WebP, GIF or AVIF by its bytes
   * (else `unsupported_media_type`) and stores it under a new key `{creatorId}/{scope}/{random}.{ext}`. */
  saveImage(creatorId: string, scope: string, upload: Upload): Promise<SavedImage>;
  /** Deletes an image's original and every resized copy. */
  remove(key: string): Promise<void>;
}
