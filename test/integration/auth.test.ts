import { describe, expect, it } from "vitest";
import { call, makeCreator, makeProduct } from "../helpers/api";

describe("creator admin authentication", () => {
  it("refuses a missing token", async () => {
    const res = await call("GET", "/admin/v1/products");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("refuses a wrong token and a malformed header", async () => {
    expect((await call("GET", "/admin/v1/products", { token: "dft_wrong" })).status).toBe(401);
    const res = await call("GET", "/admin/v1/products", { headers: { authorization: "Basic abc" } });
    expect(res.status).toBe(401);
  });

  it("revocation takes effect on the very next request", async () => {
    const owner = await makeCreator();
    const created = await owner.api("POST", "/tokens", { body: { name: "ci" } });
    expect(created.status).toBe(201);
    const second = created.json.token as string;
    expect((await call("GET", "/admin/v1/products", { token: second })).status).toBe(200);
    const revoked = await owner.api("DELETE", `/tokens/${created.json.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.token.revokedAt).toBeTruthy();
    const after = await call("GET", "/admin/v1/products", { token: second });
    expect(after.status).toBe(401);
    expect((await owner.api("GET", "/products")).status).toBe(200);
  });

  it("read-only tokens can read but every write is forbidden and changes nothing", async () => {
    const owner = await makeCreator();
    const product = await makeProduct(owner, { title: "Original" });
    const ro = await owner.api("POST", "/tokens", { body: { name: "dashboard", readOnly: true } });
    const token = ro.json.token as string;
    expect(ro.json.readOnly).toBe(true);
    expect((await call("GET", `/admin/v1/products/${product.id}`, { token })).status).toBe(200);
    const writes = [
      call("POST", "/admin/v1/products", { token, body: { slug: "x", title: "X", kind: "digital", priceCents: 1 } }),
      call("PATCH", `/admin/v1/products/${product.id}`, { token, body: { title: "Changed" } }),
      call("DELETE", `/admin/v1/products/${product.id}`, { token }),
      call("POST", "/admin/v1/tokens", { token, body: { name: "escalate" } }),
      call("PATCH", "/admin/v1/settings", { token, body: { displayName: "Hacked" } }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    const after = await owner.api("GET", `/products/${product.id}`);
    expect(after.json.product).toMatchObject({ title: "Original", status: "active" });
    expect((await owner.api("GET", "/tokens")).json.items).toHaveLength(2);
  });

  it("token lists never include token values or hashes", async () => {
    const owner = await makeCreator();
    const res = await owner.api("GET", "/tokens");
    expect(res.status).toBe(200);
    expect(res.json.items[0]).toEqual({
      id: expect.any(String),
      name: "default",
      readOnly: false,
      createdAt: expect.any(String),
      lastUsedAt: expect.anything(),
      revokedAt: null,
    });
    expect(res.text).not.toContain(owner.token);
  });
});

describe("tenant isolation", () => {
  it("another creator's product, token and ids are a 404 and stay untouched", async () => {
    const alice = await makeCreator();
    const mallory = await makeCreator();
    const product = await makeProduct(alice, { title: "Alice's" });
    const aliceTokens = (await alice.api("GET", "/tokens")).json.items;

    for (const res of [
      await mallory.api("GET", `/products/${product.id}`),
      await mallory.api("PATCH", `/products/${product.id}`, { body: { title: "Stolen" } }),
      await mallory.api("DELETE", `/products/${product.id}`),
      await mallory.api("DELETE", `/tokens/${aliceTokens[0].id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    const list = await mallory.api("GET", "/products");
    expect(list.json.items).toEqual([]);
    expect((await alice.api("GET", `/products/${product.id}`)).json.product).toMatchObject({ title: "Alice's", status: "active" });
    expect((await alice.api("GET", "/products")).status).toBe(200);
  });

  it("SKUs and slugs are unique per creator, not globally", async () => {
    const a = await makeCreator();
    const b = await makeCreator();
    await makeProduct(a, { slug: "same", variants: [{ sku: "SKU-1", title: "One" }] });
    const res = await b.api("POST", "/products", {
      body: { slug: "same", title: "T", kind: "physical", priceCents: 1, variants: [{ sku: "SKU-1", title: "One" }] },
    });
    expect(res.status).toBe(201);
  });
});
