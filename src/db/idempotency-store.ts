// Stored responses for Idempotency-Key replays (API.md "Idempotency"): claim a key, then record the response.
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "./client";
import { idempotencyKeys } from "./schema";
import { IDEMPOTENCY_TTL_MS } from "../shared/time";

/**
 * How long a claim without a response blocks its key. A Worker that dies mid-request never completes or abandons
 * its claim; past the lease a retry of the same request takes the key over instead of waiting out the 24 h.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** `claimedAt` identifies this claim: completing or abandoning it never touches a claim that took it over. */
export type IdempotencyClaim =
  | { kind: "claimed"; claimedAt: number }
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
  if (inserted.length > 0) return { kind: "claimed", claimedAt: now };
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) return claimIdempotencyKey(db, scope, key, requestHash, now);
  if (row.statusCode === null && row.requestHash === requestHash && row.createdAt < now - IDEMPOTENCY_LEASE_MS) {
    // Compare-and-set on the old claim's time: of several retries racing for an abandoned claim, one wins.
    const taken = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(claimed(scope, key, row.createdAt))
      .returning({ scope: idempotencyKeys.scope });
    if (taken.length > 0) return { kind: "claimed", claimedAt: now };
    return claimIdempotencyKey(db, scope, key, requestHash, now);
  }
  return { kind: "replay", requestHash: row.requestHash, statusCode: row.statusCode, responseBody: row.responseBody };
}

/** The row of one claim still in progress. */
function claimed(scope: string, key: string, claimedAt: number) {
  return and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, claimedAt), isNull(idempotencyKeys.statusCode));
}

export async function completeIdempotencyKey(db: Db, scope: string, key: string, claimedAt: number, statusCode: number, responseBody: string) {
  await db.update(idempotencyKeys).set({ statusCode, responseBody }).where(claimed(scope, key, claimedAt));
}

/** Frees a key whose request failed with a server error, so the client's retry runs for real. */
export async function abandonIdempotencyKey(db: Db, scope: string, key: string, claimedAt: number) {
  await db.delete(idempotencyKeys).where(claimed(scope, key, claimedAt));
}

export async function purgeExpiredIdempotencyKeys(db: Db, now: number) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS));
}
