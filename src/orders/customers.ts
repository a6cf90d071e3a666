// A creator's customers (API.md "Customers and the audit log"): every email with a paid order — its order count,
// totals per currency net of refunds, first and last order —, the same as CSV streamed a page of D1 reads at a time,
// and erasing one buyer on request (recorded in the audit log, which never holds the erased email).
import { erasedEmail } from "../shared/crypto";
import { auditRow, recordAudit, type Actor } from "../db/audit-store";
import type { Db } from "../db/client";
import { customerRows, eraseBuyer, objectsToErase } from "../db/customers-store";
import { dropObject, unwrap, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import { csvRow } from "../shared/csv";
import { cursorPage, decodeCursor, pageOf } from "../shared/pagination";
import { iso } from "../shared/time";

/** A customer cursor holds the last email of its page. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function listCustomers(db: Db, creatorId: string, query: { q?: string; limit: number; cursor?: string }) {
  const rows = await customerRows(db, creatorId, { q: query.q, after: decodeCursor(query.cursor, EMAIL), limit: query.limit + 1 });
  const customers = Array.from(Map.groupBy(rows, (r) => r.email), ([email, lines]) => ({
    email,
    orders: lines.reduce((n, l) => n + l.orders, 0),
    totals: lines.map(({ currency, totalCents }) => ({ currency, totalCents })),
    firstOrderAt: iso(Math.min(...lines.map((l) => l.firstAt))),
    lastOrderAt: iso(Math.max(...lines.map((l) => l.lastAt))),
  }));
  return cursorPage(pageOf(customers, query.limit), (c) => c, (c) => c.email);
}

/** Customers per CSV read: the stream asks D1 for the next page only when the client has taken the last one. */
const EXPORT_PAGE = 500;

/** Every customer as CSV, one line per customer and currency, however many: never the whole list in memory. */
export async function exportCustomers(db: Db, actor: Actor): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(db, actor, "customers.exported");
  const encoder = new TextEncoder();
  let after: string | undefined;
  return new ReadableStream({
    start: (controller) => controller.enqueue(encoder.encode(csvRow(["email", "orders", "currency", "totalCents", "firstOrderAt", "lastOrderAt"]))),
    async pull(controller) {
      const rows = await customerRows(db, actor.creatorId, { after, limit: EXPORT_PAGE });
      if (!rows.length) return controller.close();
      after = rows.at(-1)!.email;
      controller.enqueue(encoder.encode(rows.map((r) => csvRow([r.email, r.orders, r.currency, r.totalCents, iso(r.firstAt), iso(r.lastAt)])).join("")));
    },
  });
}

/**
 * Erases a buyer from every order of the creator: the email becomes `erased-{auditId}@invalid` (the id of the audit
 * entry that records it), the address goes, downloads and memberships end; amounts stay for accounting. In the inventory
 * objects, a hold still open is released, and holds, raffle entries and queue tickets carry erasedEmail(email): an
 * address nothing is sent to, which still counts against the per-buyer limit and keeps one entry or ticket per email. Idempotent: once erased, the email is found
 * nowhere, so a repeat erases nothing (and is recorded as such).
 */
export async function eraseCustomer({ db, inventory }: { db: Db; inventory: InventoryNamespace }, actor: Actor, email: string, now = Date.now()) {
  // First the inventory objects that may keep the email (holds, raffle entries, queue tickets), a few at a time: one
  // that fails fails the request before any order changes, so a repeat finds the same objects (each step idempotent).
  const { dropIds, variantIds } = await objectsToErase(db, actor.creatorId, email);
  const objects = [...dropIds.map((id) => dropObject(inventory, id)), ...variantIds.map((id) => variantObject(inventory, id))];
  const erasedAs = await erasedEmail(email);
  for (let i = 0; i < objects.length; i += ERASE_CONCURRENCY) {
    await Promise.all(objects.slice(i, i + ERASE_CONCURRENCY).map(async (o) => unwrap(await o.eraseEmail({ email, erasedAs }))));
  }
  const audit = auditRow(actor, "customer.erased", {}, now);
  return { erasedOrders: await eraseBuyer(db, actor.creatorId, email, `erased-${audit.id}@invalid`, audit, now) };
}

/** Inventory objects told at once during an erasure. */
const ERASE_CONCURRENCY = 20;
