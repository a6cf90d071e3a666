// Digital delivery: creators upload the file to R2; fulfillment creates one download grant per order item
// (default 7 days, 5 downloads, configurable per product); GET /downloads/{token} streams the file.
import type { Db } from "../db/client";
import { consumeDownload, ensureDownloadGrant, findGrant, grantsOfOrder, type DownloadGrantRow } from "../db/fulfillment-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import type { ProductRow } from "../db/products-store";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { downloadToken, verifyDownloadToken } from "./download-token";

export const DEFAULT_DOWNLOAD_DAYS = 7;
export const DEFAULT_DOWNLOAD_LIMIT = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function grantDownload(db: Db, order: OrderWithItems, item: OrderItemRow, product: ProductRow, now: number) {
  if (!product.fileKey) {
    // Permanent until the creator uploads the file; retried with backoff, then dead-lettered for replay.
    throw new Error(`product ${product.id} has no file to deliver`);
  }
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

export async function downloadLinks(db: Db, secret: string, origin: string, orderId: string) {
  return linksOf(await grantsOfOrder(db, orderId), secret, origin);
}

export function linksOf(grants: DownloadGrantRow[], secret: string, origin: string) {
  return Promise.all(
    grants.map(async (g) => ({
      url: `${origin}/downloads/${await downloadToken(secret, g.id)}`,
      fileName: g.fileName,
      expiresAt: new Date(g.expiresAt).toISOString(),
      remaining: Math.max(0, g.maxDownloads - g.downloadCount),
    })),
  );
}

/**
 * Resolves a download: tampered → not_found, expired or used up → gone. `count` is false for HEAD and for
 * range requests that resume a download already counted.
 */
export async function openDownload(db: Db, secret: string, token: string, opts: { count: boolean; now?: number }) {
  const now = opts.now ?? Date.now();
  const grantId = await verifyDownloadToken(secret, token);
  if (!grantId) throw notFound("Download");
  const grant = await findGrant(db, grantId);
  if (!grant) throw notFound("Download");
  if (grant.expiresAt <= now) throw new DomainError("gone", "This download link has expired.");
  if (!opts.count) {
    if (grant.downloadCount >= grant.maxDownloads) throw new DomainError("gone", "This download link has been used up.");
    return grant;
  }
  const counted = await consumeDownload(db, grantId, now);
  if (!counted) throw new DomainError("gone", "This download link has been used up.");
  return counted;
}
