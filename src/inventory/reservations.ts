// Reservation use cases inside the inventory object: reserve, release, commit (with re-reserve for a late
// payment), uncommit, link to an order. Each is one synchronous check-and-write over the ledger, so the rules it
// checks (drop live, per-buyer limit, units available) still hold when it writes.
import type { ConfigRow, HoldRow, Ledger } from "./ledger";
import { normalizeEmail } from "../shared/email";
import { dropStatus, fail, ok, type Reservation, type ReserveInput, type Result } from "./rules";
import { IDEMPOTENCY_TTL_MS } from "../shared/time";
import { recordAdmissionUse, unpromisedUnits, useAdmission } from "./queue-admission";

export interface HoldDetails {
  reservation: Reservation;
  email: string;
  creatorId: string;
  unitPriceCents: number;
  currency: string;
  title: string;
}

const dropNotFound = () => fail("not_found", "Drop not found.");
const holdNotFound = () => fail("not_found", "Reservation not found.");

/** A hold and its object's config, with the ledger first brought up to `now` (`settle`), or not_found. */
function findHold(ledger: Ledger, holdId: string, now: number, settle: boolean): Result<{ cfg: ConfigRow; hold: HoldRow }> {
  const cfg = ledger.config();
  if (!cfg) return holdNotFound();
  if (settle) ledger.settle(cfg, now);
  const hold = ledger.hold(holdId);
  return hold ? ok({ cfg, hold }) : holdNotFound();
}

/**
 * Reserves units. Idempotency keys are scoped to this object and the normalized email, kept 24 h; a replay
 * with the same request returns the original result (errors included), another request under the key is a conflict.
 */
export function reserve(ledger: Ledger, input: ReserveInput, now: number): Result<Reservation> {
  const cfg = ledger.config();
  if (!cfg) return dropNotFound();
  const email = normalizeEmail(input.email);
  const idemKey = input.idempotencyKey ? `${email}\u0000${input.idempotencyKey}` : null;
  const requestHash = JSON.stringify([input.variantId, input.quantity]);
  if (idemKey) {
    const stored = ledger.sql
      .exec<{ hash: string; result: string }>("select hash, result from idem where key = ? and created_at > ?", idemKey, now - IDEMPOTENCY_TTL_MS)
      .toArray()[0];
    if (stored) {
      if (stored.hash !== requestHash) return fail("conflict", "This Idempotency-Key was already used with a different request.");
      return JSON.parse(stored.result) as Result<Reservation>;
    }
  }
  const result = tryReserve(ledger, cfg, input, email, now);
  if (idemKey) {
    ledger.sql.exec("insert or replace into idem (key, hash, result, created_at) values (?, ?, ?, ?)", idemKey, requestHash, JSON.stringify(result), now);
  }
  if (result.ok) ledger.markChanged(now);
  return result;
}

/** A drop sells only between its start and its end (or cancel). */
function dropOpen(cfg: ConfigRow, now: number): Result<true> {
  // Only the window matters here (live and sold out are both open), so no item is read: this runs on every reservation.
  const status = dropStatus({ startsAt: cfg.starts_at, endsAt: cfg.ends_at, canceledAt: cfg.canceled_at }, true, now);
  if (status === "live") return ok(true);
  return fail("drop_not_live", status === "scheduled" ? "The drop has not started yet." : `The drop is ${status}.`);
}

/** The per-buyer limit of a drop counts held and bought units of the normalized email across the drop. */
function withinLimit(ledger: Ledger, cfg: ConfigRow, email: string, quantity: number, exceptHoldId?: string, erasedAs?: string): Result<true> {
  const taken = ledger.unitsOf(email, exceptHoldId) + (erasedAs ? ledger.unitsOf(erasedAs, exceptHoldId) : 0);
  if (taken + quantity <= cfg.per_buyer_limit) return ok(true);
  return fail("limit_exceeded", `At most ${cfg.per_buyer_limit} unit(s) per buyer in this drop; you already have ${taken}.`, {
    perBuyerLimit: cfg.per_buyer_limit,
    alreadyReserved: taken,
  });
}

/** The check-and-write at the heart of the engine: window, per-buyer limit, available units, then the hold. */
function tryReserve(ledger: Ledger, cfg: ConfigRow, input: ReserveInput, email: string, now: number): Result<Reservation> {
  ledger.settle(cfg, now);
  const item = ledger.item(input.variantId);
  if (!item) return fail("not_found", "That variant is not part of this drop.");
  let admissionUse: { expiresAt: number; promise: number } | null = null;
  if (cfg.kind === "drop") {
    if (cfg.admission === "raffle") return fail("not_admitted", "Units of this drop go to raffle winners only: enter the raffle before it starts.");
    // Queue drops sell to admitted tickets only (not_admitted comes first, as on raffle drops).
    if (cfg.admission === "queue") {
      const admitted = useAdmission(ledger, input.admission, input.quantity, now);
      if (!admitted.ok) return admitted;
      admissionUse = admitted.value;
    }
    const open = dropOpen(cfg, now);
    if (!open.ok) return open;
    const limit = withinLimit(ledger, cfg, email, input.quantity, undefined, input.erasedAs);
    if (!limit.ok) return limit;
  }
  if (item.available < input.quantity) {
    return fail("sold_out", item.available === 0 ? "Sold out." : `Only ${item.available} left.`, [{ variantId: item.variantId, available: item.available }]);
  }
  const expiresAt = now + (input.holdSeconds ?? cfg.hold_seconds) * 1000;
  const id = ledger.createHold(item.variantId, input.quantity, email, expiresAt, now);
  // The admission is used: it no longer holds back units from the next admissions.
  if (admissionUse !== null) recordAdmissionUse(ledger, input.admission!, admissionUse, id, now);
  return ok(ledger.toReservation(cfg, { id, variant_id: item.variantId, quantity: input.quantity, email, status: "held", expires_at: expiresAt, order_id: null }, now));
}

