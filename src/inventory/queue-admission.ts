// Queue mode inside the drop's object (API.md "Fair drops"): the coordinator of the drop's shard objects. Everything
// here is synchronous over the ledger; the alarm stage `runQueue` (alarm-stages.ts) does the awaiting.
// - The opening: every shard is frozen and reports its pre-opening tickets; the positions 1…T are dealt across the
//   shards by a seeded uniform shuffle (`dealPositions`), the seed kept so a retried delivery deals the same.
// - Later joiners: each tick, once every shard has reported, their unplaced tickets that joined before a cutoff are
//   placed after everyone before them, in order of their join time.
// - Admission: in position order, at most `admission_rate` a second, only positions their shard already knows, and
//   only while the last round reached every shard (a shard outage pauses admission rather than letting its buyers'
//   windows run out unseen). Each admission is promised up to the per-buyer limit in units, so admitted buyers
//   always find a unit (at least one; their full limit unless they were the last let in), and there are never more
//   admitted-but-unused tickets than units available.
// - Sold out: when no unit is available and none is held, every waiting ticket is told at once (and told again,
//   should units come back before the drop closes).
import type { AdmissionBatch, ShardPush, ShardReport } from "./drop-shard-do";
import type { ConfigRow, Ledger } from "./ledger";
import { dealPositions, newShuffleSeed, type QueueMessage } from "../shared/queue";
import { iso } from "../shared/time";
import { fail, ok, type Result } from "./rules";

/** Ticks while buyers wait or a change must reach the shards; before the opening (slower when it is far); idle. */
const QUEUE_TICK_MS = 500;
const PRE_OPENING_MIN_MS = 2_000;
const PRE_OPENING_MAX_MS = 60_000;
/** Nobody waiting: a later joiner nudges the object (drop-shard-do.ts), so the idle tick can be slow. */
const IDLE_TICK_MS = 30_000;
/** Placed-but-undelivered positions and batches sent per shard and tick. */
const DELIVERY_LIMIT = 5_000;
/** Observed admission pace: admissions over this window, per second. */
const PACE_WINDOW_MS = 30_000;

interface ShardRow extends Record<string, SqlStorageValue> {
  shard: number;
  tickets: number;
  pre_count: number | null;
  preplaced: number;
  batches_through: number;
  unplaced: number;
}

const isQueue = (cfg: ConfigRow) => cfg.kind === "drop" && cfg.admission === "queue";
const opensAt = (cfg: ConfigRow) => cfg.queue_opens_at ?? cfg.starts_at;
const anyAvailable = (ledger: Ledger) => ledger.items().some((i) => i.available > 0);

/** When the queue next needs its tick (null: it does not). */
export function nextQueueTick(ledger: Ledger, cfg: ConfigRow, now: number): number | null {
  if (!isQueue(cfg)) return null;
  if (cfg.queue_finished === 1) return unitsCameBack(ledger, cfg, now) ? now : null;
  if (mustTellShards(ledger, cfg, now) || openingNow(cfg, now)) return now;
  // A closed queue tells its shards at the tick's pace, even if a postponed start moved its opening ahead again.
  if (ledger.isClosed(cfg, now)) return cfg.queue_tick_at ?? now;
  return Math.max(cfg.queue_tick_at ?? 0, opensAt(cfg));
}

/** The opening is due now: its first attempt at `startsAt` (a failed one is retried at the tick's pace). */
export const openingNow = (cfg: ConfigRow, now: number) => openingDue(cfg, now) && (cfg.queue_tick_at ?? 0) <= cfg.starts_at;

/** A change every waiting ticket must hear at once and has not been sent yet: the last unit sold, or the close. */
export function mustTellShards(ledger: Ledger, cfg: ConfigRow, now: number): boolean {
  if (!isQueue(cfg) || cfg.queue_finished === 1 || cfg.queue_alerted_at !== null) return false;
  return ledger.isClosed(cfg, now) || cfg.queue_sold_out_at !== null || soldOutForGood(ledger, cfg, now);
}

/** The opening is due at `startsAt`, whatever the tick timer says. */
export const openingDue = (cfg: ConfigRow, now: number) => isQueue(cfg) && cfg.shuffled_at === null && cfg.canceled_at === null && now >= cfg.starts_at && (cfg.ends_at === null || now < cfg.ends_at);

/** Every unit sold: none available and none held (a hold may still expire and come back). */
function soldOutForGood(ledger: Ledger, cfg: ConfigRow, now: number): boolean {
  // A closed drop's units left sale (returned): its waiting tickets expire, they were not outsold.
  if (now < cfg.starts_at || cfg.shuffled_at === null || ledger.isClosed(cfg, now)) return false;
  return ledger.items().every((i) => i.available === 0 && i.held === 0);
}

