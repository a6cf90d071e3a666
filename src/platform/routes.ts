// Platform (operator) API: onboarding creators. Authenticated with PLATFORM_ADMIN_TOKEN.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { createCreator } from "../creators/creators";
import { CreateCreatorSchema, CreatorSchema } from "../creators/schemas";
import type { AppEnv } from "../env";
import { platformAuth } from "../http/auth";
import { idempotent } from "../http/idempotency";
import { adminErrors, json, jsonRequest, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const platformRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

platformRoutes.use("*", platformAuth, idempotent(() => "platform"));

platformRoutes.openapi(
  createRoute({
    method: "post",
    path: "/creators",
    summary: DOCS ? "Create a creator and its first admin token (shown once)" : undefined,
    request: jsonRequest(CreateCreatorSchema),
    responses: DOCS ? { 201: json(z.object({ creator: CreatorSchema, token: z.string() }), "The creator and its token."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await createCreator(c.get("services").db, c.req.valid("json")), 201),
);
