// Creator rows and their admin tokens.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { isUniqueViolation } from "./errors";
import { apiTokens, creators } from "./schema";

export type CreatorRow = typeof creators.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function findCreatorById(db: Db, id: string): Promise<CreatorRow | undefined> {
  const [row] = await db.select().from(creators).where(eq(creators.id, id));
  return row;
}

export async function findCreatorByHandle(db: Db, handle: string): Promise<CreatorRow | undefined> {
  const [row] = await db.select().from(creators).where(eq(creators.handle, handle));
  return row;
}

/** Inserts a creator and its first token in one transaction; false when the handle is taken. */
export async function insertCreatorWithToken(db: Db, creator: CreatorRow, token: ApiTokenRow): Promise<boolean> {
  try {
    await db.batch([db.insert(creators).values(creator), db.insert(apiTokens).values(token)]);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function updateCreator(db: Db, id: string, patch: Partial<CreatorRow>): Promise<CreatorRow | undefined> {
  const [row] = await db.update(creators).set(patch).where(eq(creators.id, id)).returning();
  return row;
}

export async function findActiveTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function insertToken(db: Db, token: ApiTokenRow): Promise<void> {
  await db.insert(apiTokens).values(token);
}

export async function listTokens(db: Db, creatorId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.creatorId, creatorId)).orderBy(desc(apiTokens.id));
}

/** Revokes a creator's token; undefined when no such token belongs to that creator. */
export async function revokeToken(db: Db, creatorId: string, tokenId: string, now: number): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.creatorId, creatorId), isNull(apiTokens.revokedAt)))
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.creatorId, creatorId)));
  return existing;
}

export async function touchToken(db: Db, tokenId: string, now: number): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}
