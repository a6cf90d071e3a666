// The inventory object's ledger: synchronous reads and writes over its SQLite storage (config, items, holds).
// Nothing here awaits, so every check-and-write built on it runs as one uninterrupted step inside the object.
import { BROADCAST_INTERVAL_MS, dropStatus, type DropRead, type DropStatus, type ItemCounts, type Reservation } from "./rules";
import { createSchema, hasSchema, loadItems, type ItemRow } from "./inventory-storage";
import { newId } from "../shared/ids";
import { nextQueueTick } from "./queue-admission";
import { RAFFLE_ALGORITHM } from "../shared/raffle";
import { IDEMPOTENCY_TTL_MS, iso } from "../shared/time";

export interface ConfigRow extends Record<string, SqlStorageValue> {
  kind: "drop" | "variant";
  ref_id: string;
  creator_id: string;
  slug: string;
  title: string;
  starts_at: number;
  ends_at: number | null;
  canceled_at: number | null;
  per_buyer_limit: number;
  hold_seconds: number;
  version: number;
  flush_at: number | null;
  flushed_version: number;
  broadcast_status: string | null;
  confirm_by: number | null;
  admission: "open" | "queue" | "raffle";
  claim_seconds: number;
  raffle_seed: string | null;
  raffle_commitment: string | null;
  drawn_at: number | null;
  queue_opens_at: number | null;
  admission_rate: number;
  admission_seconds: number;
  shard_count: number;
  shuffle_seed: string | null;
  shuffled_at: number | null;
  placed_through: number;
  admitted_through: number;
  admit_credit: number;
  admit_credit_at: number | null;
  queue_sold_out_at: number | null;
  queue_tick_at: number | null;
  queue_finished: number;
  queue_alerted_at: number | null;
  queue_opened: number;
  hook_status: string | null;
  event_seq: number;
  low_threshold: number | null;
  low_fired: number;
  sold_out_fired: number;
}

export interface EntryRow extends Record<string, SqlStorageValue> {
  id: string;
  email: string;
  variant_id: string;
  seq: number;
  status: "entered" | "won" | "lost" | "expired";
  rank: number | null;
  hold_id: string | null;
  won_in_draw: number;
  notify: number;
  origin: string | null;
  created_at: number;
}

export interface HoldRow extends Record<string, SqlStorageValue> {
  id: string;
  variant_id: string;
  quantity: number;
  email: string;
  status: string;
  expires_at: number;
  order_id: string | null;
}

export const counts = (i: ItemRow): ItemCounts => ({ variantId: i.variantId, quantity: i.quantity, available: i.available, held: i.held, sold: i.sold, returned: i.returned });

/** How long an undelivered announcement or unconfirmed return waits before the alarm tries again. */
export const RETRY_MS = 1000;

export class Ledger {
  private ready: boolean;

  constructor(
    readonly sql: SqlStorage,
    readonly atomically: <T>(fn: () => T) => T,
  ) {
    // Tables are created on first configuration only (a lookup of an unknown id leaves no storage behind);
    // an existing object gets its later columns added here.
    this.ready = hasSchema(sql);
    if (this.ready) createSchema(sql);
  }

  ensureSchema() {
    if (this.ready) return;
    createSchema(this.sql);
    this.ready = true;
  }

  config(): ConfigRow | undefined {
    if (!this.ready) return undefined;
    return this.sql.exec<ConfigRow>("select * from config where id = 1").toArray()[0];
  }

  items(): ItemRow[] {
    return loadItems(this.sql);
  }

  item(variantId: string): ItemRow | undefined {
    return this.items().find((i) => i.variantId === variantId);
  }

  hold(id: string): HoldRow | undefined {
    return this.sql.exec<HoldRow>("select * from holds where id = ?", id).toArray()[0];
  }

  /** Units an email holds or bought in this object, not counting `exceptHoldId`. */
  unitsOf(email: string, exceptHoldId = ""): number {
    return this.sql
      .exec<{ n: number }>("select coalesce(sum(quantity), 0) as n from holds where email = ? and status in ('held', 'committed') and id <> ?", email, exceptHoldId)
      .one().n;
  }

  /** Records a change; the broadcast and D1 snapshot follow at most every BROADCAST_INTERVAL_MS. */
  markChanged(now: number) {
    this.sql.exec("update config set version = version + 1, flush_at = coalesce(flush_at, ?) where id = 1", now + BROADCAST_INTERVAL_MS);
  }

  /**
   * Brings the ledger up to `now`: every hold past its time expires (units return to `available`, holds of orders
   * are flagged for announcing), and a closed drop takes its unsold units out of sale.
   */
  settle(cfg: ConfigRow, now: number) {
    const expired = this.sql.exec<HoldRow>("select * from holds where status = 'held' and expires_at <= ?", now).toArray();
    for (const hold of expired) {
      this.sql.exec("update holds set status = 'expired', notify = case when order_id is null then 0 else 1 end where id = ?", hold.id);
      this.sql.exec("update items set held = held - ? where variant_id = ?", hold.quantity, hold.variant_id);
    }
    if (expired.length) this.markChanged(now);
    this.passDownClaims(cfg, now);
    this.closeOut(cfg, now);
  }

