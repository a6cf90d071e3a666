// Buyer reservations on a drop: read its live state, open its live-stock socket, reserve units, release them.
// The drop's inventory object answers every question about stock; a drop id that is malformed or unknown to the
// catalog never reaches (or creates) an object. Releasing the hold of a pending order expires that order.
import { dropObject, unwrap, type InventoryNamespace } from "../inventory/inventory-client";
import type { PublicDrop, Reservation, ReserveInput } from "../inventory/rules";
import { expireOrderOfReservation } from "../orders/expire-order";
import type { OrderDeps } from "../orders/order-deps";
import type { Db } from "../db/client";
import { notFound } from "../shared/errors";
import { errorFields, log } from "../shared/log";
import { assertDropExists } from "./known-drops";
import { idPattern } from "../shared/ids";

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

export async function readDrop(deps: DropStockDeps, dropId: string): Promise<PublicDrop> {
  return unwrap(await (await knownDrop(deps, dropId)).getDrop());
}

/** Hands a WebSocket upgrade to the drop's object (hibernatable; it pushes every change and status move). */
export async function openLiveStock(deps: DropStockDeps, dropId: string, upgrade: Request): Promise<Response> {
  const res = await (await knownDrop(deps, dropId)).fetch(upgrade);
  if (res.status === 404) throw notFound("Drop");
  return res;
}

export async function reserveUnits(deps: DropStockDeps, dropId: string, input: ReserveInput): Promise<Reservation> {
  return unwrap(await (await knownDrop(deps, dropId)).reserve(input));
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
