// Creator admin: product files, shipping, memberships, dead letters and stats (API.md "Files", "Orders",
// "Fulfillment", "Memberships", `GET /admin/v1/stats`).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ProductSchema } from "../catalog/product-schemas";
import { fulfillmentDeps } from "../checkout/deps";
import { uploadProductFile, uploadProductImage, type Upload } from "../catalog/product-files";
import type { AppEnv } from "../env";
import { listDeadLetters, replayDeadLetter } from "../fulfillment/dead-letters";
import { listMemberships } from "../fulfillment/memberships";
import type { JobMessage } from "../shared/bindings";
import { getOrder } from "../orders/admin-orders";
import { AdminOrderSchema } from "../orders/order-schemas";
import { markShipped } from "../orders/shipping";
import { getStats } from "../orders/stats";
import { CursorSchema, LimitSchema } from "../shared/fields";
import { IdParamSchema, adminErrors, json, jsonRequest, security } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const fulfillmentRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

function upload(c: Context<AppEnv>): Upload {
  const length = c.req.header("content-length");
  const disposition = c.req.header("content-disposition");
  return {
    body: c.req.raw.body,
    contentType: c.req.header("content-type") || "application/octet-stream",
    contentLength: length === undefined ? null : Number(length),
    fileName: c.req.query("filename") ?? disposition?.match(/filename="?([^";]+)"?/)?.[1],
  };
}

const binaryBody = { body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, required: true } };

for (const [path, summary, save] of [
  ["/products/{id}/file", "Upload the digital file (raw body, Content-Type kept, ≤ 100 MiB; ?filename= names the download)", uploadProductFile],
  ["/products/{id}/image", "Upload the product image (PNG, JPEG, WebP, GIF or AVIF, ≤ 100 MiB)", uploadProductImage],
] as const) {
  fulfillmentRoutes.openapi(
    createRoute({ method: "put", path, tags: ["Products"], security, summary, request: { params: IdParamSchema, ...binaryBody }, responses: { 200: json(z.object({ product: ProductSchema }), "The product."), ...adminErrors } }),
    async (c) => c.json({ product: await save(c.get("db"), c.env.FILES, c.get("auth").creatorId, c.req.valid("param").id, upload(c)) }, 200),
  );
}

fulfillmentRoutes.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/items/{itemId}/shipped",
    tags: ["Orders"],
    security,
    summary: "Mark a physical item shipped with its carrier and tracking number; the buyer is emailed once per item",
    request: {
      params: z.object({ id: z.string().max(64), itemId: z.string().max(64) }),
      ...jsonRequest(z.strictObject({ carrier: z.string().trim().min(1).max(100), trackingNumber: z.string().trim().min(1).max(100) }).openapi("Shipment")),
    },
    responses: { 200: json(z.object({ order: AdminOrderSchema }), "The order."), ...adminErrors },
  }),
  async (c) => {
    const { id, itemId } = c.req.valid("param");
    const { creatorId } = c.get("auth");
    await markShipped(fulfillmentDeps(c.env, c.get("db")), creatorId, id, itemId, c.req.valid("json"));
    return c.json({ order: await getOrder(c.get("db"), creatorId, id) }, 200);
  },
);

const DeadLetterSchema = z
  .object({ id: z.string(), type: z.string(), orderId: z.string().nullable(), jobId: z.string().nullable(), error: z.string(), attempts: z.number().int(), createdAt: z.string(), replayedAt: z.string().nullable() })
  .openapi("DeadLetter");

fulfillmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/fulfillment/dead-letters",
    tags: ["Fulfillment"],
    security,
    summary: "Jobs that failed for good, with their last error",
    responses: { 200: json(z.object({ items: z.array(DeadLetterSchema) }), "Dead letters, newest first."), ...adminErrors },
  }),
  async (c) => c.json({ items: await listDeadLetters(c.get("db"), c.get("auth").creatorId) }, 200),
);

fulfillmentRoutes.openapi(
  createRoute({
    method: "post",
    path: "/fulfillment/dead-letters/{id}/replay",
    tags: ["Fulfillment"],
    security,
    summary: "Re-enqueue a dead-lettered job",
    request: { params: IdParamSchema },
    responses: { 202: json(z.object({ deadLetter: DeadLetterSchema }), "Re-enqueued."), ...adminErrors },
  }),
  async (c) => {
    const deadLetter = await replayDeadLetter(c.get("db"), c.env.FULFILLMENT_QUEUE as Queue<JobMessage>, c.get("auth").creatorId, c.req.valid("param").id);
    return c.json({ deadLetter }, 202);
  },
);

fulfillmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/memberships",
    tags: ["Memberships"],
    security,
    summary: "Membership grants, newest first",
    request: { query: z.object({ limit: LimitSchema, cursor: CursorSchema }) },
    responses: {
      200: json(
        z.object({
          items: z.array(z.object({ id: z.string(), buyerEmail: z.string(), tier: z.string(), productId: z.string(), orderId: z.string(), startsAt: z.string(), endsAt: z.string(), active: z.boolean() })),
          nextCursor: z.string().nullable(),
        }),
        "A page of memberships.",
      ),
      ...adminErrors,
    },
  }),
  async (c) => c.json(await listMemberships(c.get("db"), c.get("auth").creatorId, c.req.valid("query")), 200),
);

fulfillmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/stats",
    tags: ["Stats"],
    security,
    summary: "Orders, revenue by currency, per-drop sell-through, fulfillment backlog and dead letters",
    responses: {
      200: json(
        z.object({
          orders: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
          revenue: z.array(z.object({ currency: z.string(), grossCents: z.number().int(), refundedCents: z.number().int(), netCents: z.number().int() })),
          drops: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), quantity: z.number().int(), sold: z.number().int(), held: z.number().int(), sellThrough: z.number() })),
          fulfillment: z.object({ backlog: z.number().int(), deadLetters: z.number().int() }),
        }),
        "The stats.",
      ),
      ...adminErrors,
    },
  }),
  async (c) => c.json(await getStats(c.get("db"), c.get("auth").creatorId), 200),
);
