import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { releaseCart, reserveCart } from "../../src/inventory/inventory-client";
import { DomainError } from "../../src/shared/errors";
import { makeCreator, makeProduct, unique } from "../helpers/api";
import { variantStub } from "../helpers/drops";

async function variants(stocks: number[]) {
  const c = await makeCreator();
  const product = await makeProduct(c, { variants: stocks.map((stock) => ({ sku: unique("V"), title: "v", stock })) });
  return product.variants.map((v: { id: string; stock: number }) => ({ variantId: v.id, seedStock: v.stock }));
}

const available = async (variantId: string) => (await variantStub(variantId).stockCounts({ variantId, seedStock: 0 })).available;

describe("cart reservations over regular stock", () => {
  it("reserves every line, each in its variant's object", async () => {
    const [a, b] = await variants([5, 5]);
    const holds = await reserveCart(env.INVENTORY, [{ ...a, quantity: 2 }, { ...b, quantity: 5 }], { email: "cart@example.com", holdSeconds: 1800 });
    expect(holds.map((h) => h.quantity)).toEqual([2, 5]);
    expect(await available(a.variantId)).toBe(3);
    expect(await available(b.variantId)).toBe(0);
    const expiresIn = Date.parse(holds[0]!.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(1790_000);
    await releaseCart(env.INVENTORY, holds);
    expect(await available(a.variantId)).toBe(5);
    expect(await available(b.variantId)).toBe(5);
  });

  it("reserves all lines or none: a short line releases the others and names each short variant", async () => {
    const [a, b, c] = await variants([5, 1, 0]);
    const attempt = reserveCart(env.INVENTORY, [{ ...a, quantity: 2 }, { ...b, quantity: 2 }, { ...c, quantity: 1 }], {
      email: "cart@example.com",
      holdSeconds: 1800,
    });
    const err = await attempt.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("sold_out");
    expect((err as DomainError).details).toEqual([
      { variantId: b.variantId, requested: 2, available: 1 },
      { variantId: c.variantId, requested: 1, available: 0 },
    ]);
    expect(await available(a.variantId)).toBe(5);
    expect(await available(b.variantId)).toBe(1);
  });

  it("parallel carts competing for the last units: exactly the stock's worth succeed, the rest are sold_out and hold nothing", async () => {
    // Only `a` is contested (b has plenty), so the object of `a` alone decides who wins: exactly 10 carts. Every
    // loser took a unit of b first and must have given it back.
    const [a, b] = await variants([10, 100]);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        reserveCart(env.INVENTORY, [{ ...a, quantity: 1 }, { ...b, quantity: 1 }], { email: `p${i}@example.com`, holdSeconds: 1800 }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(30);
    for (const err of lost) expect(err).toMatchObject({ code: "sold_out", details: [{ variantId: a.variantId, requested: 1, available: 0 }] });
    for (const [v, stock] of [[a, 10], [b, 100]] as const) {
      const counts = await variantStub(v.variantId).stockCounts({ variantId: v.variantId, seedStock: 0 });
      expect(counts).toMatchObject({ quantity: stock, held: 10, sold: 0, available: stock - 10 });
    }
  });
});
