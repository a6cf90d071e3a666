// GET /downloads/{token}: the purchased file from R2 as an attachment (HEAD answers the headers for free).
// GET /media/{key}: product images, immutable (each upload gets a new key).
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { signingSecret } from "../orders/order-token";
import { notFound } from "../shared/errors";
import { openDownload } from "./digital";

export const downloadRoutes = new Hono<AppEnv>();

downloadRoutes.on(["GET", "HEAD"], "/downloads/:token", async (c) => {
  const head = c.req.method === "HEAD";
  const range = c.req.header("range");
  // Resuming a download already counted (a Range past byte 0) is free, like HEAD.
  const resumes = range !== undefined && !/^bytes=0-/.test(range);
  const grant = await openDownload(c.get("db"), signingSecret(c.env), c.req.param("token"), { count: !head && !resumes });
  const object = head ? await c.env.FILES.head(grant.fileKey) : await c.env.FILES.get(grant.fileKey, range ? { range: c.req.raw.headers } : undefined);
  if (!object) throw notFound("File");
  const headers = new Headers({
    "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "content-disposition": `attachment; filename="${grant.fileName.replace(/"/g, "")}"`,
    "cache-control": "private, no-store",
    "accept-ranges": "bytes",
    etag: object.httpEtag,
    "x-downloads-remaining": String(Math.max(0, grant.maxDownloads - grant.downloadCount)),
  });
  if (head || !("body" in object)) {
    headers.set("content-length", String(object.size));
    return new Response(null, { status: 200, headers });
  }
  const body = object as R2ObjectBody;
  if (range && body.range && "offset" in body.range) {
    const offset = body.range.offset ?? 0;
    const length = body.range.length ?? object.size - offset;
    headers.set("content-range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("content-length", String(length));
    return new Response(body.body, { status: 206, headers });
  }
  headers.set("content-length", String(object.size));
  return new Response(body.body, { status: 200, headers });
});

downloadRoutes.get("/media/:creatorId/:productId/:file", async (c) => {
  const key = `media/${c.req.param("creatorId")}/${c.req.param("productId")}/${c.req.param("file")}`;
  const object = await c.env.FILES.get(key);
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
