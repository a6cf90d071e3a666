import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { IDEMPOTENCY_LEASE_MS, claimIdempotencyKey } from "../../src/db/idempotency-store";
import { sha256Hex } from "../../src/shared/crypto";
import { PLATFORM_TOKEN, call, listedProducts, makeCreator, unique } from "../helpers/api";
import { storedIdempotentResponses } from "../helpers/stored";

const body = (slug: string) => ({ slug, title: "Zine", kind: "digital", priceCents: 500 });

describe("Idempotency-Key on admin POSTs", () => {
  it("a replay with the same body returns the first status and body and creates nothing new", async () => {
    const c = await makeCreator();
    const headers = { "idempotency-key": "k-1" };
    const first = await c.api("POST", "/products", { body: body("zine"), headers });
    const second = await c.api("POST", "/products", { body: body("zine"), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await listedProducts(c)).toHaveLength(1);
  });

  it("the same key with another body is a conflict", async () => {
    const c = await makeCreator();
    const headers = { "idempotency-key": "k-2" };
    await c.api("POST", "/products", { body: body("one"), headers });
    const res = await c.api("POST", "/products", { body: body("two"), headers });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect(await listedProducts(c)).toHaveLength(1);
  });

  it("errors are replayed too", async () => {
    const c = await makeCreator();
    const headers = { "idempotency-key": "k-3" };
    const bad = { ...body("x"), priceCents: -1 };
    const first = await c.api("POST", "/products", { body: bad, headers });
    const second = await c.api("POST", "/products", { body: bad, headers });
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.json).toEqual(first.json);
  });

  it("keys are scoped to the caller's token", async () => {
    const a = await makeCreator();
    const b = await makeCreator();
    const headers = { "idempotency-key": "shared-key" };
    expect((await a.api("POST", "/products", { body: body("s"), headers })).status).toBe(201);
    const other = await b.api("POST", "/products", { body: body("s"), headers });
    expect(other.status).toBe(201);
    expect(await listedProducts(b)).toHaveLength(1);
  });

  it("concurrent requests with one key create exactly one product", async () => {
    const c = await makeCreator();
    const headers = { "idempotency-key": "race" };
    const results = await Promise.all(Array.from({ length: 10 }, () => c.api("POST", "/products", { body: body("race"), headers })));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.json.product.id)).size).toBe(1);
    expect(await listedProducts(c)).toHaveLength(1);
  });

  it("rejects an unusable key", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/products", { body: body("k"), headers: { "idempotency-key": "x".repeat(300) } });
    expect(res.status).toBe(400);
  });

  it("platform creator creation is idempotent; the replay never reveals the token again", async () => {
    const handle = unique("idem");
    const req = () =>
      call("POST", "/platform/v1/creators", {
        token: PLATFORM_TOKEN,
        body: { handle, displayName: "I", email: "i@example.com" },
        headers: { "idempotency-key": `create-${handle}` },
      });
    const first = await req();
    const second = await req();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const { token, ...rest } = first.json;
    expect(second.json).toEqual({ ...rest, tokenRedacted: true });
    expect(JSON.stringify(await storedIdempotentResponses())).not.toContain(token);
  });
});

describe("a claim left behind by a Worker that died mid-request", () => {
  async function claimAs(c: Awaited<ReturnType<typeof makeCreator>>, key: string, payload: object, claimedAt: number) {
    const tokenId = (await c.api("GET", "/tokens")).json.items[0].id as string;
    const scope = `creator:${c.creator.id}:${tokenId}|POST /admin/v1/products`;
    const db = createDb(env.DB);
    expect((await claimIdempotencyKey(db, scope, key, await sha256Hex(JSON.stringify(payload)), claimedAt)).kind).toBe("claimed");
  }

  it("blocks the key only for its lease: a retry after it runs the request", async () => {
    const c = await makeCreator();
    const payload = body("after-lease");
    await claimAs(c, "k-dead", payload, Date.now() - IDEMPOTENCY_LEASE_MS - 1_000);
    const retry = await c.api("POST", "/products", { body: payload, headers: { "idempotency-key": "k-dead" } });
    expect(retry.status).toBe(201);
    expect(await listedProducts(c)).toHaveLength(1);
    const replay = await c.api("POST", "/products", { body: payload, headers: { "idempotency-key": "k-dead" } });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json).toEqual(retry.json);
  });

  it("within the lease a concurrent retry is still a conflict", async () => {
    const c = await makeCreator();
    const payload = body("in-lease");
    await claimAs(c, "k-busy", payload, Date.now());
    const retry = await c.api("POST", "/products", { body: payload, headers: { "idempotency-key": "k-busy" } });
    expect(retry.status).toBe(409);
    expect(retry.json.error.code).toBe("conflict");
    expect(await listedProducts(c)).toHaveLength(0);
  });
});
