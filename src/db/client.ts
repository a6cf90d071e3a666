// The drizzle client over D1. Only src/db/* imports drizzle; everything else goes through its query modules.
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

function newDb(d1: D1Database) {
  return drizzle(d1, { schema });
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

/** One bare query (the benchmarks' baseline for what an uncached page cannot do without). */
export async function pingDb(db: Db): Promise<boolean> {
  const [row] = await db.all<{ ok: number }>(sql`select 1 as ok`);
  return row?.ok === 1;
}