/** A sold-out queue whose units came back before the close (a payment undone): it runs again. */
function unitsCameBack(ledger: Ledger, cfg: ConfigRow, now: number) {
  return cfg.queue_sold_out_at !== null && !ledger.isClosed(cfg, now) && anyAvailable(ledger);
}

export const shardRows = (ledger: Ledger) => ledger.sql.exec<ShardRow>("select * from queue_shards order by shard").toArray();

/**
 * Units promised to admitted tickets still inside their window. Each admission is promised `promise` units when it is
 * let in (the per-buyer limit, or what was left if less), and never more in all than units available; a used one
 * keeps what it has not drawn yet (every unit reserved under it counts, paid or lapsed: an admission that let its
 * hold run out does not get its promise back, so admission resumes when holds expire).
 */
function promisedUnits(ledger: Ledger, now: number): number {
  const admitted = ledger.sql.exec<{ n: number }>("select coalesce(sum((to_pos - from_pos + 1) * promise), 0) as n from admission_batches where expires_at > ?", now).one().n;
  const drawn = ledger.sql
    .exec<{ n: number }>(
      `select coalesce(sum(min(promise, drawn)), 0) as n from (
         select u.position, u.promise, coalesce(sum(h.quantity), 0) as drawn from admission_uses u left join holds h on h.admission_pos = u.position
         where u.expires_at > ? group by u.position)`,
      now,
    )
    .one().n;
  return Math.max(0, admitted - drawn);
}

/** What is still promised to one admission: its promise, less every unit reserved under it. */
function promiseOf(ledger: Ledger, position: number, promise: number): number {
  const drawn = ledger.sql.exec<{ n: number }>("select coalesce(sum(quantity), 0) as n from holds where admission_pos = ?", position).one().n;
  return Math.max(0, promise - drawn);
}

/** Buyers may join from the opening on (the Worker's view of it may lag a second): from then, a close must reach the shards. */
const JOIN_VIEW_LAG_MS = 2_000;

/** Notes that the queue is (or is about to be) open: once set, closing it always tells the shards. */
export function noteOpened(ledger: Ledger, cfg: ConfigRow, now: number) {
  if (isQueue(cfg) && cfg.queue_opened === 0 && now + JOIN_VIEW_LAG_MS >= opensAt(cfg)) ledger.sql.exec("update config set queue_opened = 1 where id = 1");
}

/**
 * A queue closed before it ever opened holds no ticket (joins start at `queueOpensAt`): closing it needs no shard.
 * One that opened and was postponed (its opening ahead again) tells its shards like any other.
 */
export function finishUnopened(ledger: Ledger, cfg: ConfigRow, now: number): boolean {
  if (!ledger.isClosed(cfg, now) || now >= opensAt(cfg) || cfg.queue_opened === 1) return false;
  ledger.sql.exec("update config set queue_finished = 1 where id = 1");
  return true;
}

/** Freezes the pre-opening tickets: with every shard's count in, the opening shuffle is fixed (seeded, stored). */
export function recordOpening(ledger: Ledger, reports: (ShardReport | null)[], now: number): boolean {
  if (reports.some((r) => r === null || r.preCount === null)) return false;
  const counts = reports.map((r) => r!.preCount!);
  ledger.atomically(() => {
    counts.forEach((c, shard) => ledger.sql.exec("update queue_shards set pre_count = ? where shard = ?", c, shard));
    const cfg = ledger.config()!;
    ledger.sql.exec(
      "update config set shuffle_seed = ?, shuffled_at = ?, placed_through = ?, admit_credit = ?, admit_credit_at = ? where id = 1",
      newShuffleSeed(), now, counts.reduce((a, b) => a + b, 0), cfg.admission_rate, now,
    );
  });
  return true;
}

/** Positions every shard knows: the opening's (once each shard placed its share) and later ones delivered. */
function knownThrough(ledger: Ledger, cfg: ConfigRow): number {
  if (shardRows(ledger).some((r) => r.preplaced === 0)) return 0;
  const pending = ledger.sql.exec<{ p: number | null }>("select min(position) as p from queue_placements").one().p;
  return pending === null ? cfg.placed_through : pending - 1;
}

/**
 * The admission step: in position order, up to the rate's credit, positions their shards know, while every shard
 * answered the last round, and only as many as the units not yet promised can serve: each is promised the per-buyer
 * limit, and the last one what is left when that is less (at least one unit). Returns how many it admitted.
 */
