// The one domain error type and the one map from error code to HTTP status (API.md "Conventions").
// Domain code throws DomainError; responses take its status from `errorStatus` (app.ts's JSON errors, the
// storefront's HTML form errors) and nowhere else.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const errorStatus = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_admitted: 403,
  not_found: 404,
  conflict: 409,
  sold_out: 409,
  limit_exceeded: 409,
  drop_not_live: 409,
  discount_unavailable: 409,
  reservation_expired: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  payments_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} not found.`);

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
