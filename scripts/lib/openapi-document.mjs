// Generates the admin API's OpenAPI document with the real @hono/zod-openapi, in Node: src/admin/openapi-spec.ts is
// bundled with esbuild (with the real zod, which the generator needs whole; Workers-only modules stubbed) and run. One implementation for
// `npm run openapi` and the workers tests' check that the served document is current.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const GENERATED_FILE = path.join(ROOT, "static", "admin-openapi.json");

/** Stubs for what the document does not depend on and Node cannot load: Workers' runtime API. */
const stubs = {
  name: "stubs",
  setup(b) {
    b.onResolve({ filter: /^cloudflare:/ }, (args) => ({ path: args.path, namespace: "stub" }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, (args) => ({
      contents: "export const env = {}; export class DurableObject {}",
      loader: "js",
    }));
  },
};

/** The document as the real library builds it from the route modules today. */
export async function generateAdminOpenApiDocument() {
  const dir = mkdtempSync(path.join(tmpdir(), "openapi-"));
  try {
    const file = path.join(dir, "openapi-spec.mjs");
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ["src/admin/openapi-spec.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      logLevel: "silent",
      plugins: [stubs],
      // The route modules' descriptive texts (a production Worker build leaves them out: src/env.ts).
      define: { DOCS: "true", DEV_TOOLS: "true" },
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
    });
    writeFileSync(file, result.outputFiles[0].contents);
    const { generateAdminOpenApiDocument: generate } = await import(pathToFileURL(file).href);
    return generate();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The static asset the Worker serves (through its ASSETS binding, so the document stays out of the bundle). */
function generatedModule(document) {
  return `${JSON.stringify(document)}\n`;
}

/** Regenerates static/admin-openapi.json; with `check`, only tells whether it is current. Returns whether it was. */
export async function updateAdminOpenApiModule({ check = false } = {}) {
  const source = generatedModule(await generateAdminOpenApiDocument());
  const current = existsSync(GENERATED_FILE) && readFileSync(GENERATED_FILE, "utf8") === source;
  if (!current && !check) writeFileSync(GENERATED_FILE, source);
  return current;
}