export function admit(ledger: Ledger, now: number, everyShardAnswered: boolean): number {
  const cfg = ledger.config()!;
  if (!isQueue(cfg) || cfg.shuffled_at === null || ledger.isClosed(cfg, now) || cfg.queue_sold_out_at !== null) return 0;
  const elapsed = Math.max(0, now - (cfg.admit_credit_at ?? now));
  let credit = Math.min(cfg.admission_rate, cfg.admit_credit + (cfg.admission_rate * elapsed) / 1000);
  const available = ledger.items().reduce((sum, i) => sum + i.available, 0);
  const free = Math.max(0, available - promisedUnits(ledger, now));
  const wanted = everyShardAnswered ? Math.max(0, Math.min(Math.floor(credit), knownThrough(ledger, cfg) - cfg.admitted_through)) : 0;
  const full = Math.min(wanted, Math.floor(free / cfg.per_buyer_limit));
  const partial = full < wanted && free % cfg.per_buyer_limit > 0 ? free % cfg.per_buyer_limit : 0;
  const batches = [...(full > 0 ? [{ n: full, promise: cfg.per_buyer_limit }] : []), ...(partial > 0 ? [{ n: 1, promise: partial }] : [])];
  let through = cfg.admitted_through;
  ledger.atomically(() => {
    for (const b of batches) {
      ledger.sql.exec(
        "insert into admission_batches (from_pos, to_pos, admitted_at, expires_at, promise) values (?, ?, ?, ?, ?)",
        through + 1, through + b.n, now, now + cfg.admission_seconds * 1000, b.promise,
      );
      through += b.n;
      credit -= b.n;
    }
    if (batches.length) ledger.markChanged(now);
    ledger.sql.exec("update config set admitted_through = ?, admit_credit = ?, admit_credit_at = ? where id = 1", through, credit, now);
  });
  return through - cfg.admitted_through;
}

/**
 * Marks the queue sold out for good once every unit is sold, or running again if units came back before the close;
 * the next push tells every shard either way.
 */
export function noteSoldOut(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  if (cfg.queue_sold_out_at === null && soldOutForGood(ledger, cfg, now)) {
    ledger.sql.exec("update config set queue_sold_out_at = ?, queue_alerted_at = null where id = 1", now);
  } else if (unitsCameBack(ledger, cfg, now)) {
    ledger.sql.exec("update config set queue_sold_out_at = null, queue_finished = 0, queue_alerted_at = null where id = 1");
  }
}

function pace(ledger: Ledger, now: number) {
  const n = ledger.sql.exec<{ n: number }>("select coalesce(sum(to_pos - from_pos + 1), 0) as n from admission_batches where admitted_at > ?", now - PACE_WINDOW_MS).one().n;
  return n / (PACE_WINDOW_MS / 1000);
}

function waiting(ledger: Ledger, cfg: ConfigRow, now: number) {
  if (cfg.queue_sold_out_at !== null || ledger.isClosed(cfg, now)) return 0;
  const rows = shardRows(ledger);
  if (cfg.shuffled_at === null) return rows.reduce((sum, r) => sum + r.tickets, 0);
  return cfg.placed_through - cfg.admitted_through + rows.reduce((sum, r) => sum + r.unplaced, 0);
}

export function queueMessage(ledger: Ledger, cfg: ConfigRow, now: number): QueueMessage {
  return { type: "queue", status: ledger.status(cfg, now), admittedThrough: cfg.admitted_through, waiting: waiting(ledger, cfg, now), serverTime: iso(now) };
}

/** When the next tick runs: quickly while anyone waits, before the opening slower the further off it is, slowly when idle. */
export function scheduleNextTick(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  let next: number;
  if (cfg.shuffled_at === null && now < cfg.starts_at) {
    next = Math.min(now + Math.min(PRE_OPENING_MAX_MS, Math.max(PRE_OPENING_MIN_MS, (cfg.starts_at - now) / 30)), cfg.starts_at);
  } else {
    const telling = cfg.queue_sold_out_at !== null || ledger.isClosed(cfg, now) || cfg.shuffled_at === null;
    const pending = ledger.sql.exec<{ n: number }>("select count(*) as n from queue_placements").one().n > 0;
    const busy = telling || pending || waiting(ledger, cfg, now) > 0 || promisedUnits(ledger, now) > 0;
    next = now + (busy ? QUEUE_TICK_MS : IDLE_TICK_MS);
  }
  ledger.sql.exec("update config set queue_tick_at = ? where id = 1", next);
}

