// GET /media/{creatorId}/{productId}/{file}: product images from R2, immutable (each upload gets a new key).
import { Hono } from "hono/tiny";
import { readMedia } from "../catalog/product-files";
import type { AppEnv } from "../env";

export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get("/media/:creatorId/:productId/:file", async (c) => {
  const object = await readMedia(c.get("services").files, `${c.req.param("creatorId")}/${c.req.param("productId")}/${c.req.param("file")}`);
  if (!object) return c.text("Not found", 404);
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "cache-control": "public, max-age=31536000, immutable",
      etag: object.httpEtag,
      "x-content-type-options": "nosniff",
    },
  });
});
