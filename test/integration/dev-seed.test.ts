import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEMO_TOKEN } from "../../src/dev/seed";
import { PLATFORM_TOKEN, call, callWithEnv } from "../helpers/api";
import { infoOf } from "../helpers/images";

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
    // One demo code, seeded once.
    const codes = await call("GET", "/admin/v1/discounts", { token: DEMO_TOKEN });
    expect(codes.json.items.map((d: { code: string; percentOff: number }) => [d.code, d.percentOff])).toEqual([[first.json.discountCode, 10]]);
    // Two shipping rates to choose from at checkout.
    const { shippingRates } = (await call("GET", "/admin/v1/settings", { token: DEMO_TOKEN })).json.settings;
    expect(shippingRates.map((r: { name: string; amountCents: number }) => [r.name, r.amountCents])).toEqual([["Standard", 500], ["Express", 1500]]);
  });

  it("the zine sold as a PDF downloads as a well-formed PDF (its cross-reference table points at each object)", async () => {
    await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    const products = (await call("GET", "/admin/v1/products", { token: DEMO_TOKEN })).json.items as { id: string; slug: string; hasFile: boolean }[];
    const zine = products.find((p) => p.slug === "sketchbook-zine")!;
    expect(zine.hasFile).toBe(true);
    const { env } = await import("cloudflare:workers");
    const [stored] = (await env.FILES.list({ prefix: "files/", include: ["httpMetadata"] })).objects.filter((o) => o.key.includes(zine.id));
    expect(stored!.httpMetadata).toMatchObject({ contentType: "application/pdf", contentDisposition: 'attachment; filename="sketchbook-zine.pdf"' });
    const pdf = await (await env.FILES.get(stored!.key))!.text();
    expect(pdf.startsWith("%PDF-1.4\n") && pdf.endsWith("%%EOF\n")).toBe(true);
    expect(pdf).toContain("(48 pages of tour sketches would be delivered here.) Tj");
    const xrefAt = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 5)).toBe("xref\n");
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((at, i) => expect(pdf.slice(at, at + 8)).toBe(`${i + 1} 0 obj\n`));
    const length = Number(/<< \/Length (\d+) >>\nstream\n/.exec(pdf)![1]);
    expect(pdf.slice(pdf.indexOf("stream\n") + 7).indexOf("\nendstream")).toBe(length);
  });

  it("requires the platform token", async () => {
    expect((await call("POST", "/dev/seed")).status).toBe(401);
  });

  it("does not exist outside development", async () => {
    const res = await callWithEnv({ ENVIRONMENT: "production" }, "POST", "/dev/seed", { token: PLATFORM_TOKEN });
    expect(res.status).toBe(404);
  });
});

describe("development seed: the demo store's pictures", () => {
  it("every product gets 2–3 measured, described images and the store an avatar and a wide banner, once", async () => {
    await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    const first = (await call("GET", "/admin/v1/products", { token: DEMO_TOKEN })).json.items as { slug: string; images: { url: string; width: number; height: number; alt: string }[] }[];
    for (const product of first) {
      expect(product.images.length, product.slug).toBeGreaterThanOrEqual(2);
      expect(product.images.length, product.slug).toBeLessThanOrEqual(3);
      for (const image of product.images) {
        expect(image).toMatchObject({ width: 1200, height: 1200, url: expect.stringMatching(/\.jpg$/) });
        expect(image.alt.length, product.slug).toBeGreaterThan(20);
      }
    }
    const settings = (await call("GET", "/admin/v1/settings", { token: DEMO_TOKEN })).json.settings;
    expect(settings).toMatchObject({ avatarUrl: expect.stringMatching(/^\/media\//), bannerUrl: expect.stringMatching(/^\/media\//), accentColor: "#7c3aed" });
    const banner = await exports.default.fetch(new Request(`http://localhost${settings.bannerUrl}`));
    expect(await infoOf(await banner.arrayBuffer())).toMatchObject({ format: "image/jpeg", width: 1920, height: 640 });
    const resized = await exports.default.fetch(new Request(`http://localhost${first[0]!.images[0]!.url}/480.webp`));
    expect(await infoOf(await resized.arrayBuffer())).toMatchObject({ format: "image/webp", width: 480 });
    await call("POST", "/dev/seed", { token: PLATFORM_TOKEN });
    const again = (await call("GET", "/admin/v1/products", { token: DEMO_TOKEN })).json.items;
    expect(again.map((p: { images: unknown[] }) => p.images)).toEqual(first.map((p) => p.images));
    expect((await call("GET", "/admin/v1/settings", { token: DEMO_TOKEN })).json.settings).toMatchObject({ avatarUrl: settings.avatarUrl, bannerUrl: settings.bannerUrl });
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
