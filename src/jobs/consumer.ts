// The jobs queue consumer. Each message is handled on its own — validated, then acked on success or retried
// with exponential backoff — so one bad message never holds back or repeats the others in its batch.
// A permanent failure is recorded as a dead letter and acked (Queues cannot dead-letter directly); messages
// that use up max_retries reach the dead-letter queue, whose consumer (below) records them the same way.
import { buildServices, type Services } from "../services";
import { deadLetter } from "../fulfillment/dead-letters";
import { PermanentJobError, fulfillOrder, noteFulfillmentAttempt } from "../fulfillment/fulfill-order";
import { deliverWebhook, fanOutEvent, markDeliveryDead } from "../fulfillment/creator-webhooks";
import { expireOrder } from "../orders/expire-order";
import { sendWinnerNotice } from "../checkout/raffle-entries";
import { attemptRefund, markRefundFailed } from "../orders/refunds";
import { errorFields, errorMessage, log } from "../shared/log";
import { JobMessageSchema, isDeadLetterQueue, type JobMessage } from "../shared/bindings";

const MAX_BACKOFF_SECONDS = 15 * 60;

export function backoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 5 * 2 ** Math.max(0, attempts - 1));
}


export async function handleJobBatch(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
  // The batch's dependencies, built once (services.ts).
  const services = buildServices(env);
  const { db } = services;
  for (const message of batch.messages) {
    if (isDeadLetterQueue(batch.queue)) {
      // The dead-letter queue counts its own attempts, not the retries that led here: the job or delivery says more.
      const dead = JobMessageSchema.safeParse(message.body);
      const delivery = dead.success && dead.data.type === "webhook.deliver" ? await markDeliveryDead(db, dead.data.deliveryId) : undefined;
      if (delivery?.delivered) {
        message.ack();
        continue;
      }
      const error = delivery?.error ?? "gave up: every retry failed";
      await deadLetter(db, message, error, delivery?.attempts);
      if (dead.success && dead.data.type === "order.refund") await markRefundFailed(db, dead.data.orderId, error);
      message.ack();
      continue;
    }
    const parsed = JobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      await deadLetter(db, message, `invalid message: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
      message.ack();
      continue;
    }
    try {
      await handleJob(services, parsed.data);
      message.ack();
    } catch (err) {
      if (err instanceof PermanentJobError) {
        await deadLetter(db, message, err.message);
        message.ack();
        continue;
      }
      log("warn", "job failed, will retry", { messageId: message.id, type: parsed.data.type, attempts: message.attempts, ...errorFields(err) });
      if (parsed.data.type === "order.fulfill") {
        await noteFulfillmentAttempt(db, parsed.data.jobId, message.attempts, errorMessage(err)).catch(() => undefined);
      }
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

async function handleJob(services: Services, job: JobMessage): Promise<void> {
  switch (job.type) {
    case "order.hold_expired":
      return expireOrder(services, job.orderId, { endSession: true });
    case "order.refund":
      return attemptRefund(services, job.orderId);
    case "order.fulfill":
      return fulfillOrder(services, job);
    case "raffle.won":
      return sendWinnerNotice(services, job.dropId, job.entryId);
    case "webhook.event":
      return fanOutEvent(services, job.creatorId, job.event);
    case "webhook.deliver":
      return deliverWebhook(services.db, job.creatorId, job.deliveryId);
  }
}
