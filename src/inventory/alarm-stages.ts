// The awaited stages of the inventory object's alarm, each a function of the ledger and the binding it calls. Every
// stage writes its bookkeeping synchronously around one awaited call and can fail alone: the object's alarm logs the
// failure and a later alarm runs the stage again (each has a retry timer in Ledger.nextTimer).
import type { Db } from "../db/client";
import { dropExists, writeDropStockSnapshot } from "../db/drops-store";
import { setVariantStockSnapshot } from "../db/products-store";
import { holdExpiredMessage, raffleWonMessage, type JobQueue } from "../shared/bindings";
import { raffleShuffle } from "../shared/raffle";
import { applyDraw, drawInput } from "./raffle-entries";
import { errorFields, log } from "../shared/log";
import { shardObject, variantObject, type InventoryNamespace, type ShardNamespace } from "./inventory-client";
import {
  admit,
  applyReport,
  finishIfTold,
  finishUnopened,
  markAlerted,
  mustTellShards,
  noteOpened,
  noteSoldOut,
  openingDue,
  openingNow,
  placeLate,
  pushFor,
  recordOpening,
  scheduleNextTick,
  shardRows,
  tickState,
} from "./queue-admission";
import { RETRY_MS, type ConfigRow, type Ledger } from "./ledger";
import { cancelDrop, confirmDrop } from "./stock-moves";

/**
 * A drop whose creator never confirmed its catalog row (the creation died or failed half-way, and its undo did
 * not get through): the row decides. No row → the drop cancels itself and its units go back; a row → confirmed.
 */
export async function confirmOrCancel(ledger: Ledger, db: Db, now: number) {
  // Checked again later if D1 does not answer (never a tight loop against an outage).
  ledger.checkCatalogRowAgainAt(now + 5 * RETRY_MS);
  const exists = await dropExists(db, ledger.config()!.ref_id);
  if (!exists) {
    log("warn", "drop object without a catalog row: canceling it to give its units back", { object: ledger.config()!.ref_id });
    cancelDrop(ledger, now);
  }
  confirmDrop(ledger);
}

/**
 * Tells the order system that holds of pending orders ran out (so it expires the order and its Stripe session).
 * The flag is cleared only after the queue accepted the jobs, so a failed send is retried by the next alarm.
 */
export async function announceExpiredHolds(ledger: Ledger, queue: JobQueue) {
  const due = ledger.pendingAnnouncements(100);
  if (due.length === 0) return;
  await queue.sendBatch(due.map((h) => ({ body: holdExpiredMessage(h.order_id, h.id) })));
  for (const h of due) ledger.clearAnnouncement(h.id);
}

/**
 * After a drop ends or is canceled, unsold units go back to each tracked variant. They already left sale in the
 * ledger (`closeOut`, synchronous) before this awaits the variant, so nothing sells them meanwhile; the variant
 * takes running totals, so a repeated call after a lost answer returns nothing twice.
 */
export async function returnUnsoldUnits(ledger: Ledger, inventory: InventoryNamespace, now: number) {
  const cfg = ledger.config()!;
  if (cfg.kind !== "drop") return;
  ledger.closeOut(cfg, now);
  for (const { variantId, totalReturned } of ledger.unconfirmedReturns()) {
    const result = await variantObject(inventory, variantId).returnFromDrop({ dropId: cfg.ref_id, totalReturned });
    // not_found: the variant never allocated to this drop (its creation failed half-way): nothing to give back.
    if (result.ok || result.reason === "not_found") ledger.confirmReturn(variantId, totalReturned);
  }
}

/** The display snapshot in D1 (drop items or the variant's stock): for display only, the next change writes it again. */
export async function writeSnapshot(ledger: Ledger, db: Db, cfg: ConfigRow) {
  try {
    const items = ledger.items();
    if (cfg.kind === "drop") await writeDropStockSnapshot(db, cfg.ref_id, items);
    else await setVariantStockSnapshot(db, cfg.ref_id, items[0]!.available);
  } catch (err) {
    log("warn", "inventory snapshot to D1 failed", { object: cfg.ref_id, ...errorFields(err) });
  }
}

