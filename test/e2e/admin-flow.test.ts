// End to end over HTTP against the real `wrangler dev` (fresh local state): the platform creates a creator,
// the creator creates a product and lists it; and the published OpenAPI document is a valid OpenAPI 3.1 file.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { useWranglerDev } from "../helpers/wrangler-dev";

const PLATFORM = "e2e-platform-token";
const dev = useWranglerDev(PLATFORM);


describe("admin flow on wrangler dev", () => {
  it("platform → creator → product → list", async () => {
    const created = await dev.req("POST", "/platform/v1/creators", { token: PLATFORM, body: { handle: "e2e-shop", displayName: "E2E", email: "e2e@example.com" } });
    expect(created.status).toBe(201);
    const token = created.json.token;
    const product = await dev.req("POST", "/admin/v1/products", {
      token,
      body: { slug: "e2e-tee", title: "E2E Tee", kind: "physical", priceCents: 2000, variants: [{ sku: "E2E-M", title: "M", stock: 3 }] },
    });
    expect(product.status).toBe(201);
    expect(product.headers.get("x-request-id")).toBeTruthy();
    const list = await dev.req("GET", "/admin/v1/products", { token });
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ id: product.json.product.id, slug: "e2e-tee", variants: [{ sku: "E2E-M", stock: 3 }] });
    expect(list.json.nextCursor).toBeNull();
  });

  it("publishes a valid OpenAPI 3.1 document of the admin API", async () => {
    const doc = await dev.req("GET", "/admin/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc.json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/products", "/products/{id}", "/tokens", "/settings"]));
  });
});
