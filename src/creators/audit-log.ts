// The creator's audit log (API.md "Customers and the audit log"), newest first. Entries are written by the use cases
// that act: tokens created and revoked, payout and webhook settings changed, refunds requested, dead letters replayed,
// customer exports and erasures.
import { listAudit } from "../db/audit-store";
import type { Db } from "../db/client";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { iso } from "../shared/time";

export async function listAuditLog(db: Db, creatorId: string, query: { limit: number; cursor?: string }) {
  const page = await listAudit(db, creatorId, { limit: query.limit, before: decodeCursor(query.cursor) });
  return cursorPage(page, (a) => ({ id: a.id, action: a.action, tokenId: a.tokenId, at: iso(a.createdAt), details: a.details }));
}