/**
 * Buyer or checkout cancel: units return to `available` at once. Released or expired holds: no change.
 * When the buyer releases a hold that belongs to an order (`announce`), the order system is told, so the
 * order expires and can no longer be paid with these units.
 */
export function release(ledger: Ledger, holdId: string, now: number, opts: { announce?: boolean } = {}): Result<Reservation> {
  const found = findHold(ledger, holdId, now, true);
  if (!found.ok) return found;
  const { cfg, hold } = found.value;
  if (hold.status === "committed") return fail("conflict", "This reservation has been paid for and cannot be released.");
  if (hold.status === "held") {
    ledger.sql.exec("update holds set status = 'released', notify = ? where id = ?", opts.announce && hold.order_id !== null ? 1 : 0, holdId);
    ledger.sql.exec("update items set held = held - ? where variant_id = ?", hold.quantity, hold.variant_id);
    ledger.markChanged(now);
    ledger.closeOut(cfg, now);
  }
  return ok(ledger.toReservation(cfg, ledger.hold(holdId)!, now));
}

/**
 * Payment succeeded: the hold becomes a sale. A hold that expired or was released is re-reserved for a late
 * payment (`reReserve`) only under the rules a new reservation meets — the drop still open, the buyer's limit
 * kept, the units available — otherwise `reservation_expired` (or the rule's own reason) and nothing changes.
 */
export function commit(ledger: Ledger, holdId: string, reReserve: boolean, now: number): Result<Reservation> {
  const found = findHold(ledger, holdId, now, true);
  if (!found.ok) return found;
  const { cfg, hold } = found.value;
  if (hold.status === "committed") return ok(ledger.toReservation(cfg, hold, now));
  if (hold.status === "held") {
    ledger.sql.exec("update holds set status = 'committed', notify = 0 where id = ?", holdId);
    ledger.sql.exec("update items set held = held - ?, sold = sold + ? where variant_id = ?", hold.quantity, hold.quantity, hold.variant_id);
  } else {
    const allowed = mayReReserve(ledger, cfg, hold, reReserve, now);
    if (!allowed.ok) return allowed;
    ledger.sql.exec("update holds set status = 'committed', notify = 0 where id = ?", holdId);
    ledger.sql.exec("update items set sold = sold + ? where variant_id = ?", hold.quantity, hold.variant_id);
  }
  ledger.markChanged(now);
  return ok(ledger.toReservation(cfg, ledger.hold(holdId)!, now));
}

function mayReReserve(ledger: Ledger, cfg: ConfigRow, hold: HoldRow, reReserve: boolean, now: number): Result<true> {
  if (!reReserve) return fail("reservation_expired", `The reservation is ${hold.status}.`);
  if (cfg.kind === "drop") {
    const open = dropOpen(cfg, now);
    if (!open.ok) return open;
    const limit = withinLimit(ledger, cfg, hold.email, hold.quantity, hold.id);
    if (!limit.ok) return limit;
  }
  const item = ledger.item(hold.variant_id);
  // On a queue drop the units promised to admitted tickets are theirs (a raffle's are already held for its standby).
  if (!item || unpromisedUnits(ledger, cfg, item.available, now) < hold.quantity) {
    return fail("reservation_expired", `The reservation is ${hold.status} and its units are no longer available.`);
  }
  return ok(true);
}

/** Undoes a commit whose order could not complete (a late multi-line payment that fell short elsewhere). */
export function uncommit(ledger: Ledger, holdId: string, now: number): Result<Reservation> {
  const found = findHold(ledger, holdId, now, false);
  if (!found.ok) return found;
  const { cfg, hold } = found.value;
  if (hold.status === "committed") {
    ledger.sql.exec("update holds set status = 'released' where id = ?", holdId);
    ledger.sql.exec("update items set sold = sold - ? where variant_id = ?", hold.quantity, hold.variant_id);
    ledger.markChanged(now);
    ledger.closeOut(cfg, now);
  }
  return ok(ledger.toReservation(cfg, ledger.hold(holdId)!, now));
}

/** Links a hold to its order, so the hold's expiry is announced to the order system (a queue job). */
export function attachOrder(ledger: Ledger, holdId: string, orderId: string, now: number): Result<Reservation> {
  const found = findHold(ledger, holdId, now, false);
  if (!found.ok) return found;
  const { cfg, hold } = found.value;
  ledger.sql.exec("update holds set order_id = ? where id = ? and order_id is null", orderId, holdId);
  // A hold that already ran out (or was released) before its order existed is announced too.
  if (hold.status === "expired" || hold.status === "released") ledger.sql.exec("update holds set notify = 1 where id = ?", holdId);
  return ok(ledger.toReservation(cfg, ledger.hold(holdId)!, now));
}

/** What checkout needs to price a hold: the reservation, its buyer and the item's price. */
export function holdDetails(ledger: Ledger, holdId: string, now: number): Result<HoldDetails> {
  const found = findHold(ledger, holdId, now, true);
  if (!found.ok) return found;
  const { cfg, hold } = found.value;
  const item = ledger.item(hold.variant_id)!;
  return ok({
    reservation: ledger.toReservation(cfg, hold, now),
    email: hold.email,
    creatorId: cfg.creator_id,
    unitPriceCents: item.priceCents,
    currency: item.currency,
    title: item.title,
  });
}
