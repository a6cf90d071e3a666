// The buyer's product read (API.md "Buyer API": GET /api/v1/products/{id}): each variant's price and live stock, tracked
// stock from the variant's inventory object through a micro-cache of at most 1 s, untracked as null; only public
// products, and ids that are not one never reach (or create) an object.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { CATCH_UP } from "../helpers/drops";
import { variantObjectName } from "../../src/shared/bindings";

const read = (id: string) => call("GET", `/api/v1/products/${id}`);

async function hasVariantObject(variantId: string): Promise<boolean> {
  const wanted = env.INVENTORY.idFromName(variantObjectName(variantId));
  return (await listDurableObjectIds(env.INVENTORY)).some((id) => id.equals(wanted));
}

const hoodie = (overrides: Record<string, unknown> = {}) => ({
  title: "Hoodie",
  priceCents: 5500,
  variants: [
    { sku: unique("M"), title: "Medium", stock: 5 },
    { sku: unique("L"), title: "Large", priceCents: 6000, stock: 0 },
    { sku: unique("XL"), title: "Any size, made to order" },
  ],
  ...overrides,
});

describe("a product page's live read", () => {
  it("answers each variant's price and stock (null when untracked), cacheable by anyone for a second", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, hoodie());
    const res = await read(p.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=1");
    expect(res.json).toEqual({
      product: {
        id: p.id,
        slug: p.slug,
        title: "Hoodie",
        variants: [
          { id: p.variants[0].id, title: "Medium", priceCents: 5500, currency: "usd", available: 5 },
          { id: p.variants[1].id, title: "Large", priceCents: 6000, currency: "usd", available: 0 },
          { id: p.variants[2].id, title: "Any size, made to order", priceCents: 5500, currency: "usd", available: null },
        ],
      },
    });
  });

  it("tracked stock comes from the variant's object, not D1's display copy: a cart's hold shows within the window", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, hoodie());
    const medium = p.variants[0].id as string;
    expect((await read(p.id)).json.product.variants[0].available).toBe(5);
    // A display copy gone stale (the object's alarm rewrites it later): the read must not show it.
    await env.DB.prepare("update variants set stock = 999 where id = ?").bind(medium).run();
    const held = await checkout({ handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: medium, quantity: 2 }] });
    expect(held.status).toBe(201);
    await expect.poll(async () => (await read(p.id)).json.product.variants[0].available, CATCH_UP).toBe(3);
    expect((await read(p.id)).json.product.variants.map((v: { available: number | null }) => v.available)).toEqual([3, 0, null]);
  });

  it("a malformed or unknown id is a 404 JSON error that creates no object", async () => {
    const before = (await listDurableObjectIds(env.INVENTORY)).length;
    for (const id of ["nope", "prd_x", `var_${"0".repeat(26)}`, `prd_${"0".repeat(26)}`, `prd_${"z".repeat(26)}`]) {
      const res = await read(id);
      expect(res.status, id).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect((await listDurableObjectIds(env.INVENTORY)).length).toBe(before);
  });

  it("a draft product is a 404 and its tracked variant's object is never created", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, { status: "draft", variants: [{ sku: unique("D"), title: "One size", stock: 4 }] });
    expect((await read(p.id)).status).toBe(404);
    expect(await hasVariantObject(p.variants[0].id)).toBe(false);
  });

  it("an archived product disappears from the read within the window", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, hoodie());
    expect((await read(p.id)).status).toBe(200);
    expect((await c.api("DELETE", `/products/${p.id}`)).status).toBe(200);
    await expect.poll(async () => (await read(p.id)).status, CATCH_UP).toBe(404);
    expect((await read(p.id)).json.error.code).toBe("not_found");
  });
});
