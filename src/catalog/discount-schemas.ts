// Request and response schemas for discount codes (API.md "Discounts").
import { z } from "@hono/zod-openapi";
import { CurrencySchema, CursorSchema, LimitSchema } from "../shared/fields";

const Instant = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-12-01T18:00:00Z." });
const Ids = z.array(z.string().min(1).max(64)).max(100).nullable().optional();

const terms = {
  percentOff: z.number().int().min(1).max(100).optional(),
  amountOffCents: z.number().int().min(1).max(100_000_000).optional(),
  currency: CurrencySchema.optional().openapi({ description: DOCS ? "Of `amountOffCents` (default the store's)." : undefined }),
  maxRedemptions: z.number().int().min(1).max(1_000_000).nullable().optional().openapi({ description: DOCS ? "Orders that may use the code (held + paid; null: no limit)." : undefined }),
  perBuyerLimit: z.number().int().min(1).max(1_000).nullable().optional().openapi({ description: DOCS ? "Orders per buyer email (held + paid; null: no limit)." : undefined }),
  startsAt: Instant.nullable().optional(),
  endsAt: Instant.nullable().optional(),
  productIds: Ids.openapi({ description: DOCS ? "Scope: items of these products (with dropIds: either). None: every item." : undefined }),
  dropIds: Ids.openapi({ description: DOCS ? "Scope: items bought in these drops." : undefined }),
};

/** One kind of discount at a time; the window's order is checked against the stored terms (catalog/discounts.ts). */
function checkTerms(body: { percentOff?: number; amountOffCents?: number; currency?: string }, ctx: z.RefinementCtx) {
  if (body.percentOff !== undefined && body.amountOffCents !== undefined) ctx.addIssue({ code: "custom", path: ["amountOffCents"], message: "Give percentOff or amountOffCents, not both." });
  if (body.currency !== undefined && body.amountOffCents === undefined) ctx.addIssue({ code: "custom", path: ["currency"], message: "currency goes with amountOffCents." });
}

export const CreateDiscountSchema = z
  .strictObject({
    code: z.string().trim().min(2).max(40).regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, - or _.").openapi({ example: "SUMMER20", description: DOCS ? "Case-insensitive, unique per store." : undefined }),
    ...terms,
  })
  .superRefine((body, ctx) => {
    if (body.percentOff === undefined && body.amountOffCents === undefined) ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Give percentOff or amountOffCents." });
    checkTerms(body, ctx);
  })
  .openapi("CreateDiscount");

export const UpdateDiscountSchema = z
  .strictObject({ ...terms, active: z.boolean().optional() })
  .superRefine(checkTerms)
  .openapi("UpdateDiscount");

export const ListDiscountsQuerySchema = z.object({ limit: LimitSchema, cursor: CursorSchema });

export const AdminDiscountSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    code: z.string(),
    percentOff: z.number().int().nullable(),
    amountOffCents: z.number().int().nullable(),
    currency: z.string().nullable(),
    maxRedemptions: z.number().int().nullable(),
    perBuyerLimit: z.number().int().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    productIds: z.array(z.string()).nullable(),
    dropIds: z.array(z.string()).nullable(),
    active: z.boolean(),
    redemptions: z.number().int().openapi({ description: DOCS ? "Paid orders that used the code, refunded ones included." : undefined }),
    createdAt: z.string(),
  })
  .openapi("Discount");
