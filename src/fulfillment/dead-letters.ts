// Dead letters: jobs that failed for good (a permanent error, or every retry used up and the message moved to
// the dead-letter queue). Recorded in D1 with the last error so the creator can see them and replay one.
import { recordAudit, type Actor } from "../db/audit-store";
import type { Db } from "../db/client";
import { findDeadLetter, findJob, listDeadLetters as listRows, markDeadLetterReplayed, recordDeadLetter, updateJob, type DeadLetterRow } from "../db/fulfillment-store";
import { findOrder } from "../db/orders-store";
import type { JobMessage, JobQueue } from "../shared/bindings";
import { notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { iso } from "../shared/time";
import { creatorOfDrop } from "../db/drops-store";

export async function deadLetter(db: Db, message: { id: string; attempts: number; body: unknown }, error: string, attempts?: number): Promise<void> {
  const body = message.body as Record<string, unknown> | undefined;
  const text = (key: string) => (typeof body?.[key] === "string" ? (body[key] as string) : null);
  const [orderId, dropId, jobId] = [text("orderId"), text("dropId"), text("jobId")];
  const order = orderId ? await findOrder(db, orderId) : undefined;
  const dropCreator = !order && dropId ? await creatorOfDrop(db, dropId) : undefined;
  const job = jobId ? await findJob(db, jobId) : undefined;
  await recordDeadLetter(db, {
    id: newId("dlq"),
    messageId: message.id,
    creatorId: order?.creatorId ?? dropCreator ?? text("creatorId"),
    orderId,
    jobId,
    type: text("type") ?? "unknown",
    body: message.body as Record<string, unknown>,
    error: (job?.lastError ?? error).slice(0, 2000),
    attempts: attempts ?? message.attempts,
    createdAt: Date.now(),
    replayedAt: null,
  });
  if (jobId) await updateJob(db, jobId, { status: "dead", lastError: job?.lastError ?? error });
}

function toDeadLetter(row: DeadLetterRow) {
  return {
    id: row.id,
    type: row.type,
    orderId: row.orderId,
    jobId: row.jobId,
    error: row.error,
    attempts: row.attempts,
    createdAt: iso(row.createdAt),
    replayedAt: iso(row.replayedAt),
  };
}

export async function listDeadLetters(db: Db, creatorId: string) {
  return (await listRows(db, creatorId)).map(toDeadLetter);
}

/** Re-enqueues the original message; the job's work is idempotent, so a replay finishes only what is left. */
export async function replayDeadLetter({ db, queue }: { db: Db; queue: JobQueue }, actor: Actor, id: string) {
  const row = await findDeadLetter(db, actor.creatorId, id);
  if (!row) throw notFound("Dead letter");
  if (row.jobId) await updateJob(db, row.jobId, { status: "queued" });
  await queue.send(row.body as JobMessage);
  const now = Date.now();
  await markDeadLetterReplayed(db, row.id, now);
  await recordAudit(db, actor, "dead_letter.replayed", { id: row.id, orderId: row.orderId });
  return toDeadLetter({ ...row, replayedAt: now });
}
