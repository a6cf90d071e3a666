// InventoryDO: the single source of stock truth for one drop or one tracked variant. Every check-and-write
// (reserve, release, commit) is one synchronous run of SQLite statements with no awaited I/O in between, so
// concurrent requests are serialized by the object and can never oversell. All state lives in the object's
// SQLite storage, so eviction or a restart loses no hold and no sale. One alarm serves every timer: hold expiry,
// drop start/end, coalesced live-stock broadcasts with the D1 display snapshot, returning unsold drop units to
// variant stock, and purging 24 h old idempotency records.
import { DurableObject } from "cloudflare:workers";
import { log, errorFields } from "../shared/log";
import { newId } from "../shared/ids";
import { createSchema, loadItems, type ItemRow } from "./inventory-storage";
import {
  BROADCAST_INTERVAL_MS,
  IDEMPOTENCY_TTL_MS,
  dropStatus,
  fail,
  normalizeEmail,
  ok,
  type DropConfig,
  type ItemCounts,
  type PublicDrop,
  type Reservation,
  type ReserveInput,
  type Result,
} from "./rules";

interface ConfigRow extends Record<string, SqlStorageValue> {
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

export interface HoldDetails {
  reservation: Reservation;
  email: string;
  creatorId: string;
  unitPriceCents: number;
  currency: string;
  title: string;
}

interface HoldRow extends Record<string, SqlStorageValue> {
  id: string;
  variant_id: string;
  quantity: number;
  email: string;
  status: string;
  expires_at: number;
}

export class InventoryDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    createSchema(this.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  private config(): ConfigRow | undefined {
    return this.sql.exec<ConfigRow>("select * from config where id = 1").toArray()[0];
  }

  private items(): ItemRow[] {
    return loadItems(this.sql);
  }

  // ---- configuration -------------------------------------------------------------------------------------

  /** Sets up a drop object (idempotent: a second call with the same drop id changes nothing). */
  async configureDrop(input: DropConfig): Promise<Result<PublicDrop>> {
    const existing = this.config();
    if (existing && existing.ref_id !== input.dropId) return fail("conflict", "This object belongs to another drop.");
    if (!existing) {
      this.ctx.storage.transactionSync(() => {
        this.sql.exec(
          `insert into config (id, kind, ref_id, creator_id, slug, title, starts_at, ends_at, per_buyer_limit, hold_seconds)
           values (1, 'drop', ?, ?, ?, ?, ?, ?, ?, ?)`,
          input.dropId, input.creatorId, input.slug, input.title, input.startsAt, input.endsAt, input.perBuyerLimit, input.holdSeconds,
        );
        input.items.forEach((item, position) =>
          this.sql.exec(
            `insert into items (variant_id, title, price_cents, currency, quantity, tracked, position) values (?, ?, ?, ?, ?, ?, ?)`,
            item.variantId, item.title, item.priceCents, item.currency, item.quantity, item.tracked ? 1 : 0, position,
          ),
        );
      });
      this.markChanged(Date.now());
      await this.scheduleAlarm();
    }
    return ok(this.publicDrop(Date.now()));
  }

  /** Changes a drop that has not started yet. The check (not started) and the write are one step. */
  async updateDrop(patch: Partial<Pick<DropConfig, "slug" | "title" | "startsAt" | "endsAt" | "perBuyerLimit" | "holdSeconds">>, now = Date.now()) {
    const cfg = this.config();
    if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
    const status = dropStatus(this.window(cfg), true, now);
    if (status !== "scheduled") return fail("conflict", `A drop can only be changed before it starts (it is ${status}).`);
    this.sql.exec(
      `update config set slug = ?, title = ?, starts_at = ?, ends_at = ?, per_buyer_limit = ?, hold_seconds = ? where id = 1`,
      patch.slug ?? cfg.slug, patch.title ?? cfg.title, patch.startsAt ?? cfg.starts_at,
      patch.endsAt !== undefined ? patch.endsAt : cfg.ends_at, patch.perBuyerLimit ?? cfg.per_buyer_limit, patch.holdSeconds ?? cfg.hold_seconds,
    );
    this.markChanged(now);
    await this.scheduleAlarm();
    return ok(this.publicDrop(now));
  }

  /** Cancels a drop (any time before it ends). Holds already taken stay valid until they expire. */
  async cancelDrop(now = Date.now()): Promise<Result<PublicDrop>> {
    const cfg = this.config();
    if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
    const status = dropStatus(this.window(cfg), true, now);
    if (status === "ended") return fail("conflict", "The drop has already ended.");
    if (cfg.canceled_at === null) {
      this.sql.exec("update config set canceled_at = ? where id = 1", now);
      this.markChanged(now);
      await this.scheduleAlarm();
    }
    return ok(this.publicDrop(now));
  }

  /** Initializes a variant's stock object from D1's last known value (the migration path), once. */
  private ensureVariant(variantId: string, seedStock: number, now: number): ConfigRow {
    const cfg = this.config();
    if (cfg) return cfg;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `insert into config (id, kind, ref_id, creator_id, slug, title, starts_at, per_buyer_limit, hold_seconds)
         values (1, 'variant', ?, '', '', '', 0, 0, 1800)`,
        variantId,
      );
      this.sql.exec(
        `insert into items (variant_id, title, price_cents, currency, quantity, tracked, position) values (?, '', 0, '', ?, 1, 0)`,
        variantId, seedStock,
      );
    });
    this.markChanged(now);
    return this.config()!;
  }

  // ---- reservations ----------------------------------------------------------------------------------------

  /**
   * Reserves units. Idempotency keys are scoped to this object and the normalized email, kept 24 h; a replay
   * with the same request returns the original result (errors included), another request under the key is a conflict.
   */
  async reserve(input: ReserveInput): Promise<Result<Reservation>> {
    const now = input.now ?? Date.now();
    const email = normalizeEmail(input.email);
    const idemKey = input.idempotencyKey ? `${email}\u0000${input.idempotencyKey}` : null;
    const requestHash = JSON.stringify([input.variantId, input.quantity]);
    if (idemKey) {
      const stored = this.sql
        .exec<{ hash: string; result: string }>("select hash, result from idem where key = ? and created_at > ?", idemKey, now - IDEMPOTENCY_TTL_MS)
        .toArray()[0];
      if (stored) {
        if (stored.hash !== requestHash) return fail("conflict", "This Idempotency-Key was already used with a different request.");
        return JSON.parse(stored.result) as Result<Reservation>;
      }
    }
    const result = this.tryReserve(input, email, now);
    if (idemKey) {
      this.sql.exec("insert or replace into idem (key, hash, result, created_at) values (?, ?, ?, ?)", idemKey, requestHash, JSON.stringify(result), now);
    }
    if (result.ok) this.markChanged(now);
    await this.scheduleAlarm();
    return result;
  }

  /** The synchronous check-and-write at the heart of the engine. */
  private tryReserve(input: ReserveInput, email: string, now: number): Result<Reservation> {
    const cfg = this.config();
    if (!cfg) return fail("not_found", "Drop not found.");
    this.expireHolds(now);
    const item = this.items().find((i) => i.variantId === input.variantId);
    if (!item) return fail("not_found", "That variant is not part of this drop.");
    if (cfg.kind === "drop") {
      const status = dropStatus(this.window(cfg), true, now);
      if (status !== "live") return fail("drop_not_live", status === "scheduled" ? "The drop has not started yet." : `The drop is ${status}.`);
      const taken = this.sql
        .exec<{ n: number }>("select coalesce(sum(quantity), 0) as n from holds where email = ? and status in ('held', 'committed')", email)
        .one().n;
      if (taken + input.quantity > cfg.per_buyer_limit) {
        return fail("limit_exceeded", `At most ${cfg.per_buyer_limit} unit(s) per buyer in this drop; you already have ${taken}.`, {
          perBuyerLimit: cfg.per_buyer_limit,
          alreadyReserved: taken,
        });
      }
    }
    if (item.available < input.quantity) {
      return fail("sold_out", item.available === 0 ? "Sold out." : `Only ${item.available} left.`, [{ variantId: item.variantId, available: item.available }]);
    }
    const holdSeconds = input.holdSeconds ?? cfg.hold_seconds;
    const id = newId("res", now);
    const expiresAt = now + holdSeconds * 1000;
    this.sql.exec(
      "insert into holds (id, variant_id, quantity, email, status, expires_at, created_at) values (?, ?, ?, ?, 'held', ?, ?)",
      id, item.variantId, input.quantity, email, expiresAt, now,
    );
    this.sql.exec("update items set held = held + ? where variant_id = ?", input.quantity, item.variantId);
    return ok(this.toReservation(cfg, { id, variant_id: item.variantId, quantity: input.quantity, email, status: "held", expires_at: expiresAt }));
  }

  /** Buyer or checkout cancel: units return to `available` at once. Released or expired holds: no change. */
  async release(holdId: string, now = Date.now()): Promise<Result<Reservation>> {
    const cfg = this.config();
    this.expireHolds(now);
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    if (hold.status === "committed") return fail("conflict", "This reservation has been paid for and cannot be released.");
    if (hold.status === "held") {
      this.sql.exec("update holds set status = 'released' where id = ?", holdId);
      this.sql.exec("update items set held = held - ? where variant_id = ?", hold.quantity, hold.variant_id);
      this.markChanged(now);
      await this.scheduleAlarm();
    }
    return ok(this.toReservation(cfg, this.hold(holdId)!));
  }

  /**
   * Payment succeeded: the hold becomes a sale. A hold that expired or was released is re-reserved when
   * `reReserve` is set and units remain (a late payment), otherwise `reservation_expired`.
   */
  async commit(holdId: string, options: { reReserve?: boolean } = {}, now = Date.now()): Promise<Result<Reservation>> {
    const cfg = this.config();
    this.expireHolds(now);
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    if (hold.status === "committed") return ok(this.toReservation(cfg, hold));
    if (hold.status === "held") {
      this.sql.exec("update holds set status = 'committed' where id = ?", holdId);
      this.sql.exec("update items set held = held - ?, sold = sold + ? where variant_id = ?", hold.quantity, hold.quantity, hold.variant_id);
    } else {
      const item = this.items().find((i) => i.variantId === hold.variant_id);
      if (!options.reReserve || !item || item.available < hold.quantity) {
        return fail("reservation_expired", `The reservation is ${hold.status} and its units are no longer available.`);
      }
      this.sql.exec("update holds set status = 'committed' where id = ?", holdId);
      this.sql.exec("update items set sold = sold + ? where variant_id = ?", hold.quantity, hold.variant_id);
    }
    this.markChanged(now);
    await this.scheduleAlarm();
    return ok(this.toReservation(cfg, this.hold(holdId)!));
  }

  /** Links a hold to its order, so the hold's expiry is announced to the order system (a queue job). */
  async attachOrder(holdId: string, orderId: string): Promise<Result<Reservation>> {
    const cfg = this.config();
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    this.sql.exec("update holds set order_id = ? where id = ? and order_id is null", orderId, holdId);
    // A hold that already ran out before its order existed is announced too.
    if (hold.status === "expired") this.sql.exec("update holds set notify = 1 where id = ?", holdId);
    await this.scheduleAlarm();
    return ok(this.toReservation(cfg, this.hold(holdId)!));
  }

  /** Undoes a commit whose order could not complete (a late multi-line payment that fell short elsewhere). */
  async uncommit(holdId: string, now = Date.now()): Promise<Result<Reservation>> {
    const cfg = this.config();
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    if (hold.status === "committed") {
      this.sql.exec("update holds set status = 'released' where id = ?", holdId);
      this.sql.exec("update items set sold = sold - ? where variant_id = ?", hold.quantity, hold.variant_id);
      this.markChanged(now);
      await this.scheduleAlarm();
    }
    return ok(this.toReservation(cfg, this.hold(holdId)!));
  }

  /** What checkout needs to price a hold: the reservation, its buyer and the item's price. */
  async holdDetails(holdId: string, now = Date.now()): Promise<Result<HoldDetails>> {
    const cfg = this.config();
    this.expireHolds(now);
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    const item = this.items().find((i) => i.variantId === hold.variant_id)!;
    return ok({
      reservation: this.toReservation(cfg, hold),
      email: hold.email,
      creatorId: cfg.creator_id,
      unitPriceCents: item.priceCents,
      currency: item.currency,
      title: item.title,
    });
  }

  async getReservation(holdId: string): Promise<Result<Reservation>> {
    const cfg = this.config();
    const hold = this.hold(holdId);
    if (!cfg || !hold) return fail("not_found", "Reservation not found.");
    return ok(this.toReservation(cfg, hold));
  }

  // ---- regular (non-drop) variant stock -----------------------------------------------------------------

  /** Reserves regular stock for a cart line (held for `holdSeconds`). */
  async reserveStock(input: { variantId: string; seedStock: number; quantity: number; email: string; holdSeconds: number; idempotencyKey?: string }) {
    this.ensureVariant(input.variantId, input.seedStock, Date.now());
    return this.reserve(input);
  }

  /** Moves `quantity` units of this variant into a drop, once per drop (retries are safe). */
  async allocateToDrop(input: { variantId: string; seedStock: number; dropId: string; quantity: number }, now = Date.now()): Promise<Result<ItemCounts>> {
    this.ensureVariant(input.variantId, input.seedStock, now);
    const done = this.sql.exec("select 1 from allocations where drop_id = ?", input.dropId).toArray().length > 0;
    const item = this.items()[0]!;
    if (!done) {
      if (item.available < input.quantity) {
        return fail("sold_out", `Only ${item.available} unit(s) of this variant are in stock.`, [{ variantId: input.variantId, available: item.available }]);
      }
      this.sql.exec("insert into allocations (drop_id, quantity, returned) values (?, ?, 0)", input.dropId, input.quantity);
      this.sql.exec("update items set quantity = quantity - ? where variant_id = ?", input.quantity, input.variantId);
      this.markChanged(now);
      await this.scheduleAlarm();
    }
    return ok(this.counts(this.items()[0]!));
  }

  /**
   * Returns units from a drop. `totalReturned` is the drop's running total for this variant, so a repeated or
   * reordered call never returns a unit twice; `cancelAllocation` returns everything (drop creation failed).
   */
  async returnFromDrop(input: { dropId: string; totalReturned?: number; cancelAllocation?: boolean }, now = Date.now()): Promise<Result<ItemCounts>> {
    const cfg = this.config();
    const allocation = this.sql
      .exec<{ quantity: number; returned: number }>("select quantity, returned from allocations where drop_id = ?", input.dropId)
      .toArray()[0];
    if (!cfg || !allocation) return fail("not_found", "No allocation for that drop.");
    const target = Math.min(allocation.quantity, input.cancelAllocation ? allocation.quantity : (input.totalReturned ?? 0));
    if (target > allocation.returned) {
      this.sql.exec("update allocations set returned = ? where drop_id = ?", target, input.dropId);
      this.sql.exec("update items set quantity = quantity + ?", target - allocation.returned);
      this.markChanged(now);
      await this.scheduleAlarm();
    }
    return ok(this.counts(this.items()[0]!));
  }

  /** Sets the units on hand for sale (admin stock edits); held and sold units are untouched. */
  async setStock(input: { variantId: string; seedStock: number; stock: number }, now = Date.now()): Promise<Result<ItemCounts>> {
    this.ensureVariant(input.variantId, input.seedStock, now);
    this.sql.exec("update items set quantity = ? + held + sold", input.stock);
    this.markChanged(now);
    await this.scheduleAlarm();
    return ok(this.counts(this.items()[0]!));
  }

  async stockCounts(input: { variantId: string; seedStock: number }): Promise<ItemCounts> {
    this.ensureVariant(input.variantId, input.seedStock, Date.now());
    return this.counts(this.items()[0]!);
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  async getDrop(now = Date.now()): Promise<Result<PublicDrop>> {
    const cfg = this.config();
    if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
    return ok(this.publicDrop(now));
  }

  /** Per-item counts for the creator (admin view) and invariant checks. */
  async dropCounts(now = Date.now()): Promise<Result<{ status: string; items: ItemCounts[] }>> {
    const cfg = this.config();
    if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
    const items = this.items();
    return ok({ status: this.status(cfg, items, now), items: items.map((i) => this.counts(i)) });
  }

  /** A bare round trip, for the benchmark's baseline. */
  async ping(): Promise<number> {
    return 1;
  }

  // ---- live stock over hibernatable WebSockets ---------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const cfg = this.config();
    if (!cfg || cfg.kind !== "drop") return new Response("Drop not found", { status: 404 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    // The subscription lives in the socket's attachment, so it survives hibernation of this object.
    server.serializeAttachment({ dropId: cfg.ref_id, subscribedAt: Date.now() });
    server.send(JSON.stringify(this.stockMessage(cfg, Date.now())));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(): Promise<void> {
    // Buyers only listen; "ping" is answered by the auto-response without waking the object.
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // already closed
    }
  }

  // ---- the one alarm ---------------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const now = Date.now();
    const cfg = this.config();
    if (!cfg) return;
    this.expireHolds(now);
    this.sql.exec("delete from idem where created_at <= ?", now - IDEMPOTENCY_TTL_MS);
    await this.announceExpiredHolds();
    if (cfg.kind === "drop") await this.returnUnsoldUnits(cfg, now);
    const fresh = this.config()!;
    if (fresh.flush_at !== null && fresh.flush_at <= now) await this.flush(fresh, now);
    await this.scheduleAlarm();
  }

  private expireHolds(now: number) {
    const expired = this.sql
      .exec<HoldRow>("select * from holds where status = 'held' and expires_at <= ?", now)
      .toArray();
    for (const hold of expired) {
      this.sql.exec("update holds set status = 'expired', notify = case when order_id is null then 0 else 1 end where id = ?", hold.id);
      this.sql.exec("update items set held = held - ? where variant_id = ?", hold.quantity, hold.variant_id);
    }
    if (expired.length) this.markChanged(now);
  }

  /**
   * Tells the order system that holds of pending orders ran out (so it expires the order and its Stripe session).
   * The flag is cleared only after the queue accepted the jobs, so a failed send is retried by the next alarm.
   */
  private async announceExpiredHolds() {
    const due = this.sql.exec<{ id: string; order_id: string }>("select id, order_id from holds where notify = 1 limit 100").toArray();
    if (due.length === 0) return;
    await this.env.FULFILLMENT_QUEUE.sendBatch(
      due.map((h) => ({ body: { type: "order.hold_expired", orderId: h.order_id, holdId: h.id } })),
    );
    for (const h of due) this.sql.exec("update holds set notify = 0 where id = ?", h.id);
  }

  /** After a drop ends or is canceled, unsold units (not held, not sold) go back to each tracked variant. */
  private async returnUnsoldUnits(cfg: ConfigRow, now: number) {
    const closed = cfg.canceled_at !== null || (cfg.ends_at !== null && now >= cfg.ends_at);
    if (!closed) return;
    for (const item of this.items()) {
      const target = item.quantity - item.held - item.sold;
      if (!item.tracked || target <= item.returned) continue;
      const stub = this.env.INVENTORY.get(this.env.INVENTORY.idFromName(`variant:${item.variantId}`));
      const result = await stub.returnFromDrop({ dropId: cfg.ref_id, totalReturned: target });
      if (result.ok || result.reason === "not_found") {
        this.sql.exec("update items set returned = ? where variant_id = ? and returned < ?", target, item.variantId, target);
        this.markChanged(now);
      }
    }
  }

  /** Sends the coalesced stock message to every socket and writes the display snapshot to D1. */
  private async flush(cfg: ConfigRow, now: number) {
    this.sql.exec("update config set flush_at = null, flushed_version = ? where id = 1", cfg.version);
    if (cfg.kind === "drop") {
      const message = JSON.stringify(this.stockMessage(cfg, now));
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.send(message);
        } catch {
          // a socket closing mid-send is dropped by the runtime
        }
      }
    }
    try {
      const items = this.items();
      const db = this.env.DB;
      await db.batch(
        cfg.kind === "drop"
          ? items.map((i) =>
              db
                .prepare("update drop_items set available = ?, held = ?, sold = ? where drop_id = ? and variant_id = ?")
                .bind(i.available, i.held, i.sold, cfg.ref_id, i.variantId),
            )
          : [db.prepare("update variants set stock = ? where id = ?").bind(items[0]!.available, cfg.ref_id)],
      );
    } catch (err) {
      // The snapshot is for display only; the next change writes it again.
      log("warn", "inventory snapshot to D1 failed", { object: cfg.ref_id, ...errorFields(err) });
    }
  }

  private async scheduleAlarm() {
    const cfg = this.config();
    if (!cfg) return;
    const now = Date.now();
    const candidates: number[] = [];
    const nextHold = this.sql.exec<{ t: number | null }>("select min(expires_at) as t from holds where status = 'held'").one().t;
    if (nextHold !== null) candidates.push(nextHold);
    const oldestIdem = this.sql.exec<{ t: number | null }>("select min(created_at) as t from idem").one().t;
    if (oldestIdem !== null) candidates.push(oldestIdem + IDEMPOTENCY_TTL_MS);
    if (cfg.flush_at !== null) candidates.push(cfg.flush_at);
    if (this.sql.exec("select 1 from holds where notify = 1 limit 1").toArray().length) candidates.push(now + 500);
    if (cfg.kind === "drop") {
      // Status changes at start and end are announced to live sockets; the end also returns unsold units.
      if (cfg.starts_at > now) candidates.push(cfg.starts_at);
      if (cfg.ends_at !== null && cfg.ends_at > now) candidates.push(cfg.ends_at);
      const closed = cfg.canceled_at !== null || (cfg.ends_at !== null && now >= cfg.ends_at);
      if (closed && this.items().some((i) => i.tracked && i.quantity - i.held - i.sold > i.returned)) candidates.push(now + 1000);
    }
    if (candidates.length === 0) return;
    const next = Math.max(Math.min(...candidates), now);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) await this.ctx.storage.setAlarm(next);
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  /** Records a change; the broadcast and snapshot follow at most every BROADCAST_INTERVAL_MS. */
  private markChanged(now: number) {
    this.sql.exec(
      "update config set version = version + 1, flush_at = coalesce(flush_at, ?) where id = 1",
      now + BROADCAST_INTERVAL_MS,
    );
  }

  private hold(id: string): HoldRow | undefined {
    return this.sql.exec<HoldRow>("select * from holds where id = ?", id).toArray()[0];
  }

  private window(cfg: ConfigRow) {
    return { startsAt: cfg.starts_at, endsAt: cfg.ends_at, canceledAt: cfg.canceled_at };
  }

  private status(cfg: ConfigRow, items: ItemRow[], now: number) {
    return dropStatus(this.window(cfg), items.some((i) => i.available > 0), now);
  }

  private counts(i: ItemRow): ItemCounts {
    return { variantId: i.variantId, quantity: i.quantity, available: i.available, held: i.held, sold: i.sold, returned: i.returned };
  }

  private toReservation(cfg: ConfigRow, hold: HoldRow): Reservation {
    const status = hold.status === "held" && hold.expires_at <= Date.now() ? "expired" : (hold.status as Reservation["status"]);
    return { id: hold.id, dropId: cfg.ref_id, variantId: hold.variant_id, quantity: hold.quantity, status, expiresAt: new Date(hold.expires_at).toISOString() };
  }

  private stockMessage(cfg: ConfigRow, now: number) {
    const items = this.items();
    return { type: "stock", status: this.status(cfg, items, now), items: items.map((i) => ({ variantId: i.variantId, available: i.available })) };
  }

  private publicDrop(now: number): PublicDrop {
    const cfg = this.config()!;
    const items = this.items();
    return {
      id: cfg.ref_id,
      slug: cfg.slug,
      title: cfg.title,
      status: this.status(cfg, items, now),
      startsAt: new Date(cfg.starts_at).toISOString(),
      endsAt: cfg.ends_at === null ? null : new Date(cfg.ends_at).toISOString(),
      perBuyerLimit: cfg.per_buyer_limit,
      holdSeconds: cfg.hold_seconds,
      items: items.map((i) => ({ variantId: i.variantId, title: i.title, priceCents: i.priceCents, currency: i.currency, quantity: i.quantity, available: i.available })),
    };
  }
}
