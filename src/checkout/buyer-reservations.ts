// Buyer reservations on a drop: read its live state, open its live-stock socket, reserve units, release them.
// The drop's inventory object answers every question about stock; a drop id that is malformed or unknown to the
// catalog never reaches (or creates) an object. Reads go through a micro-cache (at most 1 s old, API.md), writes
// never do. Releasing the hold of a pending order expires that order.
import { erasedEmail } from "../shared/crypto";
import { normalizeEmail } from "../shared/email";
import { dropObject, shardObject, unwrap, type InventoryNamespace, type ShardNamespace } from "../inventory/inventory-client";
import type { DropRead, PublicDrop, Reservation, ReserveInput } from "../inventory/rules";
import { expireOrderOfReservation } from "../orders/expire-order";
import type { OrderDeps } from "../orders/order-deps";
import type { Db } from "../db/client";
import { notFound } from "../shared/errors";
import { errorFields, log } from "../shared/log";
import { assertDropExists } from "./known-drops";
import { createReadCache } from "./drop-read-cache";
import { idPattern } from "../shared/ids";
import { iso } from "../shared/time";

const DROP_ID = idPattern("drp");
const RESERVATION_ID = idPattern("res");

export interface DropStockDeps {
  db: Db;
  inventory: InventoryNamespace;
}

/** The drop's object, for a drop the catalog knows. */
export async function knownDrop(deps: DropStockDeps, dropId: string) {
  if (!DROP_ID.test(dropId)) throw notFound("Drop");
  await assertDropExists(deps.db, dropId);
  return dropObject(deps.inventory, dropId);
}

// A drop page's crowd polls this (on load, on every tab return): each isolate asks the object at most once a second
// per drop. Writes do not clear it: during a rush writes come many times a second, and clearing on each would send
// every poll back to the object. The write's own answer and the live socket are the fresh sources.
const dropReads = createReadCache<DropRead>({ ttlMs: 1000, maxEntries: 1000 });

/**
 * The drop as its object last told this isolate, at most 1 s ago. `serverTime` is the object's clock at that read
 * plus the time since (this isolate's clock), so a page syncing its countdown to it stays on the server's time.
 */
export async function readDrop(deps: DropStockDeps, dropId: string): Promise<DropRead> {
  // Checked first (memoized per isolate), so ids that are not drops never take a place in the cache.
  const drop = await knownDrop(deps, dropId);
  const { value, ageMs } = await dropReads.read(dropId, async () => unwrap(await drop.getDrop()));
  return ageMs === 0 ? value : { ...value, serverTime: iso(Date.parse(value.serverTime) + ageMs) };
}

/** The buyer's view of a drop read: the shard count is for routing only. */
export function publicDrop({ shardCount: _, ...drop }: DropRead): PublicDrop {
  return drop;
}

/**
 * Hands a WebSocket upgrade to one of the drop's shard objects, picked at random so a crowd's sockets spread evenly
 * (hibernatable; the drop's object sends each change once per shard and the shard fans it out).
 */
export async function openLiveStock(deps: DropStockDeps & { shards: ShardNamespace }, dropId: string, upgrade: Request): Promise<Response> {
  const drop = await readDrop(deps, dropId);
  const shard = Math.floor(Math.random() * drop.shardCount);
  const url = `https://shard.internal/live?drop=${encodeURIComponent(dropId)}&shard=${shard}`;
  const res = await shardObject(deps.shards, dropId, shard).fetch(new Request(url, upgrade));
  if (res.status === 404) throw notFound("Drop");
  return res;
}

export async function reserveUnits(deps: DropStockDeps, dropId: string, input: ReserveInput): Promise<Reservation> {
  const drop = await knownDrop(deps, dropId);
  return unwrap(await drop.reserve({ ...input, erasedAs: await erasedEmail(normalizeEmail(input.email)) }));
}

/**
 * The buyer lets go of a hold: its units return at once. A hold that belongs to a pending order expires that order
 * now; the object has announced it too (a queue job), which finishes the work if this fails, and a payment that
 * still arrives is a late payment under the drop's rules.
 */
export async function releaseUnits(deps: OrderDeps, dropId: string, reservationId: string): Promise<Reservation> {
  const drop = await knownDrop(deps, dropId);
  if (!RESERVATION_ID.test(reservationId)) throw notFound("Reservation");
  const reservation = unwrap(await drop.release(reservationId, { byBuyer: true }));
  await expireOrderOfReservation(deps, reservationId).catch((err) =>
    log("warn", "expiring the order of a released hold failed; the announcement will retry", { reservationId, ...errorFields(err) }),
  );
  return reservation;
}
