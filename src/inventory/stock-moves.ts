// Configuring the inventory object and moving units between a variant's stock and its drops: a drop's setup,
// changes before its start and cancel; a variant object's first initialization (from D1's last known value, the
// migration path), allocations to drops, returns from drops (running totals, so repeating one adds nothing) and
// stock edits. All synchronous over the ledger.
import type { Ledger } from "./ledger";
import { counts } from "./ledger";
import { fail, ok, type DropConfig, type ItemCounts, type Result } from "./rules";
import { createShardRows, noteOpened, retimeOpening } from "./queue-admission";

export type DropPatch = Partial<Pick<DropConfig, "slug" | "title" | "startsAt" | "endsAt" | "perBuyerLimit" | "holdSeconds" | "queueOpensAt" | "admissionRate" | "admissionSeconds">>;

/** How long a new drop's object waits for its creator to confirm the catalog row before checking D1 itself. */
const CONFIRM_WITHIN_MS = 60_000;

/**
 * Sets up a drop object (idempotent: a second call with the same drop id changes nothing). The drop is unconfirmed
 * until its catalog row exists (`confirmDrop`); an object whose creation died half-way checks D1 at `confirm_by`
 * and cancels itself when there is no row, giving its allocated units back.
 */
export function configureDrop(ledger: Ledger, input: DropConfig, now: number, raffle?: { seed: string; commitment: string }): Result<true> {
  const existing = ledger.config();
  if (existing) return existing.ref_id === input.dropId ? ok(true) : fail("conflict", "This object belongs to another drop.");
  ledger.atomically(() => {
    ledger.ensureSchema();
    ledger.sql.exec(
      `insert into config (id, kind, ref_id, creator_id, slug, title, starts_at, ends_at, per_buyer_limit, hold_seconds, confirm_by,
         admission, claim_seconds, raffle_seed, raffle_commitment, queue_opens_at, admission_rate, admission_seconds, shard_count)
       values (1, 'drop', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.dropId, input.creatorId, input.slug, input.title, input.startsAt, input.endsAt, input.perBuyerLimit, input.holdSeconds, now + CONFIRM_WITHIN_MS,
      input.admission, input.claimSeconds, raffle?.seed ?? null, raffle?.commitment ?? null,
      input.admission === "queue" ? input.queueOpensAt : null, input.admissionRate, input.admissionSeconds, input.shardCount,
    );
    if (input.admission === "queue") createShardRows(ledger, input.shardCount);
    input.items.forEach((item, position) =>
      ledger.sql.exec(
        "insert into items (variant_id, title, price_cents, currency, quantity, tracked, position) values (?, ?, ?, ?, ?, ?, ?)",
        item.variantId, item.title, item.priceCents, item.currency, item.quantity, item.tracked ? 1 : 0, position,
      ),
    );
    ledger.markChanged(now);
  });
  return ok(true);
}

/** The drop's catalog row exists: the object stops waiting for it. */
export function confirmDrop(ledger: Ledger): Result<true> {
  const cfg = ledger.config();
  if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
  ledger.sql.exec("update config set confirm_by = null where id = 1");
  return ok(true);
}

/** Changes a drop that has not started yet; the check (not started) and the write are one step. */
export function updateDrop(ledger: Ledger, patch: DropPatch, now: number): Result<true> {
  const cfg = ledger.config();
  if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
  const status = ledger.status(cfg, now);
  if (status !== "scheduled") return fail("conflict", `A drop can only be changed before it starts (it is ${status}).`);
  noteOpened(ledger, cfg, now); // a queue already open keeps its tickets to tell, even if its opening moves ahead again
  // A queue that opened from its default lead keeps that lead when the start moves (the Worker fills it in).
  ledger.sql.exec(
    `update config set slug = ?, title = ?, starts_at = ?, ends_at = ?, per_buyer_limit = ?, hold_seconds = ?, queue_opens_at = ?,
       admission_rate = ?, admission_seconds = ? where id = 1`,
    patch.slug ?? cfg.slug, patch.title ?? cfg.title, patch.startsAt ?? cfg.starts_at,
    patch.endsAt !== undefined ? patch.endsAt : cfg.ends_at, patch.perBuyerLimit ?? cfg.per_buyer_limit, patch.holdSeconds ?? cfg.hold_seconds,
    cfg.admission === "queue" ? (patch.queueOpensAt ?? cfg.queue_opens_at) : null, patch.admissionRate ?? cfg.admission_rate, patch.admissionSeconds ?? cfg.admission_seconds,
  );
  retimeOpening(ledger);
  ledger.markChanged(now);
  return ok(true);
}

/**
 * Cancels a drop (any time before it ends). Holds already taken stay valid until they expire; every other unit
 * leaves sale at once and goes back to its variant (the alarm confirms each return until the variant accepts it).
 */
export function cancelDrop(ledger: Ledger, now: number): Result<true> {
  const cfg = ledger.config();
  if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
  if (ledger.status(cfg, now) === "ended") return fail("conflict", "The drop has already ended.");
  if (cfg.canceled_at === null) {
    ledger.sql.exec("update config set canceled_at = ? where id = 1", now);
    ledger.markChanged(now);
    ledger.closeOut(ledger.config()!, now);
  }
  return ok(true);
}

/** Initializes a variant's stock object from D1's last known value, once. */
export function ensureVariant(ledger: Ledger, variantId: string, seedStock: number, now: number): void {
  if (ledger.config()) return;
  ledger.atomically(() => {
    ledger.ensureSchema();
    ledger.sql.exec(
      `insert into config (id, kind, ref_id, creator_id, slug, title, starts_at, per_buyer_limit, hold_seconds)
       values (1, 'variant', ?, '', '', '', 0, 0, 1800)`,
      variantId,
    );
    ledger.sql.exec("insert into items (variant_id, title, price_cents, currency, quantity, tracked, position) values (?, '', 0, '', ?, 1, 0)", variantId, seedStock);
    ledger.markChanged(now);
  });
}

/** Moves `quantity` units of this variant into a drop, once per drop (retries are safe). */
export function allocateToDrop(ledger: Ledger, input: { variantId: string; dropId: string; quantity: number }, now: number): Result<ItemCounts> {
  // A row exists once the drop allocated, or once a canceled drop's return came first (a tombstone of 0 units):
  // either way a late or repeated allocation moves nothing.
  const done = ledger.sql.exec("select 1 from allocations where drop_id = ?", input.dropId).toArray().length > 0;
  const item = ledger.items()[0]!;
  if (!done) {
    if (item.available < input.quantity) {
      return fail("sold_out", `Only ${item.available} unit(s) of this variant are in stock.`, [{ variantId: input.variantId, available: item.available }]);
    }
    ledger.sql.exec("insert into allocations (drop_id, quantity, returned) values (?, ?, 0)", input.dropId, input.quantity);
    ledger.sql.exec("update items set quantity = quantity - ? where variant_id = ?", input.quantity, input.variantId);
    ledger.markChanged(now);
  }
  return ok(counts(ledger.items()[0]!));
}

/**
 * Returns units from a drop. `totalReturned` is the drop's running total for this variant, so a repeated or
 * reordered call never returns a unit twice; `cancelAllocation` returns everything. A return for a drop that never
 * allocated here (its creation failed half-way) leaves a tombstone, so an allocation arriving later moves nothing.
 */
export function returnFromDrop(ledger: Ledger, input: { dropId: string; totalReturned?: number; cancelAllocation?: boolean }, now: number): Result<ItemCounts> {
  ledger.ensureSchema();
  const allocation = ledger.sql
    .exec<{ quantity: number; returned: number }>("select quantity, returned from allocations where drop_id = ?", input.dropId)
    .toArray()[0];
  if (!allocation) {
    ledger.sql.exec("insert into allocations (drop_id, quantity, returned) values (?, 0, 0)", input.dropId);
    return fail("not_found", "No allocation for that drop (none will be made now).");
  }
  // A tombstone (or an object that never got its stock): nothing came from here, nothing goes back.
  if (allocation.quantity === 0 || !ledger.config()) return fail("not_found", "No allocation for that drop.");
  const target = Math.min(allocation.quantity, input.cancelAllocation ? allocation.quantity : (input.totalReturned ?? 0));
  if (target > allocation.returned) {
    ledger.sql.exec("update allocations set returned = ? where drop_id = ?", target, input.dropId);
    ledger.sql.exec("update items set quantity = quantity + ?", target - allocation.returned);
    ledger.markChanged(now);
  }
  return ok(counts(ledger.items()[0]!));
}

/** Sets the units on hand for sale (admin stock edits); held and sold units are untouched. */
export function setStock(ledger: Ledger, stock: number, now: number): ItemCounts {
  ledger.sql.exec("update items set quantity = ? + held + sold", stock);
  ledger.markChanged(now);
  return counts(ledger.items()[0]!);
}
