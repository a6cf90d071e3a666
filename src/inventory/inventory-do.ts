// InventoryDO: the single source of stock truth for one drop or one tracked variant. Every check-and-write
// (reserve, release, commit) is one synchronous run of SQLite statements with no awaited I/O in between
// (ledger.ts, reservations.ts, stock-moves.ts), so concurrent requests are serialized by the object and can never
// oversell. All state lives in the object's SQLite storage, so eviction or a restart loses no hold and no sale.
// One alarm serves every timer: hold expiry, drop start/end (each status change is pushed to live sockets, the
// time-driven ones included), coalesced live-stock broadcasts with the D1 display snapshot, announcing expired holds
// of orders, returning unsold drop units, purging 24 h old idempotency records, a raffle's draw and a queue's ticks.
// Drop and low-stock webhook events go through an outbox in the same storage (webhook-events.ts).
// Live sockets and queue tickets live in the drop's shard objects (drop-shard-do.ts), which this object coordinates. Each awaited stage of the alarm
// fails on its own and is retried by a later alarm (alarm-stages.ts); none of them holds a check across an await.
import { DurableObject } from "cloudflare:workers";
import { errorFields, log } from "../shared/log";
import { newRaffleSeed, raffleCommitment } from "../shared/raffle";
import { announceExpiredHolds, announceRaffleWinners, confirmOrCancel, drawRaffle, returnUnsoldUnits, runQueue, writeSnapshot } from "./alarm-stages";
import { shardObject } from "./inventory-client";
import { shardOfEmail } from "../shared/queue";
import { queueMessage } from "./queue-admission";
import { enterRaffle, getEntry, listEntries } from "./raffle-entries";
import { Ledger, counts, type ConfigRow } from "./ledger";
import { attachOrder, commit, holdDetails, release, reserve, uncommit, type HoldDetails } from "./reservations";
import { BROADCAST_INTERVAL_MS, fail, ok, type DropConfig, type DropRead, type ItemCounts, type Reservation, type RaffleEntry, type ReserveInput, type Result } from "./rules";
import { allocateToDrop, cancelDrop, confirmDrop, configureDrop, ensureVariant, returnFromDrop, setStock, updateDrop, type DropPatch } from "./stock-moves";
import { createDb } from "../db/client";
import { recordEvents, sendEvents, setLowStock } from "./webhook-events";

export type { HoldDetails };

export class InventoryDO extends DurableObject<Env> {
  private readonly ledger: Ledger;
  /** The alarm time this instance last set (null after a restart or while the alarm runs). */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ledger = new Ledger(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
  }

  /** Whether this instance is sending the outbox (one sender at a time, so concurrent steps never send an event twice). */
  private sending = false;

  /**
   * Runs a synchronous ledger step and records the webhook events it caused in the same step; then sends them and
   * makes sure the alarm covers whatever timer it set.
   */
  private async step<T>(work: (now: number) => T): Promise<T> {
    const now = Date.now();
    const result = work(now);
    recordEvents(this.ledger, now);
    await this.sendEvents();
    await this.scheduleAlarm();
    return result;
  }

  /** A failed send is logged; the outbox keeps the events and the alarm sends them (Ledger.nextTimer). */
  private async sendEvents() {
    if (this.sending || !this.ledger.config() || !this.ledger.outbox(1).length) return;
    this.sending = true;
    await this.stage("send webhook events", () => sendEvents(this.ledger, this.env.FULFILLMENT_QUEUE));
    this.sending = false;
  }

  private dropView(now: number): Result<DropRead> {
    const cfg = this.ledger.config();
    return cfg && cfg.kind === "drop" ? ok(this.ledger.publicDrop(cfg, now)) : fail("not_found", "Drop not found.");
  }

  // Drops -----------------------------------------------------------------------------------------------------

  async configureDrop(input: DropConfig): Promise<Result<DropRead>> {
    // A raffle's secret seed is made here and never leaves the object before the draw; its SHA-256 is public at once.
    const seed = input.admission === "raffle" ? newRaffleSeed() : null;
    const raffle = seed ? { seed, commitment: await raffleCommitment(seed) } : undefined;
    return this.step((now) => {
      const done = configureDrop(this.ledger, input, now, raffle);
      return done.ok ? this.dropView(now) : done;
    });
  }

