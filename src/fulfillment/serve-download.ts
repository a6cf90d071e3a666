// Serving a purchased file (GET /downloads/{token}) from R2 as an attachment, and counting it. A GET from byte 0
// counts (the whole file in any form, or its start); HEAD is free and so is a range past byte 0 within an hour of
// the last counted GET (resuming). A refused link is refused before R2 is read, and the bytes are in hand before a
// download is counted, so an R2 failure never costs the buyer one.
import type { Db } from "../db/client";
import { notFound } from "../shared/errors";
import { parseRange } from "./byte-range";
import { findDownload, useDownload } from "./digital";

export interface DownloadDeps {
  db: Db;
  files: R2Bucket;
  signingSecret: string;
}

/** The HTTP answer for a download link: status, headers and the file's bytes (none for HEAD or 416). */
export async function serveDownload(deps: DownloadDeps, token: string, request: { method: string; range: string | undefined }): Promise<Response> {
  const { db, files } = deps;
  const grant = await findDownload(db, deps.signingSecret, token);
  // The size decides what a Range asks for, so it is read before anything is counted.
  const file = await files.head(grant.fileKey);
  if (!file) throw notFound("File");
  const head = request.method === "HEAD";
  const range = head ? ({ kind: "whole" } as const) : parseRange(request.range, file.size);
  const slice = range.kind === "range" ? { offset: range.start, length: range.end - range.start + 1 } : undefined;
  // A refused link is refused before R2 is read; the bytes are in hand before a download is counted, so an R2
  // failure never costs the buyer one.
  let used = await useDownload(db, grant, "free");
  const object = head || range.kind === "unsatisfiable" ? null : await files.get(grant.fileKey, slice && { range: slice });
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
}
