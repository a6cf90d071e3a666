import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { makeCreator, makeProduct, unique } from "../helpers/api";
import { counts, dropStub, makeDrop, reserve, sleep, variantStub } from "../helpers/drops";

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

async function productWithStock(c: Awaited<ReturnType<typeof makeCreator>>, stock: number | null) {
  const product = await makeProduct(c, { variants: [{ sku: unique("S"), title: "M", stock }] });
  return { product, variantId: product.variants[0].id as string };
}

describe("creating drops", () => {
  it("moves the drop quantity out of the variant's stock and reports live counts", async () => {
    const c = await makeCreator();
    const { product: made, variantId } = await productWithStock(c, 30);
    const res = await c.api("POST", "/drops", {
      body: { slug: "winter", title: "Winter drop", startsAt: soon(60_000), perBuyerLimit: 2, items: [{ variantId, quantity: 20, priceCents: 1999 }] },
    });
    expect(res.status).toBe(201);
    expect(res.json.drop).toMatchObject({
      slug: "winter",
      status: "scheduled",
      perBuyerLimit: 2,
      holdSeconds: 600,
      items: [{ variantId, quantity: 20, available: 20, held: 0, sold: 0, priceCents: 1999, currency: "usd" }],
    });
    const stock = await variantStub(variantId).stockCounts({ variantId, seedStock: 0 });
    expect(stock.available).toBe(10);
    // D1's display copy agrees at once: the product shows the stock left outside the drop.
    const product = (await c.api("GET", `/products/${made.id}`)).json.product;
    expect(product.variants[0].stock).toBe(10);
    const got = await c.api("GET", `/drops/${res.json.drop.id}`);
    expect(got.json.drop).toEqual(res.json.drop);
  });

  it("refuses a drop larger than the stock with sold_out and takes nothing from any variant", async () => {
    const c = await makeCreator();
    const a = await productWithStock(c, 10);
    const b = await productWithStock(c, 2);
    const res = await c.api("POST", "/drops", {
      body: { slug: "big", title: "Big", startsAt: soon(0), perBuyerLimit: 1, items: [{ variantId: a.variantId, quantity: 5 }, { variantId: b.variantId, quantity: 3 }] },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("sold_out");
    expect(res.json.error.details).toEqual([expect.objectContaining({ variantId: b.variantId, requested: 3, available: 2 })]);
    expect((await variantStub(a.variantId).stockCounts({ variantId: a.variantId, seedStock: 0 })).available).toBe(10);
    expect((await variantStub(b.variantId).stockCounts({ variantId: b.variantId, seedStock: 0 })).available).toBe(2);
    expect((await c.api("GET", "/drops")).json.items).toEqual([]);
  });

  it("untracked variants allocate freely", async () => {
    const c = await makeCreator();
    const { variantId } = await productWithStock(c, null);
    const res = await c.api("POST", "/drops", { body: { slug: "free", title: "Free", startsAt: soon(0), perBuyerLimit: 1, items: [{ variantId, quantity: 500 }] } });
    expect(res.status).toBe(201);
    expect(res.json.drop.status).toBe("live");
  });

  it("another creator's variant is not_found", async () => {
    const alice = await makeCreator();
    const mallory = await makeCreator();
    const { variantId } = await productWithStock(alice, 10);
    const res = await mallory.api("POST", "/drops", { body: { slug: "steal", title: "S", startsAt: soon(0), perBuyerLimit: 1, items: [{ variantId, quantity: 1 }] } });
    expect(res.status).toBe(404);
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 10 })).available).toBe(10);
  });

  it.each([
    [{ holdSeconds: 0 }, "holdSeconds"],
    [{ holdSeconds: 86_401 }, "holdSeconds"],
    [{ perBuyerLimit: 0 }, "perBuyerLimit"],
    [{ startsAt: "tomorrow" }, "startsAt"],
    [{ endsAt: "2020-01-01T00:00:00Z" }, "endsAt"],
    [{ items: [] }, "items"],
    [{ slug: "Bad Slug" }, "slug"],
  ])("%o → invalid_input naming %s", async (patch, field) => {
    const c = await makeCreator();
    const { variantId } = await productWithStock(c, 10);
    const res = await c.api("POST", "/drops", {
      body: { slug: "ok", title: "T", startsAt: soon(0), perBuyerLimit: 1, items: [{ variantId, quantity: 1 }], ...patch },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 10 })).available).toBe(10);
  });

  it("a duplicate slug is a conflict; a duplicate variant in items is invalid", async () => {
    const c = await makeCreator();
    const { variantId } = await productWithStock(c, 10);
    const body = { slug: "same", title: "T", startsAt: soon(0), perBuyerLimit: 1, items: [{ variantId, quantity: 1 }] };
    expect((await c.api("POST", "/drops", { body })).status).toBe(201);
    expect((await c.api("POST", "/drops", { body })).status).toBe(409);
    const dup = await c.api("POST", "/drops", { body: { ...body, slug: "other", items: [{ variantId, quantity: 1 }, { variantId, quantity: 2 }] } });
    expect(dup.status).toBe(400);
  });
});

