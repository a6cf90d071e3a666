// Workers tests' global setup (Node side): the admin OpenAPI document as the real @hono/zod-openapi builds it from
// today's route modules, handed to test/integration/openapi.test.ts, which checks the Worker serves exactly that.
/// <reference path="../helpers/provided-context.d.ts" />
import type { TestProject } from "vitest/node";
import { generateAdminOpenApiDocument } from "../../scripts/lib/openapi-document.mjs";

export default async function setup(project: TestProject) {
  project.provide("adminOpenApiDocument", await generateAdminOpenApiDocument());
}