  /** Writes a hold of `quantity` units for `email` until `expiresAt`; the caller has checked that they are available. */
  createHold(variantId: string, quantity: number, email: string, expiresAt: number, now: number): string {
    const id = newId("res", now);
    this.sql.exec(
      "insert into holds (id, variant_id, quantity, email, status, expires_at, created_at) values (?, ?, ?, ?, 'held', ?, ?)",
      id, variantId, quantity, email, expiresAt, now,
    );
    this.sql.exec("update items set held = held + ? where variant_id = ?", quantity, variantId);
    return id;
  }

  /**
   * Raffle: a winner's hold that ran out (or was released) passes to the next entry of the same shuffle for that
   * variant, for as long as units are free and the drop is open; each new winner is flagged to be emailed.
   */
  passDownClaims(cfg: ConfigRow, now: number) {
    if (cfg.admission !== "raffle" || cfg.drawn_at === null || this.isClosed(cfg, now)) return;
    this.sql.exec(
      "update entries set status = 'expired' where status = 'won' and hold_id in (select id from holds where status in ('expired', 'released'))",
    );
    for (const item of this.items()) {
      let free = item.available;
      while (free > 0) {
        const next = this.sql
          .exec<EntryRow>("select * from entries where variant_id = ? and status = 'lost' order by rank limit 1", item.variantId)
          .toArray()[0];
        if (!next) break;
        const holdId = this.createHold(item.variantId, 1, next.email, now + cfg.claim_seconds * 1000, now);
        this.sql.exec("update entries set status = 'won', hold_id = ?, notify = 1 where id = ?", holdId, next.id);
        this.markChanged(now);
        free--;
      }
      // Nobody left to give them to (fewer entries than units, or the standby list is used up): a raffle sells only
      // to entries, so these units go back to the variant now rather than sit unsellable until the drop ends.
      if (free > 0) {
        this.sql.exec("update items set returned = returned + ? where variant_id = ?", free, item.variantId);
        this.markChanged(now);
      }
    }
  }

  /**
   * Once a drop has ended or been canceled, every unit neither held nor sold leaves sale at once (`returned`),
   * before any call to its variant: nothing can sell a unit that is on its way back. Held units follow when
   * their holds end; a hold taken before the end may still be paid.
   */
  closeOut(cfg: ConfigRow, now: number) {
    if (cfg.kind !== "drop" || !this.isClosed(cfg, now)) return;
    const moved = this.sql.exec("update items set returned = quantity - held - sold where quantity - held - sold > returned").rowsWritten;
    if (moved > 0) this.markChanged(now);
  }

  purgeIdempotency(now: number) {
    this.sql.exec("delete from idem where created_at <= ?", now - IDEMPOTENCY_TTL_MS);
  }

  isClosed(cfg: ConfigRow, now: number): boolean {
    return cfg.canceled_at !== null || (cfg.ends_at !== null && now >= cfg.ends_at);
  }

  status(cfg: ConfigRow, now: number, items = this.items()): DropStatus {
    return dropStatus({ startsAt: cfg.starts_at, endsAt: cfg.ends_at, canceledAt: cfg.canceled_at }, items.some((i) => i.available > 0), now);
  }

  toReservation(cfg: ConfigRow, hold: HoldRow, now = Date.now()): Reservation {
    const status = hold.status === "held" && hold.expires_at <= now ? "expired" : (hold.status as Reservation["status"]);
    return { id: hold.id, dropId: cfg.ref_id, variantId: hold.variant_id, quantity: hold.quantity, status, expiresAt: iso(hold.expires_at) };
  }

  stockMessage(cfg: ConfigRow, now: number) {
    const items = this.items();
    return {
      type: "stock",
      status: this.status(cfg, now, items),
      items: items.map((i) => ({ variantId: i.variantId, available: i.available })),
      serverTime: iso(now),
    };
  }

  publicDrop(cfg: ConfigRow, now: number): DropRead {
    const items = this.items();
    return {
      id: cfg.ref_id,
      slug: cfg.slug,
      title: cfg.title,
      status: this.status(cfg, now, items),
      startsAt: iso(cfg.starts_at),
      endsAt: iso(cfg.ends_at),
      perBuyerLimit: cfg.per_buyer_limit,
      holdSeconds: cfg.hold_seconds,
      items: items.map((i) => ({ variantId: i.variantId, title: i.title, priceCents: i.priceCents, currency: i.currency, quantity: i.quantity, available: i.available })),
      admission: cfg.admission,
      queueOpensAt: cfg.admission === "queue" ? iso(cfg.queue_opens_at ?? cfg.starts_at) : null,
      admissionRate: cfg.admission === "queue" ? cfg.admission_rate : null,
      admissionSeconds: cfg.admission === "queue" ? cfg.admission_seconds : null,
      raffle: cfg.admission === "raffle" ? this.rafflePublic(cfg) : null,
      serverTime: iso(now),
      shardCount: cfg.shard_count,
    };
  }

