// The layering of src/, checked in CI (`npm run lint:layers`). Read it as the architecture:
//   entry/HTTP  index, app, services (composition root), env; admin/ buyer/ storefront/ platform/ webhooks/ http/
//               dev/ (HTTP folders) and jobs/ (the queue consumer)
//   use cases   checkout/ → orders/ → fulfillment/ → catalog/; creators/; payments/ (processors, the lowest)
//   base        inventory/ (the stock authority and its client) → db/ (the only D1 user) → shared/ (a leaf)
// A layer imports only layers below it; type-only imports of row and result types are allowed upward of db/.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle means two modules cannot be understood (or tested) apart.",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "shared-is-a-leaf",
      severity: "error",
      comment: "shared/ holds pure helpers every layer may use; it imports nothing of ours.",
      from: { path: "^src/shared/" },
      to: { path: "^src/", pathNot: "^src/shared/" },
    },
    {
      name: "db-imports-only-shared",
      severity: "error",
      comment: "db/ is the only code that touches D1 and knows nothing above it.",
      from: { path: "^src/db/" },
      to: { path: "^src/", pathNot: "^src/(db|shared)/" },
    },
    {
      name: "inventory-imports-only-db-and-shared",
      severity: "error",
      comment: "The inventory object and its client sit below every use case.",
      from: { path: "^src/inventory/" },
      to: { path: "^src/", pathNot: "^src/(inventory|db|shared)/" },
    },
    {
      name: "use-cases-never-import-http",
      severity: "error",
      comment: "Use cases take typed dependencies; they never see HTTP, the queue consumer or the composition root.",
      from: { path: "^src/(catalog|checkout|creators|orders|fulfillment|payments)/" },
      to: { path: "^src/((admin|buyer|storefront|platform|dev|webhooks|http|jobs)/|(app|index|services|env)\\.ts$)" },
    },
    {
      name: "no-sql-in-routes",
      severity: "error",
      comment: "Routes parse, call one use case and answer; D1 and the inventory objects are reached through use cases. dev/ (development tooling, 404 in production) and http/idempotency (it stores responses) are the exceptions.",
      from: { path: "^src/((admin|buyer|storefront|platform|webhooks|jobs)/|(app|env)\\.ts$)" },
      to: { path: "^src/(db|inventory)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "only-db-imports-drizzle",
      severity: "error",
      comment: "db/ is the only code that knows D1 and drizzle; everything else calls its query modules.",
      from: { path: "^src/", pathNot: "^src/db/" },
      to: { path: "node_modules/drizzle-orm/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "http-folders-are-siblings",
      severity: "error",
      comment: "HTTP folders share plumbing through http/ only. The one exception: an admin write purges the creator's storefront pages (storefront/purge.ts).",
      from: { path: "^src/(admin|buyer|storefront|platform|webhooks|jobs)/" },
      to: { path: "^src/(admin|buyer|storefront|platform|webhooks|jobs|dev)/", pathNot: ["^src/$1/", "^src/storefront/purge\\.ts$"] },
    },
    {
      name: "use-cases-know-no-hono",
      severity: "error",
      comment: "Use cases never see a request: no Hono at run time (schemas may use @hono/zod-openapi's z).",
      from: { path: "^src/(catalog|checkout|creators|orders|fulfillment|payments)/" },
      to: { path: "node_modules/hono/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "use-case-layers",
      severity: "error",
      comment: "checkout → orders → fulfillment → catalog; creators and payments import no other use case.",
      from: { path: "^src/(fulfillment|catalog|creators|payments)/" },
      to: { path: "^src/(checkout|orders)/" },
    },
    {
      name: "catalog-and-fulfillment-below-creators-and-payments",
      severity: "error",
      comment: "fulfillment/ and catalog/ import only catalog/ and the base layer.",
      from: { path: "^src/(fulfillment|catalog)/" },
      to: { path: "^src/(creators|payments)/" },
    },
    {
      name: "use-case-layers-below-fulfillment",
      severity: "error",
      from: { path: "^src/(catalog|creators|payments)/" },
      to: { path: "^src/fulfillment/" },
    },
    {
      name: "orders-below-checkout",
      severity: "error",
      from: { path: "^src/orders/" },
      to: { path: "^src/checkout/" },
    },
    {
      name: "leaf-use-cases",
      severity: "error",
      from: { path: "^src/(creators|payments)/" },
      to: { path: "^src/(catalog|creators|payments)/", pathNot: "^src/$1/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^dist/" },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no compiler API yet: swc parses the sources (type-only imports are still told apart).
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
