// Schemas of the admin fulfillment API: dead letters and memberships (they drive validation and the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { CursorSchema, LimitSchema } from "../shared/fields";

export const DeadLetterSchema = /* @__PURE__ */ z
  .object({ id: z.string(), type: z.string(), orderId: z.string().nullable(), jobId: z.string().nullable(), error: z.string(), attempts: z.number().int(), createdAt: z.string(), replayedAt: z.string().nullable() })
  .openapi("DeadLetter");

export const ListMembershipsQuerySchema = z.object({ limit: LimitSchema, cursor: CursorSchema });

export const MembershipPageSchema = /* @__PURE__ */ z
  .object({
    items: z.array(
      z.object({ id: z.string(), buyerEmail: z.string(), tier: z.string(), productId: z.string(), orderId: z.string(), startsAt: z.string(), endsAt: z.string(), active: z.boolean() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("MembershipPage");