/**
 * At `startsAt` a raffle is drawn: the entries (closed since `startsAt`) are shuffled with the secret seed by the
 * public algorithm, then the result is applied in one synchronous step (applyDraw runs once, whatever the retries).
 */
export async function drawRaffle(ledger: Ledger, now: number) {
  const input = drawInput(ledger, now);
  if (!input) return;
  applyDraw(ledger, await raffleShuffle(input.seed, input.entries.map((e) => e.id)), now);
}

/** Winners (of the draw or passed down) are emailed through the jobs queue; the flag clears once it accepted them. */
export async function announceRaffleWinners(ledger: Ledger, queue: JobQueue) {
  const due = ledger.pendingWinnerNotices(100);
  const cfg = ledger.config();
  if (due.length === 0 || !cfg) return;
  await queue.sendBatch(due.map((e) => ({ body: raffleWonMessage(cfg.ref_id, e.id) })));
  for (const e of due) ledger.clearWinnerNotice(e.id);
}


/**
 * One queue tick (queue-admission.ts): at the opening, freeze every shard and fix the shuffle; tell each shard its
 * positions, placements, admissions and the queue's state; place the later joiners they report; admit what the rate
 * and the stock allow and, when it admitted anyone, tell the shards at once. A shard that does not answer is told
 * again next tick (every push is idempotent), and admission pauses until every shard answers.
 */
export async function runQueue(ledger: Ledger, shards: ShardNamespace, now: number) {
  const cfg = ledger.config()!;
  if (cfg.kind !== "drop" || cfg.admission !== "queue") return;
  noteSoldOut(ledger, now); // also reopens a sold-out queue whose units came back
  noteOpened(ledger, cfg, now);
  if (ledger.config()!.queue_finished === 1 || finishUnopened(ledger, ledger.config()!, now)) return;
  if (now < (cfg.queue_opens_at ?? cfg.starts_at) && !ledger.isClosed(cfg, now)) return;
  if ((cfg.queue_tick_at ?? 0) > now && !mustTellShards(ledger, cfg, now) && !openingNow(cfg, now)) return;
  scheduleNextTick(ledger, now); // first: a failure below leaves the next tick set
  const round = async (opening: boolean) => {
    const c = ledger.config()!;
    const tick = tickState(ledger, c, now, opening);
    const pushes = shardRows(ledger).map((row) => pushFor(ledger, tick, row));
    markAlerted(ledger, now);
    const settled = await Promise.allSettled(pushes.map((p) => shardObject(shards, c.ref_id, p.shard).sync(p)));
    const reports = settled.map((s, i) => {
      if (s.status === "fulfilled") return s.value;
      log("warn", "queue shard did not answer its tick; told again next tick", { object: c.ref_id, shard: pushes[i]!.shard, ...errorFields(s.reason) });
      return null;
    });
    reports.forEach((r, i) => r && applyReport(ledger, pushes[i]!, r));
    return { pushes, reports, everyShard: reports.every((r) => r !== null) };
  };
  if (openingDue(cfg, now)) {
    const { reports } = await round(true);
    if (!recordOpening(ledger, reports, now)) return;
  }
  let last = await round(false);
  const placed = placeLate(ledger, last.reports, now);
  // Admitted as of now, not the tick's start: the round may have taken a while (the drop may even have closed meanwhile).
  if (admit(ledger, Date.now(), last.everyShard) > 0) last = await round(false);
  finishIfTold(ledger, last.pushes, last.reports);
  // Again, now that this tick's placements and admissions are known: placed tickets are delivered at the next tick.
  if (placed > 0 || ledger.config()!.queue_finished === 0) scheduleNextTick(ledger, now);
}
