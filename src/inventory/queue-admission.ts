// Queue mode inside the drop's object (API.md "Fair drops"): the coordinator of the drop's shard objects. Everything
// here is synchronous over the ledger; the alarm stage `runQueue` (alarm-stages.ts) does the awaiting.
// - The opening: every shard is frozen and reports its pre-opening tickets; the positions 1…T are dealt across the
//   shards by a seeded uniform shuffle (`dealPositions`), the seed kept so a retried delivery deals the same.
// - Later joiners: each tick, the shards report their unplaced tickets that joined before a cutoff; they are placed
//   after everyone before them, in order of their join time.
// - Admission: in position order, at most `admission_rate` a second, and never more admitted-but-unused positions
//   than units available. An admitted position may reserve until its batch expires (`admission_seconds`).
// - Sold out: when no unit is available and none is held, every waiting ticket is told at the next tick (at once).
import type { AdmissionBatch, ShardPush, ShardReport } from "./drop-shard-do";
import type { ConfigRow, Ledger } from "./ledger";
import { dealPositions, newShuffleSeed, type QueueMessage } from "../shared/queue";
import { iso } from "../shared/time";
import { fail, ok, type Result } from "./rules";

/** Ticks while buyers wait, before the opening, and when nobody is waiting (a later joiner nudges the object). */
const QUEUE_TICK_MS = 500;
const PRE_OPENING_TICK_MS = 2_000;
const IDLE_TICK_MS = 5_000;
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

/** When the queue next needs its tick (null: it does not). */
export function nextQueueTick(ledger: Ledger, cfg: ConfigRow, now: number): number | null {
  if (!isQueue(cfg) || cfg.queue_finished === 1) return null;
  if (mustTellShards(ledger, cfg, now)) return now;
  return Math.max(cfg.queue_tick_at ?? 0, cfg.queue_opens_at ?? cfg.starts_at);
}

/** A change every waiting ticket must hear at once: the last unit sold, or the drop closed. */
export function mustTellShards(ledger: Ledger, cfg: ConfigRow, now: number): boolean {
  if (!isQueue(cfg) || cfg.queue_finished === 1) return false;
  return (cfg.queue_sold_out_at === null && soldOutForGood(ledger, cfg, now)) || ledger.isClosed(cfg, now);
}

/** Every unit sold: none available and none held (a hold may still expire and come back). */
function soldOutForGood(ledger: Ledger, cfg: ConfigRow, now: number): boolean {
  // A closed drop's units left sale (returned): its waiting tickets expire, they were not outsold.
  if (now < cfg.starts_at || cfg.shuffled_at === null || ledger.isClosed(cfg, now)) return false;
  return ledger.items().every((i) => i.available === 0 && i.held === 0);
}

export const shardRows = (ledger: Ledger) => ledger.sql.exec<ShardRow>("select * from queue_shards order by shard").toArray();

