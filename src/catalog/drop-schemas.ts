// Request and response schemas for drops (admin and buyer views).
import { z } from "@hono/zod-openapi";
import { CursorSchema, EmailSchema, LimitSchema, PriceCentsSchema, SlugSchema, TitleSchema } from "../shared/fields";

const Instant = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-12-01T18:00:00Z." });
const HoldSeconds = z.number().int().min(1).max(86_400);
const PerBuyerLimit = z.number().int().min(1).max(1_000);

export const CreateDropSchema = z
  .strictObject({
    slug: SlugSchema,
    title: TitleSchema,
    startsAt: Instant,
    endsAt: Instant.nullable().optional(),
    perBuyerLimit: PerBuyerLimit,
    holdSeconds: HoldSeconds.optional().openapi({ description: "How long a reservation is held (default 600)." }),
    admission: z
      .enum(["open", "raffle"])
      .optional()
      .openapi({ description: "open (default): first come. raffle: entries until startsAt, then a verifiable draw (queue mode arrives later)." }),
    claimSeconds: z.number().int().min(1).max(604_800).optional().openapi({ description: "Raffle: how long a winner's hold lasts (default 86,400)." }),
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

export const AdminDropSchema = z
  .object({
    ...dropFields,
    admission: z.enum(["open", "queue", "raffle"]),
    claimSeconds: z.number().int().nullable(),
    raffleCommitment: z.string().nullable().openapi({ description: "Raffle: hex(SHA-256 of the secret seed), public from creation." }),
    canceledAt: z.string().nullable(),
    createdAt: z.string(),
    items: z.array(
      z.object({
        ...itemCounts,
        held: z.number().int(),
        sold: z.number().int(),
        returned: z.number().int().openapi({ description: "Unsold units given back after an end or cancel; quantity = available + held + sold + returned." }),
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

export const ReserveSchema = z
  .strictObject({
    variantId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(1_000),
    email: EmailSchema,
  })
  .openapi("ReserveRequest");


export type CreateDropInput = z.infer<typeof CreateDropSchema>;
export type UpdateDropInput = z.infer<typeof UpdateDropSchema>;
