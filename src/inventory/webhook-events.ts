// The inventory object's webhook events (API.md "Webhooks"): drop.started, drop.sold_out and drop.ended for a drop,
// inventory.low for a tracked variant. `recordEvents` runs synchronously right after each change the object makes
// (and after each alarm, which is when time-driven starts and ends happen): it compares the status with the one last
// turned into events and writes each new event to the object's outbox in that same step, so a transition yields
// exactly one event whatever the retries. Ids are the object's own and a sequence it keeps. `sendEvents` hands the
// outbox to the jobs queue and deletes what it accepted; what it did not is sent again by the alarm.
import { webhookEventMessage, type JobQueue, type WebhookEventType } from "../shared/bindings";
import type { Ledger } from "./ledger";

export function recordEvents(ledger: Ledger, now: number): void {
  const cfg = ledger.config();
  if (!cfg) return;
  const events: [WebhookEventType, Record<string, unknown>][] = [];
  if (cfg.kind === "drop") {
    const status = ledger.status(cfg, now);
    const last = cfg.hook_status ?? "scheduled";
    // Ended and canceled are final: nothing judged later (an alarm that started earlier) takes a drop back.
    if (status === last || last === "ended" || last === "canceled") return;
    ledger.sql.exec("update config set hook_status = ? where id = 1", status);
    // A canceled drop says nothing more; a drop whose start and end both passed unseen still started and ended.
    const drop = { drop: { id: cfg.ref_id, slug: cfg.slug, status } };
    if (last === "scheduled" && status !== "canceled") events.push(["drop.started", drop]);
    // Sold out is told once, the first time nothing is left to reserve: units that lapsed holds give back reopen the
    // drop (live again, as its page shows) without another round of events.
    if (status === "sold_out" && !cfg.sold_out_fired) {
      ledger.sql.exec("update config set sold_out_fired = 1 where id = 1");
      events.push(["drop.sold_out", drop]);
    }
    if (status === "ended") events.push(["drop.ended", drop]);
  } else if (cfg.low_threshold !== null) {
    const available = ledger.items()[0]!.available;
    const low = available <= cfg.low_threshold;
    if (low === (cfg.low_fired === 1)) return;
    // Fires on the way down; rising above the threshold re-arms it.
    ledger.sql.exec("update config set low_fired = ? where id = 1", low ? 1 : 0);
    if (low) events.push(["inventory.low", { variantId: cfg.ref_id, available, threshold: cfg.low_threshold }]);
  }
  events.forEach(([type, data], i) => {
    const seq = cfg.event_seq + i + 1;
    const message = webhookEventMessage(cfg.creator_id, `evt_${cfg.ref_id}_${seq}`, type, data, now);
    ledger.sql.exec("insert into outbox (seq, body) values (?, ?)", seq, JSON.stringify(message));
    ledger.sql.exec("update config set event_seq = ? where id = 1", seq);
  });
}

/**
 * A variant's threshold (null: none), pushed by the catalog. Whether inventory.low has fired is kept: stock already at
 * or below the new threshold after an alert says nothing again, stock above it re-arms it (recordEvents).
 */
export function setLowStock(ledger: Ledger, threshold: number | null, creatorId: string): void {
  ledger.sql.exec("update config set low_threshold = ?, creator_id = ? where id = 1", threshold, creatorId);
}

/** Sends the outbox in order; each batch is deleted once the queue accepted it (a failure throws and keeps it). */
export async function sendEvents(ledger: Ledger, queue: JobQueue): Promise<void> {
  for (let due = ledger.outbox(100); due.length; due = ledger.outbox(100)) {
    await queue.sendBatch(due.map((e) => ({ body: JSON.parse(e.body) })));
    ledger.sql.exec("delete from outbox where seq <= ?", due.at(-1)!.seq);
  }
}
