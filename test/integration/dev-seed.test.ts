import { describe, expect, it } from "vitest";
import { DEMO_TOKEN } from "../../src/dev/seed";
import { PLATFORM_TOKEN, call, callWithEnv } from "../helpers/api";

describe("development seed", () => {
  it("seeds the demo store idempotently and its token works", async () => {
    const first = await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    expect(first.status).toBe(200);
    const second = await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    expect(first.json.createdProducts.length).toBeGreaterThanOrEqual(5);
    expect(first.json.order).toMatchObject({ status: "paid", url: expect.stringContaining("/nova/orders/ord_") });
    expect(second.json.order).toBeNull();
    expect(second.json.createdProducts).toEqual([]);
    const products = await call("GET", "/admin/v1/products", { token: DEMO_TOKEN });
    expect(products.status).toBe(200);
    const kinds = new Set(products.json.items.map((p: { kind: string }) => p.kind));
    expect(kinds).toEqual(new Set(["physical", "digital", "membership"]));
    expect(products.json.items).toHaveLength(first.json.createdProducts.length);
  });

  it("requires the platform token", async () => {
    expect((await call("POST", "/dev/seed")).status).toBe(401);
  });

  it("does not exist outside development", async () => {
    const res = await callWithEnv({ ENVIRONMENT: "production" }, "POST", "/dev/seed", { token: PLATFORM_TOKEN });
    expect(res.status).toBe(404);
  });
});

describe("development seed: the demo drop", () => {
  it("creates a drop that opens a few minutes later, once", async () => {
    await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    const drops = await call("GET", "/admin/v1/drops", { token: DEMO_TOKEN });
    expect(drops.json.items).toHaveLength(1);
    const drop = drops.json.items[0];
    expect(drop.status).toBe("scheduled");
    const opensIn = Date.parse(drop.startsAt) - Date.now();
    expect(opensIn).toBeGreaterThan(60_000);
    expect(opensIn).toBeLessThan(10 * 60_000);
    const pub = await call("GET", `/api/v1/drops/${drop.id}`);
    expect(pub.json.drop.items.map((i: { available: number }) => i.available)).toEqual([20, 10]);
    await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    expect((await call("GET", "/admin/v1/drops", { token: DEMO_TOKEN })).json.items).toHaveLength(1);
  });
});
