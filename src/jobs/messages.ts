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

export const JobMessageSchema = z.discriminatedUnion("type", [HoldExpiredMessageSchema, FulfillOrderMessageSchema]);

export type JobMessage = z.infer<typeof JobMessageSchema>;
