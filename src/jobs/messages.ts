// Messages on the jobs queue (FULFILLMENT_QUEUE), validated on receipt. Each carries what makes it idempotent:
// the order (expiry is a compare-and-set) or the job id (fulfillment is recorded per job).
import { z } from "zod";

export const HoldExpiredMessageSchema = z.object({
  type: z.literal("order.hold_expired"),
  orderId: z.string().min(1),
  holdId: z.string().min(1),
});

export const FulfillOrderMessageSchema = z.object({
  type: z.literal("order.fulfill"),
  orderId: z.string().min(1),
  jobId: z.string().min(1),
});

/** A refund the order is owed and whose processor call failed: retried with backoff until it goes through. */
export const RefundOrderMessageSchema = z.object({
  type: z.literal("order.refund"),
  orderId: z.string().min(1),
});

export const JobMessageSchema = z.discriminatedUnion("type", [HoldExpiredMessageSchema, FulfillOrderMessageSchema, RefundOrderMessageSchema]);

export type JobMessage = z.infer<typeof JobMessageSchema>;