  // Raffles ---------------------------------------------------------------------------------------------------

  async enterRaffle(input: { email: string; variantId: string; origin: string; erasedAs?: string }): Promise<Result<{ entry: RaffleEntry; created: boolean }>> {
    return this.step((now) => enterRaffle(this.ledger, input, now));
  }

  async getEntry(entryId: string) {
    return this.step((now) => getEntry(this.ledger, entryId, now));
  }

  async listEntries() {
    return listEntries(this.ledger);
  }

  /**
   * Erasing a buyer (API.md "Customers"): a hold they still have is released (an order it belongs to expires, so nothing
   * checks out under an erased address), then their email in this object's holds and raffle entries becomes `erasedAs`
   * (erasedEmail), which still counts against the per-buyer limit and keeps one entry per email; the shard of a queue
   * drop that keeps their ticket does the same, and their reservation idempotency records go. Idempotent.
   */
  async eraseEmail(input: { email: string; erasedAs: string }): Promise<Result<true>> {
    const result = await this.step((now) => {
      const cfg = this.ledger.config();
      if (!cfg) return null;
      const held = this.ledger.sql.exec<{ id: string }>("select id from holds where email = ? and status = 'held'", input.email).toArray();
      for (const { id } of held) release(this.ledger, id, now, { announce: true });
      this.ledger.sql.exec("update holds set email = ? where email = ?", input.erasedAs, input.email);
      this.ledger.sql.exec("update entries set email = ? where email = ?", input.erasedAs, input.email);
      // Keys are `{email}\0{Idempotency-Key}` (reservations.ts): the email's range, compared byte by byte.
      this.ledger.sql.exec("delete from idem where key >= ? and key < ?", `${input.email}\u0000`, `${input.email}\u0001`);
      return cfg;
    });
    if (result?.kind === "drop" && result.admission === "queue") {
      await shardObject(this.env.DROP_SHARDS, result.ref_id, shardOfEmail(input.email, result.shard_count)).eraseEmail(input);
    }
    return ok(true);
  }

  /** The drop's catalog row is written: see `configureDrop`. */
  async confirmDrop(): Promise<Result<true>> {
    return this.step(() => confirmDrop(this.ledger));
  }

  async updateDrop(patch: DropPatch): Promise<Result<DropRead>> {
    return this.step((now) => {
      const done = updateDrop(this.ledger, patch, now);
      return done.ok ? this.dropView(now) : done;
    });
  }

  async cancelDrop(): Promise<Result<DropRead>> {
    return this.step((now) => {
      const done = cancelDrop(this.ledger, now);
      return done.ok ? this.dropView(now) : done;
    });
  }

  async getDrop(): Promise<Result<DropRead>> {
    return this.dropView(Date.now());
  }

  /** Per-item counts for the creator (admin view) and invariant checks. */
  async dropCounts(): Promise<Result<{ status: string; items: ItemCounts[] }>> {
    const cfg = this.ledger.config();
    if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
    const items = this.ledger.items();
    return ok({ status: this.ledger.status(cfg, Date.now(), items), items: items.map(counts) });
  }

  /** Returns a closed drop's unsold units to their variants now rather than at the next alarm (which retries on failure). */
  async settleReturns(): Promise<void> {
    if (!this.ledger.config()) return;
    await this.stage("return unsold units", () => returnUnsoldUnits(this.ledger, this.env.INVENTORY, Date.now()));
    await this.scheduleAlarm();
  }

  // Reservations ----------------------------------------------------------------------------------------------

  async reserve(input: ReserveInput): Promise<Result<Reservation>> {
    return this.step((now) => reserve(this.ledger, input, now));
  }

  /** `byBuyer`: the buyer let go of the hold, so an order it belongs to is told to expire. */
  async release(holdId: string, options: { byBuyer?: boolean } = {}): Promise<Result<Reservation>> {
    return this.step((now) => release(this.ledger, holdId, now, { announce: options.byBuyer ?? false }));
  }

