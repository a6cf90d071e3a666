// What the workers tests' global setup (Node side) hands to the tests through vitest's provide/inject.
export {};

declare module "vitest" {
  interface ProvidedContext {
    /** The admin OpenAPI document the real library builds from today's routes (test/node/openapi-document.setup.ts). */
    adminOpenApiDocument: Record<string, unknown>;
  }
}
