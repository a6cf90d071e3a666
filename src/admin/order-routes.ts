// Creator admin: orders (API.md "Orders") — list, detail, full refunds and marking items shipped.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { getOrder, listOrders } from "../orders/admin-orders";
import { AdminOrderSchema, ListOrdersQuerySchema, ShipmentSchema } from "../orders/order-schemas";
import { requestRefund } from "../orders/refunds";
import { markShipped } from "../orders/shipping";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

const OrderEnvelope = /* @__PURE__ */ z.object({ order: AdminOrderSchema });
const tags = ["Orders"];

export const orderRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

orderRoutes.openapi(
  createRoute({
    method: "get",
    path: "/orders",
    tags,
    security,
    summary: DOCS ? "List orders, newest first, optionally by status" : undefined,
    request: { query: ListOrdersQuerySchema },
    responses: DOCS ? { 200: json(z.object({ items: z.array(AdminOrderSchema), nextCursor: z.string().nullable() }), "A page of orders."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listOrders(c.get("services").db, c.get("auth").creatorId, c.req.valid("query")), 200),
);

orderRoutes.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}",
    tags,
    security,
    summary: DOCS ? "Get an order with its fulfillment job" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(OrderEnvelope, "The order."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ order: await getOrder(c.get("services").db, c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);

orderRoutes.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/refund",
    tags,
    security,
    summary: DOCS ? "Refund a paid order in full; it becomes `refunded` when the processor confirms" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 202: json(OrderEnvelope, "Refund requested."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await requestRefund(c.get("services"), c.get("auth"), id);
    return c.json({ order: await getOrder(c.get("services").db, c.get("auth").creatorId, id) }, 202);
  },
);

orderRoutes.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/items/{itemId}/shipped",
    tags: ["Orders"],
    security,
    summary: DOCS ? "Mark a physical item shipped with its carrier and tracking number; the buyer is emailed once per item" : undefined,
    request: {
      params: z.object({ id: z.string().max(64), itemId: z.string().max(64) }),
      ...jsonRequest(ShipmentSchema),
    },
    responses: DOCS ? { 200: json(z.object({ order: AdminOrderSchema }), "The order."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { id, itemId } = c.req.valid("param");
    const { creatorId } = c.get("auth");
    await markShipped(c.get("services"), creatorId, id, itemId, c.req.valid("json"));
    return c.json({ order: await getOrder(c.get("services").db, creatorId, id) }, 200);
  },
);