  async commit(holdId: string, options: { reReserve?: boolean } = {}): Promise<Result<Reservation>> {
    return this.step((now) => commit(this.ledger, holdId, options.reReserve ?? false, now));
  }

  async uncommit(holdId: string): Promise<Result<Reservation>> {
    return this.step((now) => uncommit(this.ledger, holdId, now));
  }

  async attachOrder(holdId: string, orderId: string): Promise<Result<Reservation>> {
    return this.step((now) => attachOrder(this.ledger, holdId, orderId, now));
  }

  async holdDetails(holdId: string): Promise<Result<HoldDetails>> {
    return this.step((now) => holdDetails(this.ledger, holdId, now));
  }

  async getReservation(holdId: string): Promise<Result<Reservation>> {
    const cfg = this.ledger.config();
    const hold = cfg ? this.ledger.hold(holdId) : undefined;
    return cfg && hold ? ok(this.ledger.toReservation(cfg, hold)) : fail("not_found", "Reservation not found.");
  }

  // Regular (non-drop) variant stock ---------------------------------------------------------------------------

  /** Reserves regular stock for a cart line (held for `holdSeconds`). */
  async reserveStock(input: { variantId: string; seedStock: number; quantity: number; email: string; holdSeconds: number; idempotencyKey?: string }) {
    return this.step((now) => {
      ensureVariant(this.ledger, input.variantId, input.seedStock, now);
      return reserve(this.ledger, input, now);
    });
  }

  async allocateToDrop(input: { variantId: string; seedStock: number; dropId: string; quantity: number }): Promise<Result<ItemCounts>> {
    return this.step((now) => {
      ensureVariant(this.ledger, input.variantId, input.seedStock, now);
      return allocateToDrop(this.ledger, input, now);
    });
  }

  async returnFromDrop(input: { dropId: string; totalReturned?: number; cancelAllocation?: boolean }): Promise<Result<ItemCounts>> {
    return this.step((now) => returnFromDrop(this.ledger, input, now));
  }

  async setStock(input: { variantId: string; seedStock: number; stock: number }): Promise<Result<ItemCounts>> {
    return this.step((now) => {
      ensureVariant(this.ledger, input.variantId, input.seedStock, now);
      return ok(setStock(this.ledger, input.stock, now));
    });
  }

  /** The variant's low-stock threshold for inventory.low (webhook-events.ts). */
  async setLowStock(input: { variantId: string; seedStock: number; threshold: number | null; creatorId: string }): Promise<Result<true>> {
    return this.step((now) => {
      ensureVariant(this.ledger, input.variantId, input.seedStock, now);
      setLowStock(this.ledger, input.threshold, input.creatorId);
      return ok(true);
    });
  }

  async stockCounts(input: { variantId: string; seedStock: number }): Promise<ItemCounts> {
    return this.step((now) => {
      ensureVariant(this.ledger, input.variantId, input.seedStock, now);
      return counts(this.ledger.items()[0]!);
    });
  }

  /** A bare round trip, for the benchmark's baseline. */
  async ping(): Promise<number> {
    return 1;
  }

  // Queue mode and live sockets through the drop's shards ---------------------------------------------------------

  /** A shard got its first socket: it is sent every change from now on, starting with where things stand. */
  async subscribeShard(shard: number): Promise<Result<{ stockMessage: string; queueMessage: string | null; version: number }>> {
    const cfg = this.ledger.config();
    if (!cfg || cfg.kind !== "drop" || !Number.isInteger(shard) || shard < 0 || shard >= cfg.shard_count) return fail("not_found", "Drop not found.");
    const now = Date.now();
    this.ledger.sql.exec("insert or ignore into fanout (shard) values (?)", shard);
    return ok({
      stockMessage: JSON.stringify(this.ledger.stockMessage(cfg, now)),
      queueMessage: cfg.admission === "queue" ? JSON.stringify(queueMessage(this.ledger, cfg, now)) : null,
      version: cfg.version,
    });
  }

