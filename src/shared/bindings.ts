// What crosses a binding, in one leaf module for every producer and consumer (the inventory object and its client,
// the order use cases, the queue consumer, the tests): the names of the inventory objects (one per drop, one per tracked variant) and the messages on the jobs
// queue (FULFILLMENT_QUEUE), validated on receipt. Each message carries what makes it idempotent: the order (expiry
// and refunds are compare-and-set) or the job id (fulfillment is recorded per job).
import { z } from "zod";

/** The inventory object that owns a drop's units. */
export const dropObjectName = (dropId: string) => `drop:${dropId}`;
/** The inventory object that owns a tracked variant's regular stock. */
export const variantObjectName = (variantId: string) => `variant:${variantId}`;
/** One of a drop's shard objects (DROP_SHARDS): queue tickets of some emails, and some of the live sockets. */
export const shardObjectName = (dropId: string, shard: number) => `shard:${dropId}:${shard}`;
/** An object that owns nothing: the benchmarks' bare round trip. */
export const BENCH_OBJECT_NAME = "bench:ping";

/** The jobs queue's dead-letter queue (wrangler.toml `dead_letter_queue`): its messages failed for good. */
export const isDeadLetterQueue = (queue: string) => queue.endsWith("-dlq");

const HoldExpiredMessageSchema = z.object({
  type: z.enum(["order.hold_expired"]),
  orderId: z.string().min(1),
  holdId: z.string().min(1),
});

const FulfillOrderMessageSchema = z.object({
  type: z.enum(["order.fulfill"]),
  orderId: z.string().min(1),
  jobId: z.string().min(1),
});

/** A refund the order is owed and whose processor call failed: retried with backoff until it goes through. */
const RefundOrderMessageSchema = z.object({
  type: z.enum(["order.refund"]),
  orderId: z.string().min(1),
});

/** A raffle entry won a unit (at the draw, or passed down): its holder is emailed once. */
const RaffleWonMessageSchema = z.object({
  type: z.enum(["raffle.won"]),
  dropId: z.string().min(1),
  entryId: z.string().min(1),
});

/** What a creator's webhook may subscribe to (API.md "Webhooks"). */
export const WEBHOOK_EVENTS = ["order.paid", "order.refunded", "order.canceled", "drop.started", "drop.sold_out", "drop.ended", "inventory.low"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** An event for the creator's webhooks, its id deterministic (one per transition): fanned out into one delivery each. */
const WebhookEventMessageSchema = z.object({
  type: z.enum(["webhook.event"]),
  creatorId: z.string().min(1),
  event: z.object({ id: z.string().min(1), type: z.enum(WEBHOOK_EVENTS), createdAt: z.string(), data: z.object({}).loose() }),
});

/** One attempt at one delivery row (retried with backoff, then dead). */
const WebhookDeliverMessageSchema = z.object({
  type: z.enum(["webhook.deliver"]),
  creatorId: z.string().min(1),
  deliveryId: z.string().min(1),
});

export const JobMessageSchema = z.union([
  HoldExpiredMessageSchema,
  FulfillOrderMessageSchema,
  RefundOrderMessageSchema,
  RaffleWonMessageSchema,
  WebhookEventMessageSchema,
  WebhookDeliverMessageSchema,
]);

export type JobMessage = z.infer<typeof JobMessageSchema>;

/** The jobs queue as every producer sees it: typed messages only. */
export type JobQueue = Queue<JobMessage>;

/** The inventory object announces holds of orders that ran out (or were released by their buyer). */
export const holdExpiredMessage = (orderId: string, holdId: string): JobMessage => ({ type: "order.hold_expired", orderId, holdId });

export type WebhookEvent = Extract<JobMessage, { type: "webhook.event" }>["event"];

export const webhookEventMessage = (creatorId: string, id: string, type: WebhookEventType, data: Record<string, unknown>, now = Date.now()): JobMessage => ({
  type: "webhook.event",
  creatorId,
  event: { id, type, createdAt: new Date(now).toISOString(), data },
});

export const raffleWonMessage = (dropId: string, entryId: string): JobMessage => ({ type: "raffle.won", dropId, entryId });