  rafflePublic(cfg: ConfigRow) {
    return {
      entries: this.sql.exec<{ n: number }>("select count(*) as n from entries").one().n,
      commitment: cfg.raffle_commitment ?? "",
      // Revealed only after the draw: before it, knowing the seed would let anyone predict the winners.
      seed: cfg.drawn_at === null ? null : cfg.raffle_seed,
      algorithm: RAFFLE_ALGORITHM,
      claimSeconds: cfg.claim_seconds,
    };
  }

  /** Raffle winners still to be emailed (a queue job each). */
  pendingWinnerNotices(limit: number) {
    return this.sql.exec<{ id: string }>("select id from entries where notify = 1 limit ?", limit).toArray();
  }

  clearWinnerNotice(entryId: string) {
    this.sql.exec("update entries set notify = 0 where id = ?", entryId);
  }

  /** Tracked items of a closed drop whose returned units their variant has not confirmed yet. */
  unconfirmedReturns(): { variantId: string; totalReturned: number }[] {
    return this.items()
      .filter((i) => i.tracked && i.returned > i.returnAcked)
      .map((i) => ({ variantId: i.variantId, totalReturned: i.returned }));
  }

  /** The variant confirmed holding `totalReturned` units of this drop again (running totals: never goes back). */
  confirmReturn(variantId: string, totalReturned: number) {
    this.sql.exec("update items set return_acked = ? where variant_id = ? and return_acked < ?", totalReturned, variantId, totalReturned);
  }

  /** When the object's one alarm must next run: the earliest of every timer it serves. */
  nextTimer(now: number): number | null {
    const cfg = this.config();
    if (!cfg) return null;
    const candidates: number[] = [];
    const nextHold = this.sql.exec<{ t: number | null }>("select min(expires_at) as t from holds where status = 'held'").one().t;
    if (nextHold !== null) candidates.push(nextHold);
    const oldestIdem = this.sql.exec<{ t: number | null }>("select min(created_at) as t from idem").one().t;
    if (oldestIdem !== null) candidates.push(oldestIdem + IDEMPOTENCY_TTL_MS);
    if (cfg.flush_at !== null) candidates.push(cfg.flush_at);
    if (cfg.confirm_by !== null) candidates.push(cfg.confirm_by);
    if (this.pendingAnnouncements(1).length || this.pendingWinnerNotices(1).length || this.outbox(1).length) candidates.push(now + RETRY_MS / 2);
    if (cfg.kind === "drop") {
      // Status changes at start and end are announced to live sockets; the end also returns unsold units.
      if (cfg.starts_at > now) candidates.push(cfg.starts_at);
      if (cfg.ends_at !== null && cfg.ends_at > now) candidates.push(cfg.ends_at);
      const items = this.items();
      if (this.status(cfg, now, items) !== cfg.broadcast_status) candidates.push(now);
      if (this.isClosed(cfg, now) && items.some((i) => i.tracked && i.available > 0)) candidates.push(now + RETRY_MS);
      if (items.some((i) => i.tracked && i.returned > i.returnAcked)) candidates.push(now + RETRY_MS);
      const queueTick = nextQueueTick(this, cfg, now);
      if (queueTick !== null) candidates.push(queueTick);
      // A draw that failed is tried again (entries are frozen since startsAt, so it draws the same result).
      if (cfg.admission === "raffle" && cfg.drawn_at === null && now >= cfg.starts_at && !this.isClosed(cfg, now)) candidates.push(now + RETRY_MS);
    }
    return candidates.length ? Math.max(Math.min(...candidates), now) : null;
  }

  pendingAnnouncements(limit: number) {
    return this.sql.exec<{ id: string; order_id: string }>("select id, order_id from holds where notify = 1 limit ?", limit).toArray();
  }

  /** Webhook events recorded and not yet accepted by the jobs queue, oldest first (webhook-events.ts). */
  outbox(limit: number) {
    return this.sql.exec<{ seq: number; body: string }>("select seq, body from outbox order by seq limit ?", limit).toArray();
  }

  clearAnnouncement(holdId: string) {
    this.sql.exec("update holds set notify = 0 where id = ?", holdId);
  }

  /** When a new drop's object next looks for its catalog row (see stock-moves.ts `configureDrop`). */
  checkCatalogRowAgainAt(at: number) {
    this.sql.exec("update config set confirm_by = ? where id = 1", at);
  }

  /** Marks what the live sockets were last told, so the next status change (even a time-driven one) is sent. */
  markBroadcast(cfg: ConfigRow, status: DropStatus) {
    this.sql.exec("update config set flush_at = null, flushed_version = ?, broadcast_status = ? where id = 1", cfg.version, status);
  }
}
