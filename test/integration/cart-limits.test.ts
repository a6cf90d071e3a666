import { describe, expect, it } from "vitest";
import { makeCreator, makeProduct, unique, type TestCreator } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { variantStub } from "../helpers/drops";

// Every variant here starts with 50 units (the seed only applies to an object that never reserved anything).
const available = async (variantId: string) => (await variantStub(variantId).stockCounts({ variantId, seedStock: 50 })).available;

async function storeWith(limits?: Record<string, unknown>) {
  const c = await makeCreator();
  if (limits) expect((await c.api("PATCH", "/settings", { body: { cartLimits: limits } })).status).toBe(200);
  const product = await makeProduct(c, { variants: [{ sku: unique("A"), title: "A", stock: 50 }, { sku: unique("B"), title: "B", stock: 50 }] });
  const [a, b] = product.variants.map((v: { id: string }) => v.id) as [string, string];
  return { c, a, b };
}

const cart = (c: TestCreator, email: string, items: { variantId: string; quantity: number }[]) => checkout({ handle: c.creator.handle, email, items });

describe("cart limits (settings cartLimits)", () => {
  it("default to 10 per line and 20 per email, can be changed, and null restores the default", async () => {
    const c = await makeCreator();
    expect((await c.api("GET", "/settings")).json.settings.cartLimits).toEqual({ maxPerLine: 10, maxPerEmail: 20 });
    const set = await c.api("PATCH", "/settings", { body: { cartLimits: { maxPerLine: 2, maxPerEmail: 3 } } });
    expect(set.json.settings.cartLimits).toEqual({ maxPerLine: 2, maxPerEmail: 3 });
    const reset = await c.api("PATCH", "/settings", { body: { cartLimits: { maxPerLine: null } } });
    expect(reset.json.settings.cartLimits).toEqual({ maxPerLine: 10, maxPerEmail: 3 });
  });

  it.each([{ maxPerLine: 0 }, { maxPerLine: 1.5 }, { maxPerEmail: 1_000_000 }, { maxPerLine: "5" }, { other: 1 }])("refuses cartLimits %o", async (limits) => {
    const c = await makeCreator();
    const res = await c.api("PATCH", "/settings", { body: { cartLimits: limits } });
    expect(res.status).toBe(400);
    expect((await c.api("GET", "/settings")).json.settings.cartLimits).toEqual({ maxPerLine: 10, maxPerEmail: 20 });
  });

  it("a cart line over maxPerLine is limit_exceeded naming the variant, and reserves nothing", async () => {
    const { c, a, b } = await storeWith();
    const res = await cart(c, "fan@example.com", [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 11 }]);
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "limit_exceeded", details: { variantId: b, limit: 10 } });
    expect(await available(a)).toBe(50);
    expect(await available(b)).toBe(50);
  });

  it("a cart over maxPerEmail is limit_exceeded with the limit, and reserves nothing", async () => {
    const { c, a, b } = await storeWith({ maxPerEmail: 15 });
    const refused = await cart(c, "fan@example.com", [{ variantId: a, quantity: 8 }, { variantId: b, quantity: 8 }]);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "limit_exceeded", details: { limit: 15 } });
    expect(refused.json.error.details).not.toHaveProperty("variantId");
    expect(await available(a)).toBe(50);
    expect((await cart(c, "fan@example.com", [{ variantId: a, quantity: 8 }, { variantId: b, quantity: 7 }])).status).toBe(201);
  });

  it("units held by the same email's pending orders at that store count toward maxPerEmail", async () => {
    const { c, a, b } = await storeWith({ maxPerEmail: 5 });
    expect((await cart(c, "fan@example.com", [{ variantId: a, quantity: 3 }])).status).toBe(201);
    // Same buyer, differently written: still over 5 with the 3 units already held.
    const again = await cart(c, "  FAN@Example.com ", [{ variantId: b, quantity: 3 }]);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "limit_exceeded", details: { limit: 5 } });
    expect(await available(b)).toBe(50);
    // What is left under the limit still goes through, and another buyer is not affected.
    expect((await cart(c, "fan@example.com", [{ variantId: b, quantity: 2 }])).status).toBe(201);
    expect((await cart(c, "friend@example.com", [{ variantId: b, quantity: 5 }])).status).toBe(201);
  });
});
