import { describe, expect, it } from "vitest";
import { listedProducts, makeCreator, makeProduct } from "../helpers/api";

describe("products", () => {
  it("creates a product with variants, prices inherited where not overridden", async () => {
    const c = await makeCreator({ currency: "eur" });
    const res = await c.api("POST", "/products", {
      body: {
        slug: "tour-tee",
        title: "Tour Tee",
        description: "Soft cotton.",
        kind: "physical",
        priceCents: 3000,
        variants: [
          { sku: "TEE-S", title: "Small", stock: 10 },
          { sku: "TEE-XL", title: "XL", priceCents: 3500, stock: null },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.product).toMatchObject({
      slug: "tour-tee",
      kind: "physical",
      priceCents: 3000,
      currency: "eur",
      status: "active",
      variants: [
        { sku: "TEE-S", title: "Small", priceCents: 3000, stock: 10 },
        { sku: "TEE-XL", title: "XL", priceCents: 3500, stock: null },
      ],
    });
    expect(res.json.product.variants[0].id).toMatch(/^var_/);
    const fetched = await c.api("GET", `/products/${res.json.product.id}`);
    expect(fetched.json.product).toEqual(res.json.product);
  });

  it("creates one default variant when none are given", async () => {
    const c = await makeCreator();
    const product = await makeProduct(c, { slug: "zine", kind: "digital", priceCents: 800, status: "draft" });
    expect(product.status).toBe("draft");
    expect(product.currency).toBe("usd");
    expect(product.variants).toEqual([{ id: expect.stringMatching(/^var_/), sku: "zine", title: "Default", priceCents: 800, stock: null, lowStockThreshold: null }]);
  });

  it("refuses a duplicate slug or SKU with conflict and writes nothing", async () => {
    const c = await makeCreator();
    await makeProduct(c, { slug: "poster", variants: [{ sku: "P-1", title: "A2" }] });
    const dupSlug = await c.api("POST", "/products", { body: { slug: "poster", title: "T", kind: "physical", priceCents: 1 } });
    expect(dupSlug.status).toBe(409);
    const dupSku = await c.api("POST", "/products", {
      body: { slug: "poster-2", title: "T", kind: "physical", priceCents: 1, variants: [{ sku: "P-1", title: "x" }] },
    });
    expect(dupSku.status).toBe(409);
    expect(dupSku.json.error.code).toBe("conflict");
    expect(await listedProducts(c)).toHaveLength(1);
  });

  it("paginates newest first with an opaque cursor", async () => {
    const c = await makeCreator();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeProduct(c, { slug: `item-${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const res = await c.api("GET", `/products${qs}`);
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.items.map((p: { slug: string }) => p.slug));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((p) => p.slug).reverse());
  });

  it("rejects a bad limit or cursor", async () => {
    const c = await makeCreator();
    for (const qs of ["?limit=0", "?limit=101", "?limit=abc", "?cursor=garbage", "?status=deleted"]) {
      const res = await c.api("GET", `/products${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.json.error.code).toBe("invalid_input");
    }
  });

  it("patches fields and variants, adding a new variant", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, { variants: [{ sku: "A", title: "A", stock: 1 }] });
    const res = await c.api("PATCH", `/products/${p.id}`, {
      body: {
        title: "Renamed",
        priceCents: 999,
        variants: [{ id: p.variants[0].id, title: "A+", stock: 5 }, { sku: "B", title: "B", priceCents: 1200 }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.product).toMatchObject({
      title: "Renamed",
      priceCents: 999,
      variants: [
        { sku: "A", title: "A+", stock: 5, priceCents: 999 },
        { sku: "B", title: "B", stock: null, priceCents: 1200 },
      ],
    });
  });

  it("archives on DELETE: still readable by id, hidden from lists unless asked for", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c);
    const del = await c.api("DELETE", `/products/${p.id}`);
    expect(del.status).toBe(200);
    expect(del.json.product.status).toBe("archived");
    expect((await c.api("GET", `/products/${p.id}`)).json.product.status).toBe("archived");
    expect((await c.api("GET", "/products")).json.items).toEqual([]);
    const archived = await c.api("GET", "/products?status=archived");
    expect(archived.json.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });

  it("unknown product ids are a 404", async () => {
    const c = await makeCreator();
    const res = await c.api("GET", "/products/prd_doesnotexist");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });
});
