// Buyer routes reach a drop's inventory object only for a drop that exists in D1: addressing an object instantiates
// it (the object itself writes nothing until configured, but the runtime keeps an object behind for every id it
// ran), so a random well-formed id would otherwise leave an object per guess.
// Found ids are remembered per isolate (drops are never deleted), so the hot reservation path pays one indexed
// D1 read per drop and isolate, not one per request.
import type { Db } from "../db/client";
import { dropExists } from "../db/drops-store";
import { notFound } from "../shared/errors";

const MAX_REMEMBERED = 10_000;
const known = new Set<string>();

export async function assertDropExists(db: Db, dropId: string): Promise<void> {
  if (known.has(dropId)) return;
  if (!(await dropExists(db, dropId))) throw notFound("Drop");
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.add(dropId);
}
