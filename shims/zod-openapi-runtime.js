// The Worker bundle's "@hono/zod-openapi" (wrangler.toml `[alias]`, and the workers tests through vitest.config.ts):
// the same routing and validation as the real `OpenAPIHono.openapi()` (same validators, targets, 415 gate and hook),
// without zod-to-openapi. The document is built at build time by the real library (scripts/openapi.mjs), so at run
// time `.openapi()` on a schema only has to return the schema.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono/tiny";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";

// `.openapi()` on a schema (the real library's returns a copy carrying metadata) is the schema itself here: see
// shims/zod-lean.js.

export { z };

/** Route configs are plain data here: the document that reads them is generated at build time. */
export const createRoute = (routeConfig) => routeConfig;

// The helpers below are @hono/zod-openapi 1.6's own (dist/index.mjs), kept identical so requests are judged the same.
const isZod = (x) =>
  typeof x?.parse === "function" && typeof x.safeParse === "function" && typeof x.parseAsync === "function" && typeof x.safeParseAsync === "function";
const isJSONContentType = (type) => /^application\/([a-z-.]+\+)?json/i.test(type);
const isFormContentType = (type) => /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
const jsonRequestRegex = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const multipartRequestRegex = /^multipart\/form-data(;\s?boundary=[a-zA-Z0-9'"()+_,\-./:=?]+)?$/i;
const urlencodedRequestRegex = /^application\/x-www-form-urlencoded(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

function matchesMediaType(contentType, mediaType) {
  if (mediaType === "*/*") return true;
  if (isJSONContentType(mediaType)) return jsonRequestRegex.test(contentType);
  if (isFormContentType(mediaType)) return multipartRequestRegex.test(contentType) || urlencodedRequestRegex.test(contentType);
  const essence = contentType.split(";")[0].trim().toLowerCase();
  if (mediaType.endsWith("/*")) return essence.startsWith(mediaType.slice(0, -1).toLowerCase());
  return essence === mediaType.toLowerCase();
}

async function hasRequestBody(c) {
  const raw = c.req.raw;
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await c.req.arrayBuffer()).byteLength > 0;
  const body = raw.clone().body;
  if (body === null) return false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The validators the real `.openapi()` puts before a handler, in the same order. */
function validatorsFor(request, hook) {
  const validators = [];
  if (request?.query) validators.push(zValidator("query", request.query, hook));
  if (request?.params) validators.push(zValidator("param", request.params, hook));
  if (request?.headers) validators.push(zValidator("header", request.headers, hook));
  if (request?.cookies) validators.push(zValidator("cookie", request.cookies, hook));
  const content = request?.body?.content;
  if (!content) return validators;
  const mediaTypes = Object.keys(content);
  if (mediaTypes.some((type) => isZod(content[type]?.schema) && (isJSONContentType(type) || isFormContentType(type)))) {
    validators.push(async (c, next) => {
      const contentType = c.req.header("content-type");
      if (contentType ? !mediaTypes.some((type) => matchesMediaType(contentType, type)) : await hasRequestBody(c)) {
        throw new HTTPException(415, { message: "Unsupported Media Type" });
      }
      await next();
    });
  }
  for (const type of mediaTypes) {
    const schema = content[type]?.schema;
    if (!isZod(schema)) continue;
    for (const [target, matches] of [["json", isJSONContentType], ["form", isFormContentType]]) {
      if (!matches(type)) continue;
      const validator = zValidator(target, schema, hook);
      validators.push(
        request.body.required
          ? validator
          : async (c, next) => {
              const contentType = c.req.header("content-type");
              if (contentType && matches(contentType)) return validator(c, next);
              c.req.addValidatedData(target, {});
              await next();
            },
      );
    }
  }
  return validators;
}

export class OpenAPIHono extends Hono {
  #parentApp;

  constructor(init) {
    super(init);
    this.defaultHook = init?.defaultHook;
  }

  #resolveDefaultHook() {
    const seen = new Set();
    for (let app = this; app && !seen.has(app); app = app.#parentApp) {
      if (app.defaultHook) return app.defaultHook;
      seen.add(app);
    }
    return undefined;
  }

  openapi = ({ middleware, hide: _hide, ...route }, handler, hook = undefined) => {
    const effectiveHook = hook ?? ((result, c) => this.#resolveDefaultHook()?.(result, c));
    const routeMiddleware = middleware ? [middleware].flat() : [];
    const path = route.path.replaceAll(/\/{(.+?)}/g, "/:$1");
    this.on([route.method], [path], ...routeMiddleware, ...validatorsFor(route.request, effectiveHook), handler);
    return this;
  };

  route(path, app) {
    super.route(path, app);
    if (app instanceof OpenAPIHono) app.#parentApp ??= this;
    return this;
  }
}
