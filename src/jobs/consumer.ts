// The jobs queue consumer. Each message is handled on its own — validated, then acked on success or retried
// with exponential backoff — so one bad message never holds back or repeats the others in its batch.
import { orderDeps } from "../checkout/deps";
import { createDb } from "../db/client";
import { expireOrder } from "../orders/payments";
import { errorFields, log } from "../shared/log";
import { JobMessageSchema, type JobMessage } from "./messages";

const MAX_BACKOFF_SECONDS = 15 * 60;

export function backoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
}

export async function handleJobBatch(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
  const deps = orderDeps(env, createDb(env.DB));
  for (const message of batch.messages) {
    const parsed = JobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "invalid job message dropped", { messageId: message.id, issues: parsed.error.issues.length });
      message.ack();
      continue;
    }
    try {
      await handleJob(deps, parsed.data);
      message.ack();
    } catch (err) {
      log("warn", "job failed, retrying", { messageId: message.id, type: parsed.data.type, attempts: message.attempts, ...errorFields(err) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

async function handleJob(deps: ReturnType<typeof orderDeps>, job: JobMessage): Promise<void> {
  switch (job.type) {
    case "order.hold_expired":
      return expireOrder(deps, job.orderId, { endSession: true });
    case "order.fulfill":
      throw new Error("fulfillment is not wired yet");
  }
}
