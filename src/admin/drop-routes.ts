// Creator admin: drops (API.md "Drops"). Live counts come from each drop's inventory object.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AdminDropSchema, CreateDropSchema, ListDropsQuerySchema, UpdateDropSchema } from "../catalog/drop-schemas";
import { cancelDrop, createDrop, getDrop, listDrops, updateDrop } from "../catalog/drops";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

const DropEnvelope = /* @__PURE__ */ z.object({ drop: AdminDropSchema });
const tags = ["Drops"];
const deps = (c: Context<AppEnv>) => c.get("services");

export const dropRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

dropRoutes.openapi(
  createRoute({
    method: "post",
    path: "/drops",
    tags,
    security,
    summary: DOCS ? "Create a drop; each tracked item's quantity moves out of the variant's stock (`sold_out` if short)" : undefined,
    request: jsonRequest(CreateDropSchema),
    responses: DOCS ? { 201: json(DropEnvelope, "The new drop."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ drop: await createDrop(deps(c), c.get("auth").creatorId, c.req.valid("json")) }, 201),
);

dropRoutes.openapi(
  createRoute({
    method: "get",
    path: "/drops",
    tags,
    security,
    summary: DOCS ? "List drops, newest first (counts from the display snapshot)" : undefined,
    request: { query: ListDropsQuerySchema },
    responses: DOCS ? { 200: json(z.object({ items: z.array(AdminDropSchema), nextCursor: z.string().nullable() }), "A page of drops."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listDrops(deps(c), c.get("auth").creatorId, c.req.valid("query")), 200),
);

dropRoutes.openapi(
  createRoute({
    method: "get",
    path: "/drops/{id}",
    tags,
    security,
    summary: DOCS ? "Get a drop with live available/held/sold per item" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(DropEnvelope, "The drop."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ drop: await getDrop(deps(c), c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);

dropRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/drops/{id}",
    tags,
    security,
    summary: DOCS ? "Change a drop before it starts (after that: `conflict`)" : undefined,
    request: { params: IdParamSchema, ...jsonRequest(UpdateDropSchema) },
    responses: DOCS ? { 200: json(DropEnvelope, "The updated drop."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ drop: await updateDrop(deps(c), c.get("auth").creatorId, c.req.valid("param").id, c.req.valid("json")) }, 200),
);

dropRoutes.openapi(
  createRoute({
    method: "post",
    path: "/drops/{id}/cancel",
    tags,
    security,
    summary: DOCS ? "Cancel a drop before it ends; unsold units return to stock, existing holds run out" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(DropEnvelope, "The canceled drop."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ drop: await cancelDrop(deps(c), c.get("auth").creatorId, c.req.valid("param").id) }, 200),
);
