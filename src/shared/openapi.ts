// Helpers to describe routes for @hono/zod-openapi without repeating the error responses on each.
import { z } from "@hono/zod-openapi";

const ErrorSchema = /* @__PURE__ */ z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

export function jsonRequest<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

/**
 * A route's `responses` in a production build (`DOCS` false): response schemas only describe the API, whose document is
 * generated at build time, so `responses: DOCS ? { … } : undocumented` leaves them out of the Worker — and with them
 * every response-only schema (declared `@__PURE__`) that nothing else uses. Validation never reads them.
 */
export const undocumented = {} as never;

const errorResponse = (description: string) => json(ErrorSchema, description);

export const adminErrors = DOCS
  ? ({
      400: errorResponse("Invalid input (`invalid_input`)."),
      401: errorResponse("Missing, wrong or revoked token (`unauthorized`)."),
      403: errorResponse("Read-only token on a write (`forbidden`)."),
      404: errorResponse("Unknown id, or owned by another creator (`not_found`)."),
      409: errorResponse("Conflict (`conflict`, `sold_out`, …)."),
      413: errorResponse("Body over 1 MiB (`payload_too_large`)."),
      415: errorResponse("Body is not application/json (`unsupported_media_type`)."),
    } as const)
  : undocumented;

export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

export const security = [{ bearerAuth: [] }];
