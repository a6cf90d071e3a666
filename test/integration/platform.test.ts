import { describe, expect, it } from "vitest";
import { PLATFORM_TOKEN, call, unique } from "../helpers/api";
import { storedTokensOf } from "../helpers/stored";

const create = (body: unknown, token = PLATFORM_TOKEN) => call("POST", "/platform/v1/creators", { token, body });

describe("POST /platform/v1/creators", () => {
  it("creates a creator and returns a token that is stored only as a hash", async () => {
    const handle = unique("nova");
    const res = await create({ handle, displayName: "Nova", email: " Nova@Example.COM " });
    expect(res.status).toBe(201);
    expect(res.json.creator).toMatchObject({ handle, displayName: "Nova", email: "nova@example.com", currency: "usd" });
    expect(res.json.token).toMatch(/^dft_[A-Za-z0-9_-]{43}$/);
    const stored = await storedTokensOf(res.json.creator.id);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(res.json.token);
    const me = await call("GET", "/admin/v1/settings", { token: res.json.token });
    expect(me.status).toBe(200);
    expect(me.json.settings.handle).toBe(handle);
  });

  it("refuses a taken handle with conflict", async () => {
    const handle = unique("dup");
    expect((await create({ handle, displayName: "A", email: "a@example.com" })).status).toBe(201);
    const again = await create({ handle, displayName: "B", email: "b@example.com" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("conflict");
  });

  it.each(["api", "admin", "platform", "dev", "downloads", "webhooks", "media", "health", "assets", "static", "www"])(
    "refuses the reserved handle %s",
    async (handle) => {
      const res = await create({ handle, displayName: "X", email: "x@example.com" });
      expect(res.status).toBe(400);
      expect(res.json.error.details).toEqual([expect.objectContaining({ field: "handle" })]);
    },
  );

  it.each([
    ["a", "too short"],
    ["Upper", "uppercase"],
    ["has space", "space"],
    ["x".repeat(41), "too long"],
  ])("refuses the handle %s (%s)", async (handle) => {
    const res = await create({ handle, displayName: "X", email: "x@example.com" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
  });

  it("lists every bad field in details", async () => {
    const res = await create({ handle: "!", displayName: "", email: "nope", currency: "USD", extra: 1 });
    expect(res.status).toBe(400);
    const fields = res.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(["currency", "displayName", "email", "extra", "handle"]);
  });

  it("requires the platform token", async () => {
    expect((await create({ handle: unique("x"), displayName: "X", email: "x@example.com" }, "wrong")).status).toBe(401);
    const res = await call("POST", "/platform/v1/creators", { body: { handle: unique("x"), displayName: "X", email: "x@example.com" } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("does not accept a creator token as the platform token", async () => {
    const first = await create({ handle: unique("c"), displayName: "C", email: "c@example.com" });
    const res = await create({ handle: unique("c"), displayName: "C", email: "c@example.com" }, first.json.token);
    expect(res.status).toBe(401);
  });
});

describe("operations", () => {
  it("GET /health answers ok with a request id", async () => {
    const res = await call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("unknown API paths answer a JSON not_found with a request id", async () => {
    const res = await call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
