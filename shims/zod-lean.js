// Everything zod classic exports, except what a module's own exports shadow (they win over `export *`): @hono/zod-openapi
// hands the whole `z` namespace to zod-to-openapi, so esbuild keeps every export of it, and these cost ~15 KiB gzip
// unused: every non-English locale (`locales`, also reachable through `core`), the `z.compile` code generator, and
// `fromJSONSchema`. English messages stay: zod registers them itself on the first schema.
export * from "zod/v4";

export const core = undefined;
export const locales = undefined;
export const compile = undefined;
export const withParser = undefined;
export const ZodCompileAsyncError = undefined;
export const ZodCompileUnsupportedError = undefined;
export const INVALID = undefined;
export const fromJSONSchema = undefined;
// zod/v4's own namespace, which `export *` would otherwise carry along as `z.z`, with all of the above.
export const z = undefined;
