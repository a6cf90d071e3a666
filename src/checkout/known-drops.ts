// Buyer routes reach a drop's inventory object only for a drop that exists in D1: addressing an object instantiates
// it (the object itself writes nothing until configured, but the runtime keeps an object behind for every id it
// ran), so a random well-formed id would otherwise leave an object per guess.
// Found ids are remembered per isolate (drops are never deleted), and concurrent first requests share one lookup,
// so the hot reservation path pays one indexed D1 read per drop and isolate, not one per request (a rush's first
// wave of hundreds of requests would otherwise queue as many reads on D1, which runs one query at a time).
import type { Db } from "../db/client";
import { dropExists } from "../db/drops-store";
import { notFound } from "../shared/errors";

const MAX_REMEMBERED = 10_000;
const known = new Set<string>();
const looking = new Map<string, Promise<boolean>>();

export async function assertDropExists(db: Db, dropId: string): Promise<void> {
  if (known.has(dropId)) return;
  let lookup = looking.get(dropId);
  if (!lookup) {
    lookup = dropExists(db, dropId).finally(() => looking.delete(dropId));
    looking.set(dropId, lookup);
  }
  if (!(await lookup)) throw notFound("Drop");
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.add(dropId);
}