/** startsAt moved before the opening: the next tick comes no later than the new start (see scheduleNextTick). */
export function retimeOpening(ledger: Ledger) {
  ledger.sql.exec("update config set queue_tick_at = min(queue_tick_at, starts_at) where id = 1 and shuffled_at is null and queue_tick_at is not null");
}

/** The close or the sell-out is in this tick's pushes: it need not be rushed again (the tick cadence retries it). */
export function markAlerted(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  if (cfg.queue_alerted_at === null && (ledger.isClosed(cfg, now) || cfg.queue_sold_out_at !== null)) {
    ledger.sql.exec("update config set queue_alerted_at = ? where id = 1", now);
  }
}

/** What every shard is told this tick (`opening`: the freeze round at `startsAt`), computed once per tick. */
export function tickState(ledger: Ledger, cfg: ConfigRow, now: number, opening: boolean) {
  const closed = ledger.isClosed(cfg, now);
  return {
    cfg,
    opening,
    dealt: dealtPositions(ledger, cfg),
    closedAt: closed ? (cfg.canceled_at ?? cfg.ends_at) : null,
    lateCutoff: cfg.shuffled_at === null || closed ? null : now - 50,
    pace: pace(ledger, now),
    unitsLeft: ledger.items().reduce((sum, i) => sum + i.available + i.held, 0),
    queueMessage: JSON.stringify(queueMessage(ledger, cfg, now)),
  };
}

/** What one shard is told this tick: the shared state, plus its own positions, placements and admission batches. */
export function pushFor(ledger: Ledger, tick: ReturnType<typeof tickState>, shard: ShardRow): ShardPush {
  const { cfg } = tick;
  // Batches are contiguous (each starts after the last), so those after the shard's last one are `from_pos > …`.
  const batches = ledger.sql
    .exec<{ from_pos: number; to_pos: number; admitted_at: number; expires_at: number }>(
      "select * from admission_batches where from_pos > ? order by from_pos limit ?", shard.batches_through, DELIVERY_LIMIT,
    )
    .toArray()
    .map((b): AdmissionBatch => ({ fromPos: b.from_pos, toPos: b.to_pos, admittedAt: b.admitted_at, expiresAt: b.expires_at }));
  return {
    dropId: cfg.ref_id,
    shard: shard.shard,
    freeze: tick.opening,
    prePositions: shard.preplaced === 0 && tick.dealt ? tick.dealt[shard.shard]! : null,
    placements: ledger.sql
      .exec<{ ticket_id: string; position: number }>("select ticket_id, position from queue_placements where shard = ? order by position limit ?", shard.shard, DELIVERY_LIMIT)
      .toArray()
      .map((p) => ({ id: p.ticket_id, position: p.position })),
    batches,
    // Never ahead of the batches this push carries: a shard must know until when each admitted position may reserve.
    admittedThrough: Math.min(cfg.admitted_through, Math.max(shard.batches_through, batches.at(-1)?.toPos ?? 0)),
    soldOutAt: cfg.queue_sold_out_at,
    closedAt: tick.closedAt,
    lateCutoff: tick.lateCutoff,
    pace: tick.pace,
    unitsLeft: tick.unitsLeft,
    nextTickAt: cfg.queue_tick_at ?? Date.now(),
    queueMessage: tick.queueMessage,
  };
}

/** The opening's positions per shard, while some shard has not placed its share yet (recomputed from the seed). */
function dealtPositions(ledger: Ledger, cfg: ConfigRow): number[][] | null {
  const rows = shardRows(ledger);
  if (cfg.shuffled_at === null || !cfg.shuffle_seed || rows.every((r) => r.preplaced === 1)) return null;
  return dealPositions(rows.map((r) => r.pre_count ?? 0), cfg.shuffle_seed);
}

/** Records what the shard confirmed. */
export function applyReport(ledger: Ledger, push: ShardPush, report: ShardReport) {
  ledger.sql.exec(
    "update queue_shards set tickets = ?, preplaced = ?, batches_through = max(batches_through, ?), unplaced = ? where shard = ?",
    report.tickets, report.preplaced ? 1 : 0, report.batchesThrough, report.unplaced, push.shard,
  );
  for (const p of push.placements) ledger.sql.exec("delete from queue_placements where ticket_id = ?", p.id);
}

/**
 * Places later joiners after everyone placed so far, in order of their join time (ties: by id). Only when every
 * shard reported this round, and only up to the oldest join a cut-short report left out, so a slow or busy shard's
 * earlier joiners are never placed behind later ones. Returns how many it placed.
 */
