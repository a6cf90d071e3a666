// Schemas of the admin order API.
import { z } from "@hono/zod-openapi";
import { ORDER_STATUSES } from "../shared/order-states";
import { CursorSchema, LimitSchema } from "../shared/fields";

export const ListOrdersQuerySchema = z.object({ status: z.enum(ORDER_STATUSES).optional(), limit: LimitSchema, cursor: CursorSchema });

export const AdminOrderSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    totalCents: z.number().int().openapi({ description: DOCS ? "Items − discount; once paid, + shipping + tax: what was charged." : undefined }),
    currency: z.string(),
    discountCode: z.string().nullable(),
    discountCents: z.number().int().openapi({ description: DOCS ? "Taken off the items by `discountCode` (already out of `totalCents`)." : undefined }),
    shippingCents: z.number().int(),
    taxCents: z.number().int().openapi({ description: DOCS ? "Stripe Tax's amount (automaticTax); 0 with the simulated processor." : undefined }),
    buyerEmail: z.string(),
    dropId: z.string().nullable(),
    reservationId: z.string().nullable(),
    checkoutSessionId: z.string().nullable(),
    paymentIntentId: z.string().nullable(),
    shippingAddress: z.record(z.string(), z.unknown()).nullable(),
    applicationFeeCents: z.number().int().nullable(),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    refundRequestedAt: z.string().nullable(),
    refundedAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    refund: z
      .object({
        status: z.enum(["pending", "succeeded", "failed"]),
        amountCents: z.number().int(),
        requestedAt: z.string().nullable(),
        refundedAt: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: DOCS ? "The full refund in flight: retried until the processor confirms it; `failed` only after retries run out (a dead letter to replay)." : undefined }),
    items: z.array(
      z.object({
        id: z.string(),
        productId: z.string(),
        variantId: z.string(),
        sku: z.string(),
        title: z.string(),
        kind: z.enum(["physical", "digital", "membership"]),
        quantity: z.number().int(),
        unitPriceCents: z.number().int(),
        fulfilledAt: z.string().nullable(),
        providerReference: z.string().nullable().openapi({ description: DOCS ? "The fulfillment provider's reference, when it gave one." : undefined }),
        carrier: z.string().nullable(),
        trackingNumber: z.string().nullable(),
        shippedAt: z.string().nullable(),
      }),
    ),
    fulfillment: z.object({ jobId: z.string(), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable() }).nullable(),
  })
  .openapi("Order");

export const ShipmentSchema = z.strictObject({ carrier: z.string().trim().min(1).max(100), trackingNumber: z.string().trim().min(1).max(100) }).openapi("Shipment");

export const StatsSchema = /* @__PURE__ */ z
  .object({
    orders: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
    revenue: z.array(z.object({ currency: z.string(), grossCents: z.number().int(), refundedCents: z.number().int(), netCents: z.number().int(), discountCents: z.number().int() })),
    drops: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), quantity: z.number().int(), sold: z.number().int(), held: z.number().int(), sellThrough: z.number() })),
    fulfillment: z.object({ backlog: z.number().int(), deadLetters: z.number().int() }),
  })
  .openapi("Stats");
