// Digital delivery: creators upload the file to R2; fulfillment creates one download grant per order item
// (default 7 days, 5 downloads, configurable per product); GET /downloads/{token} streams the file. A grant
// delivers only while unexpired, with downloads left (or resuming within an hour of its last counted GET) and
// while its order is paid or fulfilled: a refunded or canceled order's links answer `gone` and are not listed.
import type { Db } from "../db/client";
import { ensureDownloadGrant, findGrant, grantsOfOrder, takeDownload, type DownloadGrantRow, type WithOrderStatus } from "../db/fulfillment-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import type { ProductRow } from "../db/products-store";
import { delivers, type OrderStatus } from "../shared/order-states";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { downloadToken, verifyDownloadToken } from "./download-token";
import { DAY_MS } from "../shared/time";
import { iso } from "../shared/time";

const DEFAULT_DOWNLOAD_DAYS = 7;
const DEFAULT_DOWNLOAD_LIMIT = 5;
/** A range that does not start at byte 0 this soon after the last counted GET resumes that download: free. */
const RESUME_WINDOW_MS = 60 * 60 * 1000;

/** Grants the item's download; the caller has checked that the product has its file (see `lacksFile`). */
export async function grantDownload(db: Db, order: OrderWithItems, item: OrderItemRow, product: ProductRow & { fileKey: string }, now: number) {
  return ensureDownloadGrant(db, {
    id: newId("dlg", now),
    orderId: order.id,
    orderItemId: item.id,
    productId: product.id,
    creatorId: order.creatorId,
    fileKey: product.fileKey,
    fileName: product.fileName ?? `${product.slug}`,
    expiresAt: now + (product.downloadExpiryDays ?? DEFAULT_DOWNLOAD_DAYS) * DAY_MS,
    maxDownloads: product.downloadLimit ?? DEFAULT_DOWNLOAD_LIMIT,
    downloadCount: 0,
    lastCountedAt: null,
    createdAt: now,
  });
}

/** The order's download links: none once the order no longer delivers (refunded or canceled). */
export async function downloadLinks(db: Db, secret: string, origin: string, order: { id: string; status: OrderStatus }) {
  return linksOf(order.status, await grantsOfOrder(db, order.id), secret, origin);
}

/** Links for the grants of an order in `status`; none unless the order delivers. */
export function linksOf(status: OrderStatus, grants: DownloadGrantRow[], secret: string, origin: string) {
  if (!delivers(status)) return Promise.resolve([]);
  return Promise.all(
    grants.map(async (g) => ({
      url: `${origin}/downloads/${await downloadToken(secret, g.id)}`,
      fileName: g.fileName,
      expiresAt: iso(g.expiresAt),
      remaining: Math.max(0, g.maxDownloads - g.downloadCount),
    })),
  );
}

/** The grant behind a download token, with its order's status; a tampered or unknown token is not_found. */
export async function findDownload(db: Db, secret: string, token: string): Promise<WithOrderStatus<DownloadGrantRow>> {
  const grantId = await verifyDownloadToken(secret, token);
  const grant = grantId && (await findGrant(db, grantId));
  if (!grant) throw notFound("Download");
  return grant;
}

/**
 * How a request uses the grant: `free` (HEAD, a 416 answer) only checks it; `count` (a GET from byte 0, whole
 * file or not) takes one download; `resume` (a range past byte 0) is free within the resume window, else counts.
 * Counting is one conditional UPDATE, so parallel GETs never exceed the limit.
 */
export async function useDownload(db: Db, grant: WithOrderStatus<DownloadGrantRow>, use: "free" | "count" | "resume", now = Date.now()): Promise<DownloadGrantRow> {
  if (use === "free") {
    if (!usable(grant, now)) throw gone(grant, now);
    return grant;
  }
  const taken = await takeDownload(db, grant.id, now, use === "resume" ? now - RESUME_WINDOW_MS : undefined);
  if (!taken) throw gone(grant, now);
  return taken;
}

const resuming = (grant: DownloadGrantRow, now: number) => grant.lastCountedAt !== null && grant.lastCountedAt >= now - RESUME_WINDOW_MS;

function usable(grant: WithOrderStatus<DownloadGrantRow>, now: number): boolean {
  return grant.expiresAt > now && delivers(grant.orderStatus) && (grant.downloadCount < grant.maxDownloads || resuming(grant, now));
}

function gone(grant: WithOrderStatus<DownloadGrantRow>, now: number): DomainError {
  if (!delivers(grant.orderStatus)) return new DomainError("gone", `This order was ${grant.orderStatus}; its downloads have ended.`);
  if (grant.expiresAt <= now) return new DomainError("gone", "This download link has expired.");
  return new DomainError("gone", "This download link has been used up.");
}
