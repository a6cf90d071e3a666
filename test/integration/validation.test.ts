import { describe, expect, it } from "vitest";
import { call, listedProducts, makeCreator } from "../helpers/api";

const valid = { slug: "good-slug", title: "Good", kind: "physical", priceCents: 100 };

describe("input validation on POST /admin/v1/products", () => {
  it.each([
    ["priceCents", { priceCents: -1 }],
    ["priceCents", { priceCents: 10.5 }],
    ["priceCents", { priceCents: "100" }],
    ["slug", { slug: "Bad Slug" }],
    ["slug", { slug: "-lead" }],
    ["currency", { currency: "USD" }],
    ["currency", { currency: "xyz" }],
    ["kind", { kind: "service" }],
    ["title", { title: "" }],
    ["status", { status: "archived" }],
    ["unknownField", { unknownField: true }],
    ["variants.0.stock", { variants: [{ sku: "A", title: "A", stock: -3 }] }],
    ["variants.1.sku", { variants: [{ sku: "A", title: "A" }, { sku: "A", title: "B" }] }],
    ["variants", { variants: [] }],
  ])("names the bad field %s and writes nothing", async (field, patch) => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { body: { ...valid, ...patch } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await listedProducts(c)).toEqual([]);
  });

  it("reports each missing required field", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { body: {} });
    expect(res.status).toBe(400);
    const fields = res.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(["kind", "priceCents", "slug", "title"]);
  });

  it("malformed JSON is invalid_input", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { rawBody: '{"slug": ', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
  });

  it("a non-JSON content type is 415", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { rawBody: JSON.stringify(valid), headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
    expect(await listedProducts(c)).toEqual([]);
  });

  it("a body over 1 MiB is 413", async () => {
    const c = await makeCreator();
    const body = JSON.stringify({ ...valid, description: "x".repeat(1024 * 1024) });
    const res = await c.api("POST", "/products", { rawBody: body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
    expect(await listedProducts(c)).toEqual([]);
  });

  it("an oversized streamed body (no content-length) is 413 too", async () => {
    const c = await makeCreator();
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call("POST", "/admin/v1/products", {
      token: c.token,
      rawBody: stream,
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    expect(res.status).toBe(413);
  });

  it("error responses never leak internals", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { body: { ...valid, priceCents: -5 } });
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|ZodError/);
  });
});

describe("checks the admin routes make before their handler (the Worker's lean OpenAPIHono)", () => {
  it("a bad query parameter is invalid_input naming it", async () => {
    const c = await makeCreator();
    const res = await c.api("GET", "/products?status=bogus");
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_input", message: "The query is not valid." });
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toEqual(["status"]);
  });

  it("a path parameter over 64 characters is invalid_input naming it", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", `/orders/ord_1/items/${"i".repeat(65)}/shipped`, { body: {} });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_input", message: "The request is not valid." });
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toEqual(["itemId"]);
  });

  it("a body-less write declaring a non-JSON content type is 415 and changes nothing", async () => {
    const c = await makeCreator();
    const before = (await c.api("GET", "/settings")).json.settings;
    const res = await c.api("PATCH", "/settings", { headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
    expect((await c.api("GET", "/settings")).json.settings).toEqual(before);
  });
});
