import { describe, expect, it } from "vitest";
import { call, callWithEnv, listedProducts, makeCreator } from "../helpers/api";

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

describe("settings", () => {
  it("returns defaults and the theme", async () => {
    const c = await makeCreator({ displayName: "Nova" });
    const res = await c.api("GET", "/settings");
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      displayName: "Nova",
      theme: { accentColor: null, avatarUrl: null, bannerUrl: null },
      fulfillmentWebhookUrl: null,
      fulfillmentWebhookSecret: null,
      stripeAccountId: null,
    });
  });

  it("setting a fulfillment webhook URL generates a secret, kept until the URL changes", async () => {
    const c = await makeCreator();
    const first = await c.api("PATCH", "/settings", {
      body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook", theme: { accentColor: "#7c3aed" }, stripeAccountId: "acct_1234567" },
    });
    expect(first.status).toBe(200);
    const secret = first.json.settings.fulfillmentWebhookSecret;
    expect(secret).toMatch(/^whsec_/);
    expect(first.json.settings.theme.accentColor).toBe("#7c3aed");
    const again = await c.api("PATCH", "/settings", { body: { displayName: "Renamed" } });
    expect(again.json.settings.fulfillmentWebhookSecret).toBe(secret);
    expect((await c.api("GET", "/settings")).json.settings).toMatchObject({ displayName: "Renamed", fulfillmentWebhookSecret: secret });
    const moved = await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://other.example.com/hook" } });
    expect(moved.json.settings.fulfillmentWebhookSecret).not.toBe(secret);
  });

  it("a read-only token never sees the fulfillment signing secret; a write token does", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook" } });
    const ro = await c.api("POST", "/tokens", { body: { name: "dashboard", readOnly: true } });
    const asReader = await call("GET", "/admin/v1/settings", { token: ro.json.token });
    expect(asReader.status).toBe(200);
    expect(asReader.json.settings.fulfillmentWebhookUrl).toBe("https://fulfil.example.com/hook");
    expect(asReader.json.settings).not.toHaveProperty("fulfillmentWebhookSecret");
    expect(asReader.text).not.toContain("whsec_");
    const asWriter = await c.api("GET", "/settings");
    expect(asWriter.json.settings.fulfillmentWebhookSecret).toMatch(/^whsec_/);
  });

  it("allows http on loopback only in development", async () => {
    const c = await makeCreator();
    const dev = await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "http://127.0.0.1:9000/hook" } });
    expect(dev.status).toBe(200);
    const res = await callWithEnv({ ENVIRONMENT: "production" }, "PATCH", "/admin/v1/settings", {
      token: c.token,
      body: { fulfillmentWebhookUrl: "http://127.0.0.1:9000/hook" },
    });
    expect(res.status).toBe(400);
  });

  it.each([
    { fulfillmentWebhookUrl: "http://fulfil.example.com/hook" },
    { fulfillmentWebhookUrl: "https://10.0.0.5/hook" },
    { fulfillmentWebhookUrl: "https://localhost/hook" },
    { fulfillmentWebhookUrl: "https://localhost./hook" },
    { fulfillmentWebhookUrl: "https://10.0.0.1.nip.io/hook" },
    { fulfillmentWebhookUrl: "https://100.64.0.1/hook" },
    { fulfillmentWebhookUrl: "https://198.18.0.1/hook" },
    { fulfillmentWebhookUrl: "https://2130706433/hook" },
    { fulfillmentWebhookUrl: "https://[::ffff:7f00:1]/hook" },
    { fulfillmentWebhookUrl: "not a url" },
    { accentColor: "red" },
    { stripeAccountId: "cus_123" },
    { handle: "cannot-change" },
  ])("rejects %o and changes nothing", async (body) => {
    const c = await makeCreator();
    const before = (await c.api("GET", "/settings")).json;
    const res = await c.api("PATCH", "/settings", { body });
    expect(res.status).toBe(400);
    expect((await c.api("GET", "/settings")).json).toEqual(before);
  });
});