/** Admitted positions still inside their window and not used by a reservation yet. */
function outstandingAdmissions(ledger: Ledger, now: number): number {
  const admitted = ledger.sql.exec<{ n: number }>("select coalesce(sum(to_pos - from_pos + 1), 0) as n from admission_batches where expires_at > ?", now).one().n;
  const used = ledger.sql.exec<{ n: number }>("select count(*) as n from admission_uses where expires_at > ?", now).one().n;
  return Math.max(0, admitted - used);
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

/** The admission step: up to the rate's credit, up to units available minus those already promised, in position order. */
export function admit(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  if (!isQueue(cfg) || cfg.shuffled_at === null || ledger.isClosed(cfg, now) || cfg.queue_sold_out_at !== null) return;
  const elapsed = Math.max(0, now - (cfg.admit_credit_at ?? now));
  let credit = Math.min(cfg.admission_rate, cfg.admit_credit + (cfg.admission_rate * elapsed) / 1000);
  const available = ledger.items().reduce((sum, i) => sum + i.available, 0);
  const allowance = available - outstandingAdmissions(ledger, now);
  const n = Math.max(0, Math.min(Math.floor(credit), allowance, cfg.placed_through - cfg.admitted_through));
  ledger.atomically(() => {
    if (n > 0) {
      ledger.sql.exec(
        "insert into admission_batches (from_pos, to_pos, admitted_at, expires_at) values (?, ?, ?, ?)",
        cfg.admitted_through + 1, cfg.admitted_through + n, now, now + cfg.admission_seconds * 1000,
      );
      credit -= n;
      ledger.markChanged(now);
    }
    ledger.sql.exec("update config set admitted_through = admitted_through + ?, admit_credit = ?, admit_credit_at = ? where id = 1", n, credit, now);
  });
}

/** Marks the queue sold out for good (once): the next push tells every shard. */
export function noteSoldOut(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  if (cfg.queue_sold_out_at === null && soldOutForGood(ledger, cfg, now)) ledger.sql.exec("update config set queue_sold_out_at = ? where id = 1", now);
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

/** When the next tick runs: quickly while anyone waits, slowly before the opening and when nobody does. */
export function scheduleNextTick(ledger: Ledger, now: number) {
  const cfg = ledger.config()!;
  const telling = cfg.queue_sold_out_at !== null || ledger.isClosed(cfg, now);
  const busy = telling || waiting(ledger, cfg, now) > 0 || outstandingAdmissions(ledger, now) > 0;
  // Before the opening the ticks are slow, but never past startsAt: the shuffle and the first admissions happen at
  // the opening itself, not up to a slow tick later.
  const next =
    cfg.shuffled_at === null && now < cfg.starts_at
      ? Math.min(now + PRE_OPENING_TICK_MS, cfg.starts_at)
      : now + (cfg.shuffled_at === null || busy ? QUEUE_TICK_MS : IDLE_TICK_MS);
  ledger.sql.exec("update config set queue_tick_at = ? where id = 1", next);
}

/** startsAt moved before the opening: the next tick comes no later than the new start (see scheduleNextTick). */
export function retimeOpening(ledger: Ledger) {
  ledger.sql.exec("update config set queue_tick_at = min(queue_tick_at, starts_at) where id = 1 and shuffled_at is null and queue_tick_at is not null");
}

/** What one shard is told this tick. `opening`: the freeze round at `startsAt`. */
export function pushFor(ledger: Ledger, cfg: ConfigRow, shard: ShardRow, now: number, opts: { opening: boolean; dealt: number[][] | null }): ShardPush {
  const closed = ledger.isClosed(cfg, now);
  const batches = ledger.sql
    .exec<{ from_pos: number; to_pos: number; admitted_at: number; expires_at: number }>(
      "select * from admission_batches where to_pos > ? order by from_pos limit ?", shard.batches_through, DELIVERY_LIMIT,
    )
    .toArray()
    .map((b): AdmissionBatch => ({ fromPos: b.from_pos, toPos: b.to_pos, admittedAt: b.admitted_at, expiresAt: b.expires_at }));
  const items = ledger.items();
  return {
    dropId: cfg.ref_id,
    shard: shard.shard,
    freeze: opts.opening,
    prePositions: shard.preplaced === 0 && opts.dealt ? opts.dealt[shard.shard]! : null,
    placements: ledger.sql
      .exec<{ ticket_id: string; position: number }>("select ticket_id, position from queue_placements where shard = ? order by position limit ?", shard.shard, DELIVERY_LIMIT)
      .toArray()
      .map((p) => ({ id: p.ticket_id, position: p.position })),
    batches,
    // Never ahead of the batches this push carries: a shard must know until when each admitted position may reserve.
    admittedThrough: Math.min(cfg.admitted_through, Math.max(shard.batches_through, batches.at(-1)?.toPos ?? 0)),
    soldOutAt: cfg.queue_sold_out_at,
    closedAt: closed ? (cfg.canceled_at ?? cfg.ends_at) : null,
    lateCutoff: cfg.shuffled_at === null || closed ? null : now - 50,
    pace: pace(ledger, now),
    unitsLeft: items.reduce((sum, i) => sum + i.available + i.held, 0),
    nextTickAt: cfg.queue_tick_at ?? now,
    queueMessage: JSON.stringify(queueMessage(ledger, cfg, now)),
  };
}

/** The opening's positions per shard, while some shard has not placed its share yet (recomputed from the seed). */
export function dealtPositions(ledger: Ledger, cfg: ConfigRow): number[][] | null {
  const rows = shardRows(ledger);
  if (cfg.shuffled_at === null || !cfg.shuffle_seed || rows.every((r) => r.preplaced === 1)) return null;
  return dealPositions(rows.map((r) => r.pre_count ?? 0), cfg.shuffle_seed);
}

/** Records what the shard confirmed; its later joiners are returned for placing. */
export function applyReport(ledger: Ledger, push: ShardPush, report: ShardReport) {
  ledger.sql.exec(
    "update queue_shards set tickets = ?, preplaced = ?, batches_through = max(batches_through, ?), unplaced = ? where shard = ?",
    report.tickets, report.preplaced ? 1 : 0, report.batchesThrough, report.unplaced, push.shard,
  );
  for (const p of push.placements) ledger.sql.exec("delete from queue_placements where ticket_id = ?", p.id);
}

/** Places later joiners after everyone placed so far, in order of their join time (ties: by id). */
export function placeLate(ledger: Ledger, reported: { shard: number; late: { id: string; joinedAt: number }[] }[], now: number) {
  const fresh = reported
    .flatMap((r) => r.late.map((t) => ({ ...t, shard: r.shard })))
    .filter((t) => ledger.sql.exec("select 1 from queue_placements where ticket_id = ?", t.id).toArray().length === 0)
    .sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  if (fresh.length === 0) return;
  ledger.atomically(() => {
    let next = ledger.config()!.placed_through;
    for (const t of fresh) ledger.sql.exec("insert into queue_placements (ticket_id, shard, position) values (?, ?, ?)", t.id, t.shard, ++next);
    ledger.sql.exec("update config set placed_through = ? where id = 1", next);
    ledger.markChanged(now);
  });
}

/** Once every shard has heard that the queue sold out or closed, the ticks stop. */
export function finishIfTold(ledger: Ledger, pushes: ShardPush[], allDelivered: boolean) {
  if (allDelivered && pushes.length > 0 && pushes.every((p) => p.soldOutAt !== null || p.closedAt !== null)) {
    ledger.sql.exec("update config set queue_finished = 1 where id = 1");
  }
}

/** A queue drop's reservation needs an admission: its position admitted and inside its window. Recorded as used. */
export function useAdmission(ledger: Ledger, admission: { ticketId: string; position: number } | undefined, now: number): Result<number> {
  if (!admission) return fail("not_admitted", "This drop sells through its queue: join it, and reserve once you are admitted.");
  const batch = ledger.sql
    .exec<{ expires_at: number }>("select expires_at from admission_batches where from_pos <= ? and to_pos >= ?", admission.position, admission.position)
    .toArray()[0];
  if (!batch || batch.expires_at <= now) return fail("not_admitted", "Your admission has expired.");
  return ok(batch.expires_at);
}

export function recordAdmissionUse(ledger: Ledger, admission: { ticketId: string; position: number }, expiresAt: number, now: number) {
  ledger.sql.exec("insert or ignore into admission_uses (position, ticket_id, used_at, expires_at) values (?, ?, ?, ?)", admission.position, admission.ticketId, now, expiresAt);
}

/** Units a late payment may take on a queue drop: those not promised to an admitted ticket. */
export function unpromisedUnits(ledger: Ledger, cfg: ConfigRow, available: number, now: number): number {
  return isQueue(cfg) ? available - outstandingAdmissions(ledger, now) : available;
}

/** The shards this drop's object coordinates (rows made on configuration). */
export function createShardRows(ledger: Ledger, count: number) {
  for (let shard = 0; shard < count; shard++) ledger.sql.exec("insert or ignore into queue_shards (shard) values (?)", shard);
}
