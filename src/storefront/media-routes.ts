// GET (and HEAD) /media/{key}: an uploaded image as stored; /media/{key}/{width}.{webp|avif}: a resized copy at one of
// IMAGE_WIDTHS (shared/media.ts), from the edge cache, else R2, else made by the Images binding. Every key names fixed
// bytes, so both are immutable; only the stand-in for a copy that could not be made is short-lived (and not cached).
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { originalImage, resizedImage, type ServedImage } from "../catalog/media";
import type { AppEnv } from "../env";
import { IMAGE_WIDTHS, type ImageFormat, type ImageWidth } from "../shared/media";

export const mediaRoutes = new Hono<AppEnv>();

/** The key in `/media/{key}` or `/media/{key}/{variant}`: its three segments after `/media/`. */
const keyOf = (c: Context<AppEnv>) => c.req.path.split("/").slice(2, 5).join("/");

/** The image with its caching headers, or 304 when the client's copy (If-None-Match) is current; `cacheKey` keeps it at the edge. */
async function answer(c: Context<AppEnv>, image: ServedImage | null, cacheKey?: Request) {
  if (!image) return c.text("Not found", 404);
  const headers = {
    "content-type": image.type,
    "cache-control": image.lasting ? "public, max-age=31536000, immutable" : "public, max-age=60",
    etag: image.etag,
    "x-content-type-options": "nosniff",
  };
  const res = new Response(image.body, { headers });
  if (cacheKey && image.lasting) c.executionCtx.waitUntil(caches.default.put(cacheKey, res.clone()));
  const tags = c.req.header("if-none-match")?.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (tags?.includes(image.etag) || tags?.includes("*")) {
    await res.body?.cancel();
    return new Response(null, { status: 304, headers });
  }
  return res;
}

mediaRoutes.get("/media/:creatorId/:scope/:file", async (c) => answer(c, await originalImage(c.get("services").files, keyOf(c))));

mediaRoutes.get("/media/:creatorId/:scope/:file/:variant", async (c) => {
  const [, width, format] = /^([1-9]\d*)\.(webp|avif)$/.exec(c.req.param("variant")) ?? [];
  if (!IMAGE_WIDTHS.includes(Number(width) as ImageWidth)) return c.text("Not found", 404);
  // The path alone is the key (no query, no conditional headers: the cache would answer those itself).
  const cacheKey = new Request(new URL(c.req.path, c.req.url));
  const hit = await caches.default.match(cacheKey);
  if (hit) return answer(c, { body: hit.body, type: hit.headers.get("content-type")!, etag: hit.headers.get("etag")!, lasting: true });
  const { files, images } = c.get("services");
  const background = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
  return answer(c, await resizedImage({ files, images, background }, keyOf(c), Number(width) as ImageWidth, format as ImageFormat), cacheKey);
});
