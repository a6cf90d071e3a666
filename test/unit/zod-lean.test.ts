// The zod the Worker runs (wrangler.toml `[alias]`, mirrored in vitest.config.ts) is zod classic without the parts
// Dropfront never calls, which would otherwise stay in the bundle because the whole `z` namespace is kept.
import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";

describe("the bundle's zod", () => {
  it("leaves out every non-English locale, z.compile, JSON Schema in and out, and schema types Dropfront never builds", () => {
    expect(z.toJSONSchema).toBeUndefined();
    expect(z.templateLiteral).toBeUndefined();
    expect(z.locales).toBeUndefined();
    expect(z.core).toBeUndefined();
    expect(z.compile).toBeUndefined();
    expect(z.fromJSONSchema).toBeUndefined();
  });

  it("still validates and explains in English, with the OpenAPI extension on every schema", () => {
    const schema = z.object({ title: z.string().min(1).openapi({ example: "Tour Tee" }) });
    expect(schema.safeParse({ title: "Tee" }).success).toBe(true);
    expect(schema.safeParse({ title: 1 }).error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
  });
});
