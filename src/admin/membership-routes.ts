// Creator admin: membership grants (API.md "Memberships").
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ListMembershipsQuerySchema, MembershipPageSchema } from "../fulfillment/fulfillment-schemas";
import { listMemberships } from "../fulfillment/memberships";
import { adminErrors, json, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const membershipRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

membershipRoutes.openapi(
  createRoute({
    method: "get",
    path: "/memberships",
    tags: ["Memberships"],
    security,
    summary: DOCS ? "Membership grants, newest first" : undefined,
    request: { query: ListMembershipsQuerySchema },
    responses: DOCS ? { 200: json(MembershipPageSchema, "A page of memberships."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listMemberships(c.get("services").db, c.get("auth").creatorId, c.req.valid("query")), 200),
);

