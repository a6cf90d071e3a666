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

export const ReserveSchema = z
  .strictObject({
    variantId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(1_000),
    email: EmailSchema,
  })
  .openapi("ReserveRequest");


export type CreateDropInput = z.infer<typeof CreateDropSchema>;
export type UpdateDropInput = z.infer<typeof UpdateDropSchema>;
