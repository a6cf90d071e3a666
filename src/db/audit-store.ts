// The audit log: sensitive admin actions, written beside the action and read newest first, per creator.
import { and, desc, eq, lt } from "drizzle-orm";
import { newId } from "../shared/ids";
import { pageOf } from "../shared/pagination";
import type { Db } from "./client";
import { auditLog } from "./schema";

export type AuditRow = typeof auditLog.$inferSelect;

/** Who acts: the creator and the admin token it used (null: the platform or development tooling). */
export interface Actor {
  creatorId: string;
  tokenId: string | null;
}

export const auditRow = (actor: Actor, action: string, details: AuditRow["details"], now = Date.now()): AuditRow => ({
  id: newId("aud", now),
  creatorId: actor.creatorId,
  tokenId: actor.tokenId,
  action,
  details,
  createdAt: now,
});

/** Records an action that has happened (a failure here fails the request, which the caller may retry). */
export async function recordAudit(db: Db, actor: Actor, action: string, details: AuditRow["details"] = {}): Promise<void> {
  await db.insert(auditLog).values(auditRow(actor, action, details));
}

export async function listAudit(db: Db, creatorId: string, opts: { limit: number; before?: string }) {
  const conditions = [eq(auditLog.creatorId, creatorId)];
  if (opts.before) conditions.push(lt(auditLog.id, opts.before));
  const rows = await db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(opts.limit + 1);
  return pageOf(rows, opts.limit);
}
