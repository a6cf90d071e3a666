// Creator admin: jobs that failed for good, and replaying one (API.md "Fulfillment").
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { listDeadLetters, replayDeadLetter } from "../fulfillment/dead-letters";
import { DeadLetterSchema } from "../fulfillment/fulfillment-schemas";
import { IdParamSchema, adminErrors, json, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const deadLetterRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

deadLetterRoutes.openapi(
  createRoute({
    method: "get",
    path: "/fulfillment/dead-letters",
    tags: ["Fulfillment"],
    security,
    summary: DOCS ? "Jobs that failed for good, with their last error" : undefined,
    responses: DOCS ? { 200: json(z.object({ items: z.array(DeadLetterSchema) }), "Dead letters, newest first."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ items: await listDeadLetters(c.get("services").db, c.get("auth").creatorId) }, 200),
);

deadLetterRoutes.openapi(
  createRoute({
    method: "post",
    path: "/fulfillment/dead-letters/{id}/replay",
    tags: ["Fulfillment"],
    security,
    summary: DOCS ? "Re-enqueue a dead-lettered job" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 202: json(z.object({ deadLetter: DeadLetterSchema }), "Re-enqueued."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const deadLetter = await replayDeadLetter(c.get("services"), c.get("auth"), c.req.valid("param").id);
    return c.json({ deadLetter }, 202);
  },
);

