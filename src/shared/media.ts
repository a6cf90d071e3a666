// Image URLs. An upload is stored once, as sent, under a new key (`{creatorId}/{scope}/{name}.{ext}`, scope a product
// id or "profile"); `/media/{key}` serves it and `/media/{key}/{width}.{webp|avif}` a resized copy made by the Images
// binding. Every URL names fixed bytes, so all of them are cached as immutable.

/** The widths a resized copy may have: a fixed set, so a crawler cannot make us store endless variants. */
export const IMAGE_WIDTHS = [160, 320, 480, 640, 960, 1280, 1920] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];
export type ImageFormat = "webp" | "avif";

/** An uploaded image as pages need it; width and height are null only for images stored before they were measured. */
export interface StoredImage {
  key: string;
  width: number | null;
  height: number | null;
  alt: string;
}

export const mediaUrl = (key: string): string => `/media/${key}`;
export const resizedUrl = (key: string, width: ImageWidth, format: ImageFormat): string => `/media/${key}/${width}.${format}`;

/** The key inside one of our own media URLs, or null for any other URL (a theme may point elsewhere). */
export const mediaKeyOf = (url: string | null): string | null => (url?.startsWith("/media/") ? url.slice(7) : null);
