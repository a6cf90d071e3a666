// The drizzle client over D1. Only src/db/* imports drizzle; everything else goes through its query modules.
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";

function newDb(d1: D1Database) {
  // Column names are the schema's keys in snake_case (schema.ts).
  return drizzle(d1, { casing: "snake_case" });
}

export type Db = ReturnType<typeof newDb>;

// One client per binding object for the isolate's lifetime: building it per request is work a cached page hit
// (which never queries) should not pay.
const clients = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = clients.get(d1);
  if (!db) {
    db = newDb(d1);
    clients.set(d1, db);
  }
  return db;
}

/**
 * Reads that may be served by a D1 read replica near the buyer (the Sessions API): public catalog data for pages cached
 * at the edge anyway, where a replica's lag of a moment is no news. Writes and a buyer's own order (which must show
 * what they just did) stay on `createDb`, the primary. One session per use: built on a page-cache miss only.
 */
export function createReplicaDb(d1: D1Database): Db {
  return newDb(d1.withSession("first-unconstrained") as unknown as D1Database);
}

/** One bare query (the benchmarks' baseline for what an uncached page cannot do without). */
export async function pingDb(db: Db): Promise<boolean> {
  const [row] = await db.all<{ ok: number }>(sql`select 1 as ok`);
  return row?.ok === 1;
}
