// GET /downloads/{token}: the purchased file from R2 as an attachment. A GET from byte 0 counts (the whole file in
// any form, or its start); HEAD is free and so is a range past byte 0 within an hour of the last counted GET.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { notFound } from "../shared/errors";
import { parseRange } from "../fulfillment/byte-range";
import { findDownload, useDownload } from "../fulfillment/digital";

export const downloadRoutes = new Hono<AppEnv>();

downloadRoutes.on(["GET", "HEAD"], "/downloads/:token", async (c) => {
  const db = c.get("db");
  const grant = await findDownload(db, c.get("services").signingSecret, c.req.param("token"));
  // The size decides what a Range asks for, so it is read before anything is counted.
  const file = await c.env.FILES.head(grant.fileKey);
  if (!file) throw notFound("File");
  const head = c.req.method === "HEAD";
  const range = head ? ({ kind: "whole" } as const) : parseRange(c.req.header("range"), file.size);
  const slice = range.kind === "range" ? { offset: range.start, length: range.end - range.start + 1 } : undefined;
  // A refused link is refused before R2 is read; the bytes are in hand before a download is counted, so an R2
  // failure never costs the buyer one.
  let used = await useDownload(db, grant, "free");
  const object = head || range.kind === "unsatisfiable" ? null : await c.env.FILES.get(grant.fileKey, slice && { range: slice });
  if (object) {
    used = await useDownload(db, grant, range.kind === "range" && range.start > 0 ? "resume" : "count").catch(async (err: unknown) => {
      await object.body.cancel();
      throw err;
    });
  } else if (!head && range.kind !== "unsatisfiable") throw notFound("File");
  const headers = new Headers({
    "content-type": file.httpMetadata?.contentType ?? "application/octet-stream",
    "content-disposition": `attachment; filename="${grant.fileName.replace(/"/g, "")}"`,
    "cache-control": "private, no-store",
    "accept-ranges": "bytes",
    etag: file.httpEtag,
    "x-downloads-remaining": String(Math.max(0, used.maxDownloads - used.downloadCount)),
  });
  if (head) {
    headers.set("content-length", String(file.size));
    return new Response(null, { status: 200, headers });
  }
  if (!object) {
    // An unsatisfiable range: nothing was read and nothing counted.
    headers.set("content-range", `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (slice) {
    headers.set("content-range", `bytes ${slice.offset}-${slice.offset + slice.length - 1}/${file.size}`);
    headers.set("content-length", String(slice.length));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("content-length", String(file.size));
  return new Response(object.body, { status: 200, headers });
});