  /** A later joiner arrived while the queue idled: tick now rather than at the next idle tick. */
  async nudgeQueue(): Promise<void> {
    const cfg = this.ledger.config();
    if (!cfg || cfg.admission !== "queue") return;
    this.ledger.sql.exec("update config set queue_tick_at = min(coalesce(queue_tick_at, ?), ?) where id = 1", Date.now(), Date.now());
    this.alarmAt = null;
    await this.scheduleAlarm();
  }

  // The one alarm ----------------------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const now = Date.now();
    const start = this.ledger.config();
    if (!start) return;
    this.ledger.settle(start, now);
    this.ledger.purgeIdempotency(now);
    const db = createDb(this.env.DB);
    if (start.confirm_by !== null && start.confirm_by <= now) await this.stage("confirm the catalog row", () => confirmOrCancel(this.ledger, db, now));
    await this.stage("draw the raffle", () => drawRaffle(this.ledger, now));
    await this.stage("announce expired holds", () => announceExpiredHolds(this.ledger, this.env.FULFILLMENT_QUEUE));
    await this.stage("announce raffle winners", () => announceRaffleWinners(this.ledger, this.env.FULFILLMENT_QUEUE));
    await this.stage("return unsold units", () => returnUnsoldUnits(this.ledger, this.env.INVENTORY, Date.now()));
    await this.stage("run the queue", () => runQueue(this.ledger, this.env.DROP_SHARDS, Date.now()));
    // Judged now, not at the alarm's start: a call during the awaits above may have recorded a later transition.
    recordEvents(this.ledger, Date.now());
    await this.sendEvents();
    const cfg = this.ledger.config()!;
    // A status change is sent at once, even when nothing else changed (the opening at startsAt, the end).
    const statusChanged = cfg.kind === "drop" && this.ledger.status(cfg, now) !== cfg.broadcast_status;
    if (statusChanged || (cfg.flush_at !== null && cfg.flush_at <= now)) await this.flush(cfg, now);
    await this.scheduleAlarm();
  }

  /** One awaited stage of the alarm: a failure is logged and left for the next alarm (its timer stays set). */
  private async stage(name: string, work: () => Promise<void>) {
    try {
      await work();
    } catch (err) {
      log("warn", `inventory alarm: ${name} failed, will retry`, { object: this.ledger.config()?.ref_id, ...errorFields(err) });
    }
  }

  /**
   * Sends the coalesced stock message once to each shard that has sockets (each fans it out to its own) and writes
   * the display snapshot to D1. A shard that misses one gets the next; its sockets are never told anything older.
   */
  private async flush(cfg: ConfigRow, now: number) {
    this.ledger.markBroadcast(cfg, this.ledger.status(cfg, now));
    if (cfg.kind === "drop") {
      const message = JSON.stringify(this.ledger.stockMessage(cfg, now));
      const shards = this.ledger.sql.exec<{ shard: number }>("select shard from fanout").toArray();
      const sent = await Promise.allSettled(
        shards.map(({ shard }) => shardObject(this.env.DROP_SHARDS, cfg.ref_id, shard).broadcast({ dropId: cfg.ref_id, shard, version: cfg.version, message })),
      );
      const failed = sent.filter((r) => r.status === "rejected").length;
      if (failed) log("warn", "live stock did not reach some shards; the next change reaches them", { object: cfg.ref_id, failed });
    }
    await writeSnapshot(this.ledger, createDb(this.env.DB), cfg);
  }

  private async scheduleAlarm() {
    const now = Date.now();
    // Every timer a step can add lies at least BROADCAST_INTERVAL_MS ahead; an alarm already due before then will
    // recompute everything when it runs. During a rush this skips the timer queries on almost every reservation.
    if (this.alarmAt !== null && this.alarmAt >= now && this.alarmAt <= now + BROADCAST_INTERVAL_MS) return;
    const next = this.ledger.nextTimer(now);
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) {
      await this.ctx.storage.setAlarm(next);
      this.alarmAt = next;
    } else this.alarmAt = current;
  }
}
