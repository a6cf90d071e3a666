// The admin API's OpenAPI 3.1 document as the real @hono/zod-openapi generates it from the route modules. Build time
// only (scripts/openapi.mjs writes static/admin-openapi.json from it): the Worker bundles a lean OpenAPIHono without the generator.
import { adminRoutes } from "./routes";

export function generateAdminOpenApiDocument() {
  adminRoutes.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A creator admin token (`dft_…`).",
  });
  return adminRoutes.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Dropfront creator admin API",
      version: "1.0.0",
      description: "Manage a creator's catalog, drops, orders and fulfillment. Errors: `{ error: { code, message, details? } }`.",
    },
  });
}
