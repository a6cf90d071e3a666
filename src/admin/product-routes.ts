// Creator admin: products (API.md "Products").
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import {
  CreateProductSchema,
  ListProductsQuerySchema,
  ProductSchema,
  UpdateProductSchema,
} from "../catalog/product-schemas";
import { archiveProduct, createProduct, getProduct, listProducts, updateProduct } from "../catalog/products";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

const ProductEnvelope = /* @__PURE__ */ z.object({ product: ProductSchema });
const tags = ["Products"];

export const productRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

productRoutes.openapi(
  createRoute({
    method: "post",
    path: "/products",
    tags,
    security,
    summary: DOCS ? "Create a product (with variants, or one default variant)" : undefined,
    request: jsonRequest(CreateProductSchema),
    responses: DOCS ? { 201: json(ProductEnvelope, "The new product."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const product = await createProduct(c.get("services"), c.get("auth").creatorId, c.req.valid("json"));
    return c.json({ product }, 201);
  },
);

productRoutes.openapi(
  createRoute({
    method: "get",
    path: "/products",
    tags,
    security,
    summary: DOCS ? "List products, newest first (archived only with ?status=archived)" : undefined,
    request: { query: ListProductsQuerySchema },
    responses: DOCS ? {
      200: json(z.object({ items: z.array(ProductSchema), nextCursor: z.string().nullable() }), "A page of products."),
      ...adminErrors,
    } : undocumented,
  }),
  async (c) => c.json(await listProducts(c.get("services").db, c.get("auth").creatorId, c.req.valid("query")), 200),
);

productRoutes.openapi(
  createRoute({
    method: "get",
    path: "/products/{id}",
    tags,
    security,
    summary: DOCS ? "Get a product (archived products too)" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(ProductEnvelope, "The product."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ product: await getProduct(c.get("services").db, c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);

productRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/products/{id}",
    tags,
    security,
    summary: DOCS ? "Change a product and its variants (variants with an id are changed, without one added)" : undefined,
    request: { params: IdParamSchema, ...jsonRequest(UpdateProductSchema) },
    responses: DOCS ? { 200: json(ProductEnvelope, "The updated product."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { creatorId } = c.get("auth");
    const product = await updateProduct(c.get("services"), creatorId, c.req.valid("param").id, c.req.valid("json"));
    return c.json({ product }, 200);
  },
);

productRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/products/{id}",
    tags,
    security,
    summary: DOCS ? "Archive a product (never hard-deleted)" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(ProductEnvelope, "The archived product."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ product: await archiveProduct(c.get("services"), c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);
