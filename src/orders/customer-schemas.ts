// Schemas of the admin customers API and the audit log (they drive validation and the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { EmailSchema, PageQuerySchema } from "../shared/fields";

export const ListCustomersQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().toLowerCase().min(1).max(254).optional().openapi({ description: DOCS ? "Part of the email." : undefined }),
});

export const EraseCustomerSchema = z.strictObject({ email: EmailSchema }).openapi("EraseCustomer");

export const CustomerPageSchema = /* @__PURE__ */ z
  .object({
    items: z.array(
      z.object({
        email: z.string(),
        orders: z.number().int(),
        totals: z.array(z.object({ currency: z.string(), totalCents: z.number().int() })),
        firstOrderAt: z.string(),
        lastOrderAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("CustomerPage");

export const AuditPageSchema = /* @__PURE__ */ z
  .object({
    items: z.array(
      z.object({ id: z.string(), action: z.string(), tokenId: z.string().nullable(), at: z.string(), details: z.record(z.string(), z.unknown()) }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("AuditPage");
