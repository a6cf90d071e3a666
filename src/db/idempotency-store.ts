// Stored responses for Idempotency-Key replays (API.md "Idempotency"): claim a key, then record the response.
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "./client";
import { idempotencyKeys } from "./schema";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type IdempotencyClaim =
  | { kind: "claimed" }
  | { kind: "replay"; requestHash: string; statusCode: number | null; responseBody: string | null };

/** Claims (scope, key) for a new request, or returns what is stored under it (expired rows are replaced). */
export async function claimIdempotencyKey(
  db: Db,
  scope: string,
  key: string,
  requestHash: string,
  now: number,
): Promise<IdempotencyClaim> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ scope: idempotencyKeys.scope });
  if (inserted.length > 0) return { kind: "claimed" };
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) return claimIdempotencyKey(db, scope, key, requestHash, now);
  return { kind: "replay", requestHash: row.requestHash, statusCode: row.statusCode, responseBody: row.responseBody };
}

export async function completeIdempotencyKey(db: Db, scope: string, key: string, statusCode: number, responseBody: string) {
  await db
    .update(idempotencyKeys)
    .set({ statusCode, responseBody })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** Frees a key whose request failed with a server error, so the client's retry runs for real. */
export async function abandonIdempotencyKey(db: Db, scope: string, key: string) {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

export async function purgeExpiredIdempotencyKeys(db: Db, now: number) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS));
}