describe("changing and canceling drops", () => {
  it("PATCH works before the start and is a conflict after it", async () => {
    const c = await makeCreator();
    const future = await makeDrop(c, { startsAt: soon(3600_000) });
    const patched = await c.api("PATCH", `/drops/${future.dropId}`, { body: { title: "Renamed", perBuyerLimit: 4 } });
    expect(patched.status).toBe(200);
    expect(patched.json.drop).toMatchObject({ title: "Renamed", perBuyerLimit: 4 });
    expect((await dropStub(future.dropId).getDrop()).ok).toBe(true);
    const live = await makeDrop(c);
    const res = await c.api("PATCH", `/drops/${live.dropId}`, { body: { title: "Too late" } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect((await c.api("GET", `/drops/${live.dropId}`)).json.drop.title).toBe("Test Drop");
  });

  it("moving the start into the past makes the drop live at once", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { startsAt: soon(3600_000) });
    await c.api("PATCH", `/drops/${dropId}`, { body: { startsAt: new Date(Date.now() - 1000).toISOString() } });
    expect((await reserve(dropId, { variantId, quantity: 1, email: "now@example.com" })).status).toBe(201);
  });

  it("cancel returns unsold units to stock; units still held return when their hold ends", async () => {
    const c = await makeCreator();
    const { dropId, variantId, product } = await makeDrop(c, { quantity: 10, stock: 15, holdSeconds: 1 });
    const sold = await reserve(dropId, { variantId, quantity: 2, email: "s@example.com" });
    await dropStub(dropId).commit(sold.json.reservation.id);
    await reserve(dropId, { variantId, quantity: 3, email: "h@example.com" });
    const res = await c.api("POST", `/drops/${dropId}/cancel`);
    expect(res.status).toBe(200);
    expect(res.json.drop.status).toBe("canceled");
    // 5 unsold and unheld units are back at once (15 - 10 + 5 = 10), in the product's stock too; the 3 held ones are not yet.
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 0 })).available).toBe(10);
    expect((await c.api("GET", `/products/${product.id}`)).json.product.variants[0].stock).toBe(10);
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 0 })).available).toBe(13);
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ quantity: 10, sold: 2, held: 0, returned: 8, available: 0 });
    // A second cancel is harmless; canceling an ended drop is a conflict.
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 0 })).available).toBe(13);
  });

  it("ending a drop returns its unsold units", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 4, stock: 4, endsAt: soon(300) });
    await sleep(400);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await variantStub(variantId).stockCounts({ variantId, seedStock: 0 })).available).toBe(4);
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(409);
  });

  it("another creator cannot read, change or cancel a drop", async () => {
    const alice = await makeCreator();
    const mallory = await makeCreator();
    const { dropId } = await makeDrop(alice, { startsAt: soon(3600_000) });
    expect((await mallory.api("GET", `/drops/${dropId}`)).status).toBe(404);
    expect((await mallory.api("PATCH", `/drops/${dropId}`, { body: { title: "x" } })).status).toBe(404);
    expect((await mallory.api("POST", `/drops/${dropId}/cancel`)).status).toBe(404);
    expect((await alice.api("GET", `/drops/${dropId}`)).json.drop.status).toBe("scheduled");
  });
});

describe("regular stock edits go through the variant's object", () => {
  it("PATCHing stock sets the units for sale, keeping what is held", async () => {
    const c = await makeCreator();
    const { product, variantId } = await productWithStock(c, 5);
    const stub = variantStub(variantId);
    await stub.reserveStock({ variantId, seedStock: 5, quantity: 2, email: "cart@example.com", holdSeconds: 1800 });
    const res = await c.api("PATCH", `/products/${product.id}`, { body: { variants: [{ id: variantId, stock: 8 }] } });
    expect(res.status).toBe(200);
    expect(res.json.product.variants[0].stock).toBe(8);
    expect(await stub.stockCounts({ variantId, seedStock: 0 })).toMatchObject({ available: 8, held: 2, quantity: 10 });
  });
});