export function placeLate(ledger: Ledger, reports: (ShardReport | null)[], now: number): number {
  if (reports.some((r) => r === null)) return 0;
  const cap = Math.min(...reports.map((r) => (r!.truncated ? r!.late.at(-1)!.joinedAt : Infinity)));
  const fresh = reports
    .flatMap((r, shard) => r!.late.map((t) => ({ ...t, shard })))
    .filter((t) => t.joinedAt < cap && ledger.sql.exec("select 1 from queue_placements where ticket_id = ?", t.id).toArray().length === 0)
    .sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  if (fresh.length === 0) return 0;
  ledger.atomically(() => {
    let next = ledger.config()!.placed_through;
    for (const t of fresh) ledger.sql.exec("insert into queue_placements (ticket_id, shard, position) values (?, ?, ?)", t.id, t.shard, ++next);
    ledger.sql.exec("update config set placed_through = ? where id = 1", next);
    ledger.markChanged(now);
  });
  return fresh.length;
}

/**
 * The ticks stop once every shard heard the close, or heard the sell-out with every ticket placed (a ticket keeps a
 * position once it has one, whatever its status).
 */
export function finishIfTold(ledger: Ledger, pushes: ShardPush[], reports: (ShardReport | null)[]) {
  if (pushes.length === 0 || reports.some((r) => r === null)) return;
  const closed = pushes.every((p) => p.closedAt !== null);
  const soldOut = pushes.every((p) => p.soldOutAt !== null);
  const allPlaced = reports.every((r) => r!.unplaced === 0) && ledger.sql.exec<{ n: number }>("select count(*) as n from queue_placements").one().n === 0;
  if (closed || (soldOut && allPlaced)) ledger.sql.exec("update config set queue_finished = 1 where id = 1");
}

/** The admission batch holding a position (batches are contiguous and never overlap). */
export function batchOf(sql: SqlStorage, position: number) {
  // `promise` is the drop object's column only (a shard keeps batches to know until when a position is admitted).
  const b = sql
    .exec<{ to_pos: number; expires_at: number; promise?: number }>("select * from admission_batches where from_pos <= ? order by from_pos desc limit 1", position)
    .toArray()[0];
  return b && b.to_pos >= position ? b : undefined;
}

/**
 * A queue drop's reservation needs an admission: its position admitted and inside its window. It may take what is
 * promised to it and what is promised to nobody, never units promised to another admitted ticket.
 */
export function useAdmission(ledger: Ledger, admission: { ticketId: string; position: number } | undefined, quantity: number, now: number): Result<{ expiresAt: number; promise: number }> {
  if (!admission) return fail("not_admitted", "This drop sells through its queue: join it, and reserve once you are admitted.");
  const batch = batchOf(ledger.sql, admission.position);
  if (!batch || batch.expires_at <= now) return fail("not_admitted", "Your admission has expired.");
  const promise = batch.promise!;
  const available = ledger.items().reduce((sum, i) => sum + i.available, 0);
  const forOthers = promisedUnits(ledger, now) - promiseOf(ledger, admission.position, promise);
  if (available - forOthers < quantity) {
    const left = Math.max(0, available - forOthers);
    return fail("sold_out", left === 0 ? "Sold out: every unit left is promised to buyers admitted before you." : `Only ${left} left for you.`);
  }
  return ok({ expiresAt: batch.expires_at, promise });
}

/** The hold made under an admission counts against that admission's promise. */
export function recordAdmissionUse(ledger: Ledger, admission: { ticketId: string; position: number }, use: { expiresAt: number; promise: number }, holdId: string, now: number) {
  ledger.sql.exec(
    "insert or ignore into admission_uses (position, ticket_id, used_at, expires_at, promise) values (?, ?, ?, ?, ?)",
    admission.position, admission.ticketId, now, use.expiresAt, use.promise,
  );
  ledger.sql.exec("update holds set admission_pos = ? where id = ?", admission.position, holdId);
}

/** Units a late payment may take on a queue drop: those not promised to an admitted ticket. */
export function unpromisedUnits(ledger: Ledger, cfg: ConfigRow, available: number, now: number): number {
  return isQueue(cfg) ? available - promisedUnits(ledger, now) : available;
}

/** The shards this drop's object coordinates (rows made on configuration). */
export function createShardRows(ledger: Ledger, count: number) {
  for (let shard = 0; shard < count; shard++) ledger.sql.exec("insert or ignore into queue_shards (shard) values (?)", shard);
}
