// Creator admin: discount codes (API.md "Discounts"). DELETE deactivates; `redemptions` counts paid orders.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AdminDiscountSchema, CreateDiscountSchema, ListDiscountsQuerySchema, UpdateDiscountSchema } from "../catalog/discount-schemas";
import { createDiscount, getDiscount, listDiscounts, updateDiscount } from "../catalog/discounts";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

const DiscountEnvelope = /* @__PURE__ */ z.object({ discount: AdminDiscountSchema });
const tags = ["Discounts"];
const deps = (c: Context<AppEnv>) => c.get("services");

export const discountRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

discountRoutes.openapi(
  createRoute({
    method: "post",
    path: "/discounts",
    tags,
    security,
    summary: DOCS ? "Create a discount code (percent or fixed amount; optional limits, window and scope)" : undefined,
    request: jsonRequest(CreateDiscountSchema),
    responses: DOCS ? { 201: json(DiscountEnvelope, "The new code."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ discount: await createDiscount(deps(c), c.get("auth").creatorId, c.req.valid("json")) }, 201),
);

discountRoutes.openapi(
  createRoute({
    method: "get",
    path: "/discounts",
    tags,
    security,
    summary: DOCS ? "List discount codes, newest first" : undefined,
    request: { query: ListDiscountsQuerySchema },
    responses: DOCS ? { 200: json(z.object({ items: z.array(AdminDiscountSchema), nextCursor: z.string().nullable() }), "A page of codes."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listDiscounts(deps(c), c.get("auth").creatorId, c.req.valid("query")), 200),
);

discountRoutes.openapi(
  createRoute({
    method: "get",
    path: "/discounts/{id}",
    tags,
    security,
    summary: DOCS ? "Get a discount code with its redemptions" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(DiscountEnvelope, "The code."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ discount: await getDiscount(deps(c), c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);

discountRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/discounts/{id}",
    tags,
    security,
    summary: DOCS ? "Change a discount code's terms (orders already placed keep theirs)" : undefined,
    request: { params: IdParamSchema, ...jsonRequest(UpdateDiscountSchema) },
    responses: DOCS ? { 200: json(DiscountEnvelope, "The updated code."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ discount: await updateDiscount(deps(c), c.get("auth").creatorId, c.req.valid("param").id, c.req.valid("json")) }, 200),
);

discountRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/discounts/{id}",
    tags,
    security,
    summary: DOCS ? "Deactivate a discount code (pending orders that hold it may still pay)" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(DiscountEnvelope, "The deactivated code."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ discount: await updateDiscount(deps(c), c.get("auth").creatorId, c.req.valid("param").id, { active: false }) }, 200),
);
