// The inventory object's ledger: synchronous reads and writes over its SQLite storage (config, items, holds).
// Nothing here awaits, so every check-and-write built on it runs as one uninterrupted step inside the object.
import { BROADCAST_INTERVAL_MS, IDEMPOTENCY_TTL_MS, dropStatus, type ItemCounts, type PublicDrop, type Reservation } from "./rules";
import { createSchema, loadItems, type ItemRow } from "./inventory-storage";

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
}

export interface HoldRow extends Record<string, SqlStorageValue> {
  id: string;
  variant_id: string;
  quantity: number;
  email: string;
  status: string;
  expires_at: number;
}

export const counts = (i: ItemRow): ItemCounts => ({ variantId: i.variantId, quantity: i.quantity, available: i.available, held: i.held, sold: i.sold, returned: i.returned });

export class Ledger {
  constructor(
    readonly sql: SqlStorage,
    readonly atomically: <T>(fn: () => T) => T,
  ) {
    createSchema(sql);
  }

  config(): ConfigRow | undefined {
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

  /** Records a change; the broadcast and D1 snapshot follow at most every BROADCAST_INTERVAL_MS. */
  markChanged(now: number) {
    this.sql.exec("update config set version = version + 1, flush_at = coalesce(flush_at, ?) where id = 1", now + BROADCAST_INTERVAL_MS);
  }

  /** Expires every hold past its time; units return to `available`, and holds of orders are flagged for announcing. */
  expireHolds(now: number) {
    const expired = this.sql.exec<HoldRow>("select * from holds where status = 'held' and expires_at <= ?", now).toArray();
    for (const hold of expired) {
      this.sql.exec("update holds set status = 'expired', notify = case when order_id is null then 0 else 1 end where id = ?", hold.id);
      this.sql.exec("update items set held = held - ? where variant_id = ?", hold.quantity, hold.variant_id);
    }
    if (expired.length) this.markChanged(now);
  }

  purgeIdempotency(now: number) {
    this.sql.exec("delete from idem where created_at <= ?", now - IDEMPOTENCY_TTL_MS);
  }

  isClosed(cfg: ConfigRow, now: number): boolean {
    return cfg.canceled_at !== null || (cfg.ends_at !== null && now >= cfg.ends_at);
  }

  status(cfg: ConfigRow, now: number, items = this.items()) {
    return dropStatus({ startsAt: cfg.starts_at, endsAt: cfg.ends_at, canceledAt: cfg.canceled_at }, items.some((i) => i.available > 0), now);
  }

  toReservation(cfg: ConfigRow, hold: HoldRow): Reservation {
    const status = hold.status === "held" && hold.expires_at <= Date.now() ? "expired" : (hold.status as Reservation["status"]);
    return { id: hold.id, dropId: cfg.ref_id, variantId: hold.variant_id, quantity: hold.quantity, status, expiresAt: new Date(hold.expires_at).toISOString() };
  }

  stockMessage(cfg: ConfigRow, now: number) {
    const items = this.items();
    return { type: "stock", status: this.status(cfg, now, items), items: items.map((i) => ({ variantId: i.variantId, available: i.available })) };
  }

  publicDrop(cfg: ConfigRow, now: number): PublicDrop {
    const items = this.items();
    return {
      id: cfg.ref_id,
      slug: cfg.slug,
      title: cfg.title,
      status: this.status(cfg, now, items),
      startsAt: new Date(cfg.starts_at).toISOString(),
      endsAt: cfg.ends_at === null ? null : new Date(cfg.ends_at).toISOString(),
      perBuyerLimit: cfg.per_buyer_limit,
      holdSeconds: cfg.hold_seconds,
      items: items.map((i) => ({ variantId: i.variantId, title: i.title, priceCents: i.priceCents, currency: i.currency, quantity: i.quantity, available: i.available })),
    };
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
    if (this.pendingAnnouncements(1).length) candidates.push(now + 500);
    if (cfg.kind === "drop") {
      // Status changes at start and end are announced to live sockets; the end also returns unsold units.
      if (cfg.starts_at > now) candidates.push(cfg.starts_at);
      if (cfg.ends_at !== null && cfg.ends_at > now) candidates.push(cfg.ends_at);
      if (this.isClosed(cfg, now) && this.items().some((i) => i.tracked && i.quantity - i.held - i.sold > i.returned)) candidates.push(now + 1000);
    }
    return candidates.length ? Math.max(Math.min(...candidates), now) : null;
  }

  pendingAnnouncements(limit: number) {
    return this.sql.exec<{ id: string; order_id: string }>("select id, order_id from holds where notify = 1 limit ?", limit).toArray();
  }

  clearAnnouncement(holdId: string) {
    this.sql.exec("update holds set notify = 0 where id = ?", holdId);
  }
}
