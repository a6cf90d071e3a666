// One validation path: zod schemas checked by @hono/zod-openapi, failures turned into `invalid_input` with
// one `details` entry per field, plus the JSON body guards (size, content type, well-formed JSON).
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "@hono/zod-openapi";
import { DomainError } from "./errors";

interface FieldIssue {
  field: string;
  message: string;
}

/** One entry per field (its first problem), in the order the schema found them. */
function issuesToDetails(error: z.ZodError): FieldIssue[] {
  const all = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      return { field: keys.join(","), message: `Unknown field${keys.length > 1 ? "s" : ""}: ${keys.join(", ")}.` };
    }
    return { field: path || "(root)", message: issue.message };
  });
  const seen = new Set<string>();
  return all.filter((d) => !seen.has(d.field) && seen.add(d.field));
}

/** defaultHook for OpenAPIHono: every schema failure becomes the same `invalid_input` error. */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }): void {
  if (!result.success && result.error instanceof z.ZodError) {
    const where = result.target === "json" ? "body" : result.target === "query" ? "query" : "request";
    throw new DomainError("invalid_input", `The ${where} is not valid.`, issuesToDetails(result.error));
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new DomainError("invalid_input", "The input is not valid.", issuesToDetails(result.error));
  return result.data;
}

const MAX_JSON_BYTES = 1024 * 1024;

/** Refuses bodies over 1 MiB with `payload_too_large` (JSON endpoints and Stripe's webhook). */
export const bodyUpTo1MiB = bodyLimit({
  maxSize: MAX_JSON_BYTES,
  onError: () => {
    throw new DomainError("payload_too_large", "The JSON body is larger than 1 MiB.");
  },
});

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return headers.has("transfer-encoding");
}

/**
 * Guards every JSON write endpoint: at most 1 MiB, `application/json`, and well-formed JSON. A body-less POST
 * (e.g. `…/cancel`) passes through; the route's schema decides whether a body was required.
 */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  // PUT endpoints and POST …/images take raw uploads (files, images) and enforce their own limits.
  if (["GET", "HEAD", "DELETE", "PUT"].includes(c.req.method) || c.req.path.endsWith("/images") || !hasBody(c.req.raw.headers)) {
    return next();
  }
  return bodyUpTo1MiB(c, async () => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new DomainError("unsupported_media_type", "Send the body as application/json.");
    }
    try {
      await c.req.json();
    } catch {
      throw new DomainError("invalid_input", "The body is not valid JSON.", [{ field: "(root)", message: "Malformed JSON." }]);
    }
    await next();
  });
};
