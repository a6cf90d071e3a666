// Request and response schemas for drops (admin and buyer views).
import { z } from "@hono/zod-openapi";
import { CursorSchema, EmailSchema, LimitSchema, PriceCentsSchema, SlugSchema, TitleSchema } from "../shared/fields";

const Instant = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-12-01T18:00:00Z." });
const HoldSeconds = z.number().int().min(1).max(86_400);
const PerBuyerLimit = z.number().int().min(1).max(1_000);
const AdmissionRate = z.number().int().min(1).max(10_000);
const AdmissionSeconds = z.number().int().min(10).max(3_600);
/** How far ahead of its start a queue may open: long enough for any announcement, short enough to mean something. */
const MAX_QUEUE_LEAD_MS = 7 * 24 * 3_600_000;

/** A queue opens before (or at) its drop's start, and not more than a week before it. */
export function checkQueueOpening(opensAt: number, startsAt: number, issue: (message: string) => void) {
  if (opensAt > startsAt) issue("queueOpensAt must not be after startsAt.");
  else if (startsAt - opensAt > MAX_QUEUE_LEAD_MS) issue("queueOpensAt must be at most 7 days before startsAt.");
}

export const CreateDropSchema = z
  .strictObject({
    slug: SlugSchema,
    title: TitleSchema,
    startsAt: Instant,
    endsAt: Instant.nullable().optional(),
    perBuyerLimit: PerBuyerLimit,
    holdSeconds: HoldSeconds.optional().openapi({ description: DOCS ? "How long a reservation is held (default 600)." : undefined }),
    admission: z.enum(["open", "queue", "raffle"]).optional().openapi({
      description: DOCS
        ? "open (default): first come. queue: joins from queueOpensAt, a uniform shuffle of everyone who joined before startsAt, then admission in that order at admissionRate. raffle: entries until startsAt, then a verifiable draw."
        : undefined,
    }),
    claimSeconds: z.number().int().min(1).max(604_800).optional().openapi({ description: DOCS ? "Raffle: how long a winner's hold lasts (default 86,400)." : undefined }),
    queueOpensAt: Instant.optional().openapi({ description: DOCS ? "Queue: when buyers may join (default 30 minutes before startsAt; at most 7 days before it)." : undefined }),
    admissionRate: AdmissionRate.optional().openapi({ description: DOCS ? "Queue: buyers admitted per second at most (default 50)." : undefined }),
    admissionSeconds: AdmissionSeconds.optional().openapi({ description: DOCS ? "Queue: how long an admitted buyer has to reserve (default 120)." : undefined }),
    items: z
      .array(
        z.strictObject({
          variantId: z.string().min(1).max(64),
          quantity: z.number().int().min(1).max(1_000_000),
          priceCents: PriceCentsSchema.optional(),
        }),
      )
      .min(1)
      .max(50),
  })
  .superRefine((body, ctx) => {
    if (body.endsAt && Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt must be after startsAt." });
    }
    if (body.claimSeconds !== undefined && body.admission !== "raffle") {
      ctx.addIssue({ code: "custom", path: ["claimSeconds"], message: "claimSeconds applies to raffle drops only." });
    }
    for (const field of ["queueOpensAt", "admissionRate", "admissionSeconds"] as const) {
      if (body[field] !== undefined && body.admission !== "queue") ctx.addIssue({ code: "custom", path: [field], message: `${field} applies to queue drops only.` });
    }
    if (body.queueOpensAt) checkQueueOpening(Date.parse(body.queueOpensAt), Date.parse(body.startsAt), (message) => ctx.addIssue({ code: "custom", path: ["queueOpensAt"], message }));
    const ids = body.items.map((i) => i.variantId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["items", i, "variantId"], message: "Each variant may appear once." });
    });
  })
  .openapi("CreateDrop");

export const UpdateDropSchema = z
  .strictObject({
    slug: SlugSchema.optional(),
    title: TitleSchema.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.nullable().optional(),
    perBuyerLimit: PerBuyerLimit.optional(),
    holdSeconds: HoldSeconds.optional(),
    queueOpensAt: Instant.optional().openapi({ description: DOCS ? "Queue drops only. When startsAt moves without it, the queue keeps its lead." : undefined }),
    admissionRate: AdmissionRate.optional().openapi({ description: DOCS ? "Queue drops only." : undefined }),
    admissionSeconds: AdmissionSeconds.optional().openapi({ description: DOCS ? "Queue drops only." : undefined }),
  })
  .openapi("UpdateDrop");

export const ListDropsQuerySchema = z.object({ limit: LimitSchema, cursor: CursorSchema });

const DropStatusSchema = z.enum(["scheduled", "live", "sold_out", "ended", "canceled"]);

const dropFields = {
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: DropStatusSchema,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  perBuyerLimit: z.number().int(),
  holdSeconds: z.number().int(),
};
const itemCounts = { variantId: z.string(), priceCents: z.number().int(), currency: z.string(), quantity: z.number().int(), available: z.number().int() };

export const AdminDropSchema = /* @__PURE__ */ z
  .object({
    ...dropFields,
    admission: z.enum(["open", "queue", "raffle"]),
    claimSeconds: z.number().int().nullable(),
    queueOpensAt: z.string().nullable().openapi({ description: DOCS ? "Queue: when buyers may join." : undefined }),
    admissionRate: z.number().int().nullable(),
    admissionSeconds: z.number().int().nullable(),
    raffleCommitment: z.string().nullable().openapi({ description: DOCS ? "Raffle: hex(SHA-256 of the secret seed), public from creation." : undefined }),
    canceledAt: z.string().nullable(),
    createdAt: z.string(),
    items: z.array(
      z.object({
        ...itemCounts,
        held: z.number().int(),
        sold: z.number().int(),
        returned: z.number().int().openapi({ description: DOCS ? "Unsold units given back after an end or cancel; quantity = available + held + sold + returned." : undefined }),
      }),
    ),
  })
  .openapi("Drop");

export const RaffleEntrySchema = z
  .strictObject({
    email: EmailSchema,
    variantId: z.string().min(1).max(64),
    turnstileToken: z.string().max(2048).optional(),
  })
  .openapi("RaffleEntryRequest");

export const QueueJoinSchema = z
  .strictObject({
    email: EmailSchema,
    turnstileToken: z.string().max(2048).optional(),
  })
  .openapi("QueueJoinRequest");

export const ReserveSchema = z
  .strictObject({
    variantId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(1_000),
    email: EmailSchema,
  })
  .openapi("ReserveRequest");


export type CreateDropInput = z.infer<typeof CreateDropSchema>;
export type UpdateDropInput = z.infer<typeof UpdateDropSchema>;
