// Pay what you want (API.md "Products", "Buyer API"): digital products and memberships with `minPriceCents`, where
// `priceCents` is the suggested price; the buyer's price per line is checked on the server; a free order is paid at
// once, without a session; a non-zero total below the processor's minimum charge is refused.
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator, makeProduct } from "../helpers/api";
import { adminOrder, checkout } from "../helpers/checkout";
import { captureJobs, digitalProduct } from "../helpers/fulfillment";

afterEach(() => vi.restoreAllMocks());

const cart = (handle: string, items: Record<string, unknown>[], email = "fan@example.com") => checkout({ handle, email, items });

describe("pay what you want", () => {
  it("a creator sets a minimum on digital products and memberships only, never above the suggested price", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c, { priceCents: 1500, minPriceCents: 500 });
    expect(zine).toMatchObject({ priceCents: 1500, minPriceCents: 500 });
    const club = await c.api("POST", "/products", { body: { slug: "club", title: "Club", kind: "membership", priceCents: 500, minPriceCents: 0 } });
    expect(club.json.product.minPriceCents).toBe(0);
    const tee = await c.api("POST", "/products", { body: { slug: "tee", title: "Tee", kind: "physical", priceCents: 3000, minPriceCents: 1000 } });
    expect(tee.status).toBe(400);
    expect(tee.json.error.details).toEqual([expect.objectContaining({ field: "minPriceCents" })]);
    const above = await c.api("POST", "/products", { body: { slug: "stems", title: "Stems", kind: "digital", priceCents: 300, minPriceCents: 500 } });
    expect(above.status).toBe(400);
    // Lowering the suggestion below the minimum is refused too; null turns pay what you want off.
    expect((await c.api("PATCH", `/products/${zine.id}`, { body: { priceCents: 400 } })).status).toBe(400);
    const off = await c.api("PATCH", `/products/${zine.id}`, { body: { minPriceCents: null } });
    expect(off.json.product.minPriceCents).toBeNull();
    const plain = await makeProduct(c, { kind: "digital", priceCents: 800 });
    expect(plain.minPriceCents).toBeNull();
  });

  it("the buyer's price is charged when it is at least the minimum; below it or on a fixed-price product it is a 400 and nothing is held", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c, { priceCents: 1500, minPriceCents: 500 });
    const tee = await makeProduct(c, { priceCents: 3000, variants: [{ sku: `T-${Date.now()}`, title: "M", stock: 5 }] });
    const handle = c.creator.handle;

    const generous = await cart(handle, [{ variantId: zine.variants[0].id, quantity: 2, priceCents: 2500 }]);
    expect(generous.status).toBe(201);
    expect(generous.json.order).toMatchObject({ totalCents: 5000 });
    expect((await adminOrder(c, generous.json.order.id)).items[0]).toMatchObject({ unitPriceCents: 2500, quantity: 2 });
    // No price named: the suggested one.
    expect((await cart(handle, [{ variantId: zine.variants[0].id, quantity: 1 }])).json.order.totalCents).toBe(1500);

    const low = await cart(handle, [{ variantId: zine.variants[0].id, quantity: 1, priceCents: 499 }]);
    expect(low.status).toBe(400);
    expect(low.json.error).toMatchObject({ code: "invalid_input", details: [{ field: "items.0.priceCents", message: "At least 500." }] });
    // A price on a fixed-price line is refused, and the cart holds nothing (the tee's stock is untouched).
    const fixed = await cart(handle, [
      { variantId: tee.variants[0].id, quantity: 1, priceCents: 1 },
      { variantId: zine.variants[0].id, quantity: 1 },
    ]);
    expect(fixed.status).toBe(400);
    expect(fixed.json.error.details).toEqual([expect.objectContaining({ field: "items.0.priceCents" })]);
    expect((await call("GET", `/api/v1/products/${tee.id}`)).json.product.variants[0].available).toBe(5);
  });

  it("a free order is paid at once without a session, and its download is on its way; repeating the checkout answers the same", async () => {
    const c = await makeCreator();
    const jobs = captureJobs();
    const zine = await digitalProduct(c, { priceCents: 800, minPriceCents: 0 });
    const body = { handle: c.creator.handle, email: "free@example.com", items: [{ variantId: zine.variants[0].id, quantity: 1, priceCents: 0 }] };
    const res = await checkout(body, { "idempotency-key": "free-1" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ order: { status: "paid", totalCents: 0 }, checkoutSessionId: null });
    expect(res.json.checkoutUrl).toBe(`http://localhost/${c.creator.handle}/orders/${res.json.order.id}?token=${res.json.orderToken}`);
    expect(jobs).toEqual([expect.objectContaining({ orderId: res.json.order.id })]);
    const again = await checkout(body, { "idempotency-key": "free-1" });
    expect(again.json).toEqual(res.json);
    expect(jobs).toHaveLength(1);
  });

  it("a total above zero but below the processor's minimum charge is refused before anything is held", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c, { priceCents: 800, minPriceCents: 0 });
    const res = await cart(c.creator.handle, [{ variantId: zine.variants[0].id, quantity: 1, priceCents: 49 }]);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("at least $0.50");
    expect((await cart(c.creator.handle, [{ variantId: zine.variants[0].id, quantity: 1, priceCents: 50 }])).status).toBe(201);
  });

  it("the product page asks for the buyer's price, suggested filled in, and its no-JS form charges it", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c, { slug: "pwyw-zine", priceCents: 1500, minPriceCents: 500 });
    const page = await call("GET", `/${c.creator.handle}/products/pwyw-zine`);
    expect(page.text).toContain("$5.00 or more");
    expect(page.text).toMatch(/<input type="number" name="price" value="15.00" min="5.00" step="0.01"/);
    expect(page.text).toContain("Suggested $15.00, at least $5.00.");
    const form = new URLSearchParams({ variantId: zine.variants[0].id, quantity: "1", email: "nojs@example.com", price: "7.25", priceExponent: "2" });
    const posted = await call("POST", `/${c.creator.handle}/products/pwyw-zine/buy`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "198.51.100.77" } });
    expect(posted.status).toBe(303);
    const orders = (await c.api("GET", "/orders")).json.items;
    expect(orders[0]).toMatchObject({ totalCents: 725 });
  });
});
