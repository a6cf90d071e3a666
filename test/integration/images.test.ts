// Images the Cloudflare way: uploads checked by their bytes (Images binding), product images with alt text and order,
// the avatar and banner, and resized WebP/AVIF copies served from the edge cache, R2, or made once by the binding.
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator, makeProduct, type TestCreator } from "../helpers/api";
import { imageBytes, infoOf, svgBytes, watchTransforms } from "../helpers/images";
import { until } from "../helpers/live";
import { captureLogs } from "../helpers/logs";
import { resizedUrl } from "../../src/shared/media";
import { storefrontDrop, storefrontHome, storefrontProduct } from "../../src/catalog/storefront-catalog";
import { createDb } from "../../src/db/client";
import { makeDrop } from "../helpers/drops";

afterEach(() => vi.restoreAllMocks());

const png = (c: TestCreator, path: string, body: Uint8Array, method = "POST", headers: Record<string, string> = {}) =>
  c.api(method, path, { rawBody: body, headers: { "content-type": "image/png", ...headers } });

async function addImage(c: TestCreator, productId: string, alt: string, width = 64, height = 48) {
  const res = await png(c, `/products/${productId}/images?alt=${encodeURIComponent(alt)}`, await imageBytes(width, height));
  expect(res.status, res.text).toBe(201);
  return res.json.image as { id: string; url: string; width: number; height: number; alt: string };
}

const keyOf = (url: string) => url.slice("/media/".length);
const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`http://localhost${path}`, init));
const stored = async (objectKey: string) => (await env.FILES.head(objectKey)) !== null;

describe("product images", () => {
  it("an uploaded PNG is measured and described; the product lists its images in order and keeps imageUrl as the first", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    expect((await c.api("GET", `/products/${tee.id}`)).json.product).toMatchObject({ images: [], imageUrl: null });
    const front = await addImage(c, tee.id, "The tee from the front", 64, 48);
    expect(front).toEqual({ id: expect.stringMatching(/^img_/), url: expect.stringMatching(new RegExp(`^/media/${c.creator.id}/${tee.id}/[\\w-]+\\.png$`)), width: 64, height: 48, alt: "The tee from the front" });
    const back = await addImage(c, tee.id, "The back print", 30, 40);
    const detail = await addImage(c, tee.id, "Close-up of the print", 20, 20);
    const product = (await c.api("GET", `/products/${tee.id}`)).json.product;
    expect(product.images).toEqual([front, back, detail]);
    expect(product.imageUrl).toBe(front.url);
    expect((await c.api("GET", "/products")).json.items.find((p: { id: string }) => p.id === tee.id).images).toEqual([front, back, detail]);
    const original = await fetchPath(front.url);
    expect([original.status, original.headers.get("content-type"), original.headers.get("cache-control")]).toEqual([200, "image/png", "public, max-age=31536000, immutable"]);
    expect(await infoOf(await original.arrayBuffer())).toMatchObject({ format: "image/png", width: 64, height: 48 });
  });

  it("the type stored is the one the bytes show, not the Content-Type claimed", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const res = await png(c, `/products/${tee.id}/images`, await imageBytes(40, 30, "image/jpeg"));
    expect(res.status).toBe(201);
    expect(res.json.image).toMatchObject({ url: expect.stringMatching(/\.jpg$/), width: 40, height: 30, alt: "" });
    expect((await fetchPath(res.json.image.url)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("deleting an image removes it from the order and deletes its original and resized copies from R2", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const [a, b, d] = [await addImage(c, tee.id, "a", 400, 300), await addImage(c, tee.id, "b"), await addImage(c, tee.id, "d")];
    expect((await fetchPath(resizedUrl(keyOf(a.url), 160, "webp"))).status).toBe(200);
    await until(async () => (await stored(`media-resized/${keyOf(a.url)}/160.webp`)) || undefined);
    expect(await stored(`media/${keyOf(a.url)}`)).toBe(true);
    const res = await c.api("DELETE", `/products/${tee.id}/images/${a.id}`);
    expect(res.status).toBe(204);
    expect(await stored(`media/${keyOf(a.url)}`)).toBe(false);
    expect(await stored(`media-resized/${keyOf(a.url)}/160.webp`)).toBe(false);
    const product = (await c.api("GET", `/products/${tee.id}`)).json.product;
    expect(product.images.map((i: { id: string }) => i.id)).toEqual([b.id, d.id]);
    expect(product.imageUrl).toBe(b.url);
    expect((await c.api("DELETE", `/products/${tee.id}/images/${a.id}`)).status).toBe(404);
    // A new image goes after the others, never into the freed place.
    const e = await addImage(c, tee.id, "e");
    expect((await c.api("GET", `/products/${tee.id}`)).json.product.images.map((i: { id: string }) => i.id)).toEqual([b.id, d.id, e.id]);
  });

  it("PATCH fixes an image's alt text without a new upload", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee");
    const res = await c.api("PATCH", `/products/${tee.id}/images/${image.id}`, { body: { alt: "  Black tee with a purple moon  " } });
    expect(res.status).toBe(200);
    expect(res.json.image).toEqual({ ...image, alt: "Black tee with a purple moon" });
    expect((await c.api("GET", `/products/${tee.id}`)).json.product.images).toEqual([res.json.image]);
    expect((await c.api("PATCH", `/products/${tee.id}/images/${image.id}`, { body: { alt: "x".repeat(1001) } })).status).toBe(400);
    expect((await c.api("PATCH", `/products/${tee.id}/images/img_unknown`, { body: { alt: "x" } })).status).toBe(404);
  });

  it("PUT …/image replaces the first image and deletes its files; the others stay", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const first = (await png(c, `/products/${tee.id}/image`, await imageBytes(), "PUT")).json.product.images[0];
    const second = await addImage(c, tee.id, "second");
    const res = await png(c, `/products/${tee.id}/image?alt=New%20front`, await imageBytes(50, 50), "PUT");
    expect(res.status).toBe(200);
    expect(res.json.product.images).toEqual([expect.objectContaining({ alt: "New front", width: 50, height: 50 }), second]);
    expect(res.json.product.imageUrl).toBe(res.json.product.images[0].url);
    expect(res.json.product.images[0].id).not.toBe(first.id);
    expect(await stored(`media/${keyOf(first.url)}`)).toBe(false);
  });

  it("an 11th image is a conflict, and nothing of it is stored", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const bytes = await imageBytes(8, 8);
    for (let i = 0; i < 10; i++) expect((await png(c, `/products/${tee.id}/images`, bytes)).status).toBe(201);
    const before = (await env.FILES.list({ prefix: `media/${c.creator.id}/` })).objects.length;
    const res = await png(c, `/products/${tee.id}/images`, bytes);
    expect([res.status, res.json.error.code]).toEqual([409, "conflict"]);
    expect((await env.FILES.list({ prefix: `media/${c.creator.id}/` })).objects.length).toBe(before);
    expect((await c.api("GET", `/products/${tee.id}`)).json.product.images).toHaveLength(10);
  });

  it("refuses a text file or an SVG labelled image/png with a clear 415, and an image over 20 MiB with 413", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const text = await png(c, `/products/${tee.id}/images`, new TextEncoder().encode("just some text, not a picture"));
    expect([text.status, text.json.error.code]).toEqual([415, "unsupported_media_type"]);
    expect(text.json.error.message).toMatch(/not an image.*PNG, JPEG, WebP, GIF or AVIF/);
    const svg = await png(c, `/products/${tee.id}/images`, svgBytes());
    expect([svg.status, svg.json.error.message]).toEqual([415, expect.stringMatching(/SVG/)]);
    const declared = await png(c, `/products/${tee.id}/images`, new Uint8Array(10), "POST", { "content-length": String(21 * 1024 * 1024) }).catch(() => ({ status: 413 }));
    expect(declared.status).toBe(413);
    // Without a Content-Length (chunked), the reading stops at the limit.
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 21 * 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(1024 * 1024));
        sent += 1024 * 1024;
      },
    });
    const streamed = await c.api("POST", `/products/${tee.id}/images`, { rawBody: chunked, headers: { "content-type": "image/png" } });
    expect([streamed.status, streamed.json.error.code]).toEqual([413, "payload_too_large"]);
    expect((await c.api("GET", `/products/${tee.id}`)).json.product.images).toEqual([]);
  });

  it("another creator's product and images answer 404; a read-only token gets 403", async () => {
    const owner = await makeCreator();
    const tee = await makeProduct(owner);
    const image = await addImage(owner, tee.id, "mine");
    const other = await makeCreator();
    const bytes = await imageBytes();
    expect((await png(other, `/products/${tee.id}/images`, bytes)).status).toBe(404);
    expect((await png(other, `/products/${tee.id}/image`, bytes, "PUT")).status).toBe(404);
    expect((await other.api("PATCH", `/products/${tee.id}/images/${image.id}`, { body: { alt: "theirs" } })).status).toBe(404);
    expect((await other.api("DELETE", `/products/${tee.id}/images/${image.id}`)).status).toBe(404);
    const readOnly = (await owner.api("POST", "/tokens", { body: { name: "viewer", readOnly: true } })).json.token;
    const refused = await call("POST", `/admin/v1/products/${tee.id}/images`, { token: readOnly, rawBody: bytes, headers: { "content-type": "image/png" } });
    expect(refused.status).toBe(403);
    expect((await call("DELETE", `/admin/v1/products/${tee.id}/images/${image.id}`, { token: readOnly })).status).toBe(403);
    expect((await owner.api("GET", `/products/${tee.id}`)).json.product.images).toEqual([image]);
  });

  it("a retried upload with the same Idempotency-Key adds the image once", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const bytes = await imageBytes();
    const first = await png(c, `/products/${tee.id}/images?alt=once`, bytes, "POST", { "idempotency-key": "upload-1" });
    const again = await png(c, `/products/${tee.id}/images?alt=once`, bytes, "POST", { "idempotency-key": "upload-1" });
    expect(first.status).toBe(201);
    expect([again.status, again.json]).toEqual([201, first.json]);
    expect(await infoOf((await (await fetchPath(first.json.image.url)).arrayBuffer()))).toMatchObject({ width: 64, height: 48 });
    expect((await c.api("GET", `/products/${tee.id}`)).json.product.images).toHaveLength(1);
  });
});

describe("resized copies", () => {
  it("answers WebP of the asked width with immutable caching, made once: then from the edge cache, then from R2", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee", 400, 300);
    const path = resizedUrl(keyOf(image.url), 320, "webp");
    const transforms = watchTransforms();
    const res = await fetchPath(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await infoOf(await res.arrayBuffer())).toMatchObject({ format: "image/webp", width: 320, height: 240 });
    expect(transforms.calls).toBe(1);
    await until(async () => (await stored(`media-resized/${keyOf(image.url)}/320.webp`)) || undefined);
    const cached = await until(async () => (await caches.default.match(`http://localhost${path}`)) ?? undefined);
    await cached.body?.cancel();
    const again = await fetchPath(path);
    expect([again.status, again.headers.get("etag")]).toEqual([200, etag]);
    await again.body?.cancel();
    // Another data centre (an empty edge cache) gets the copy stored in R2, with the same ETag.
    expect(await caches.default.delete(`http://localhost${path}`)).toBe(true);
    const fromR2 = await fetchPath(path);
    expect([fromR2.status, fromR2.headers.get("etag"), fromR2.headers.get("content-type")]).toEqual([200, etag, "image/webp"]);
    expect(await infoOf(await fromR2.arrayBuffer())).toMatchObject({ width: 320 });
    expect(transforms.calls).toBe(1);
    const notModified = await fetchPath(path, { headers: { "if-none-match": etag } });
    expect([notModified.status, notModified.headers.get("etag")]).toEqual([304, etag]);
    const head = await fetchPath(path, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([200, "image/webp", ""]);
  });

  it("AVIF too; a width larger than the original is not enlarged", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee", 200, 100);
    const res = await fetchPath(resizedUrl(keyOf(image.url), 1920, "avif"));
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "image/avif"]);
    expect(await infoOf(await res.arrayBuffer())).toMatchObject({ format: "image/avif", width: 200, height: 100 });
  });

  it("only the fixed widths and WebP/AVIF exist; an unknown image is a 404", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee");
    const transforms = watchTransforms();
    for (const variant of ["321.webp", "10000.webp", "320.png", "320.jpg", "320", "0320.webp", "320.webp.webp"]) {
      const res = await fetchPath(`${image.url}/${variant}`);
      expect([variant, res.status]).toEqual([variant, 404]);
      await res.body?.cancel();
    }
    expect((await fetchPath(`/media/${c.creator.id}/${tee.id}/missing.png/320.webp`)).status).toBe(404);
    expect((await fetchPath(`/media/${c.creator.id}/${tee.id}/missing.png`)).status).toBe(404);
    expect(transforms.calls).toBe(0);
  });

  it("a transform that fails once answers the original with a short cache life and a warning; the next request makes the copy", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee", 400, 300);
    const path = resizedUrl(keyOf(image.url), 480, "webp");
    const logs = captureLogs("warn");
    const transforms = watchTransforms(1);
    const fallback = await fetchPath(path);
    expect(fallback.status).toBe(200);
    expect(fallback.headers.get("cache-control")).toBe("public, max-age=60");
    expect(fallback.headers.get("content-type")).toBe("image/png");
    expect(await infoOf(await fallback.arrayBuffer())).toMatchObject({ format: "image/png", width: 400 });
    expect(logs).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringContaining("transform failed"), key: keyOf(image.url) }));
    expect(await caches.default.match(`http://localhost${path}`)).toBeUndefined();
    const retried = await fetchPath(path);
    expect([retried.status, retried.headers.get("content-type"), retried.headers.get("cache-control")]).toEqual([200, "image/webp", "public, max-age=31536000, immutable"]);
    expect(await infoOf(await retried.arrayBuffer())).toMatchObject({ width: 400 });
    expect(transforms.calls).toBe(2);
  });

  it("originals answer HEAD and 304 on If-None-Match", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const image = await addImage(c, tee.id, "tee");
    const res = await fetchPath(image.url);
    const etag = res.headers.get("etag")!;
    await res.body?.cancel();
    expect((await fetchPath(image.url, { headers: { "if-none-match": etag } })).status).toBe(304);
    const head = await fetchPath(image.url, { method: "HEAD" });
    expect([head.status, head.headers.get("etag"), await head.text()]).toEqual([200, etag, ""]);
  });
});

describe("the storefront's page data", () => {
  /** Statements D1 is asked to prepare while `read` runs. */
  async function statementsOf(read: () => Promise<unknown>) {
    const prepare = vi.spyOn(env.DB, "prepare");
    await read();
    const count = prepare.mock.calls.length;
    prepare.mockRestore();
    return count;
  }

  it("home, product and drop pages get each product's images in order, read in one query per page whatever the number of products", async () => {
    const c = await makeCreator();
    const db = createDb(env.DB);
    const { drop, product: tee } = await makeDrop(c, { quantity: 2 });
    const mug = await makeProduct(c);
    const [front, back] = [await addImage(c, tee.id, "front"), await addImage(c, tee.id, "back")];
    const handle = c.creator.handle;
    const home = (await storefrontHome(db, handle))!;
    const images = (id: string) => home.products.find((p) => p.id === id)!.images.map(({ key, width, height, alt }) => ({ key, width, height, alt }));
    expect(images(tee.id)).toEqual([front, back].map((i) => ({ key: keyOf(i.url), width: i.width, height: i.height, alt: i.alt })));
    expect(images(mug.id)).toEqual([]);
    expect((await storefrontProduct(db, handle, tee.slug))!.product!.images.map((i) => i.alt)).toEqual(["front", "back"]);
    const dropPage = (await storefrontDrop(db, handle, drop.slug)) as { items: { images: { alt: string }[] }[] };
    expect(dropPage.items.map((i) => i.images.map((image) => image.alt))).toEqual([["front", "back"]]);
    const before = await statementsOf(() => storefrontHome(db, handle));
    expect(before).toBeGreaterThanOrEqual(4); // the creator, products, variants, images, drops: the spy sees them
    for (let i = 0; i < 3; i++) await addImage(c, (await makeProduct(c)).id, `more ${i}`);
    expect(await statementsOf(() => storefrontHome(db, handle))).toBe(before);
  });
});

describe("pictures on the pages", () => {
  it("every upload is a <picture>: AVIF and WebP at the widths it has and its slot can use, never larger; width and height set; alt where it informs", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { slug: "tee", title: "Tour Tee" });
    const front = await addImage(c, tee.id, "The tee from the front", 500, 400);
    const back = await addImage(c, tee.id, "The back print", 1500, 1500);
    const page = (await call("GET", `/${c.creator.handle}/products/tee`)).text;
    const srcsets = (key: string, format: string) => [...page.matchAll(new RegExp(`srcset="([^"]*${key}[^"]*\\.${format} [^"]*)"`, "g"))].map((m) => m[1]!);
    // The gallery: the 500-wide image up to its own width (the 640 copy is the original's size, described as 500w).
    const [gallery] = srcsets(keyOf(front.url), "webp");
    expect(gallery).toBe([160, 320, 480, 640].map((w) => `${resizedUrl(keyOf(front.url), w as 160, "webp")} ${Math.min(w, 500)}w`).join(", "));
    expect(srcsets(keyOf(front.url), "avif")[0]).toContain("/480.avif 480w");
    // The 1500-wide image, its gallery slot capped at 1280; its thumbnail at 160.
    expect(srcsets(keyOf(back.url), "webp")[0]).toMatch(/\/960\.webp 960w, [^ ]+\/1280\.webp 1280w$/);
    expect(srcsets(keyOf(back.url), "webp")[1]).toBe(`${resizedUrl(keyOf(back.url), 160, "webp")} 160w`);
    expect(page).toContain('alt="The tee from the front" width="500" height="400" fetchpriority="high"');
    expect(page).not.toContain(`/media/${keyOf(front.url)}/1920`);
    // On the home page the card's picture is decorative (its title is the link beside it), lazy, capped for its slot.
    const home = (await call("GET", `/${c.creator.handle}`)).text;
    expect(home).toMatch(/<img src="[^"]+\.webp" srcset="[^"]+" sizes="[^"]+" alt="" width="500" height="400" loading="lazy"/);
    expect(home).not.toContain("/960.webp");
  });
});

describe("avatar and banner", () => {
  it("PUT stores the image and sets the theme URL; a new upload deletes the one it replaces", async () => {
    const c = await makeCreator();
    const avatar = await png(c, "/settings/avatar", await imageBytes(96, 96), "PUT");
    expect(avatar.status).toBe(200);
    const avatarUrl: string = avatar.json.settings.avatarUrl;
    expect(avatarUrl).toMatch(new RegExp(`^/media/${c.creator.id}/profile/[\\w-]+\\.png$`));
    expect(avatar.json.settings.theme.avatarUrl).toBe(avatarUrl);
    const banner = await png(c, "/settings/banner", await imageBytes(384, 128, "image/jpeg"), "PUT");
    expect(banner.json.settings).toMatchObject({ avatarUrl, bannerUrl: expect.stringMatching(/\.jpg$/) });
    expect((await c.api("GET", "/settings")).json.settings).toMatchObject({ avatarUrl, bannerUrl: banner.json.settings.bannerUrl });
    const home = await call("GET", `/${c.creator.handle}`);
    expect(home.text).toContain(banner.json.settings.bannerUrl);
    const replaced = await png(c, "/settings/avatar", await imageBytes(64, 64), "PUT");
    expect(replaced.json.settings.avatarUrl).not.toBe(avatarUrl);
    expect(await stored(`media/${keyOf(avatarUrl)}`)).toBe(false);
    expect(await stored(`media/${keyOf(replaced.json.settings.avatarUrl)}`)).toBe(true);
    // Clearing the banner through PATCH deletes the uploaded file too.
    await c.api("PATCH", "/settings", { body: { bannerUrl: null } });
    expect(await stored(`media/${keyOf(banner.json.settings.bannerUrl)}`)).toBe(false);
    expect((await png(c, "/settings/banner", svgBytes(), "PUT")).status).toBe(415);
  });
});
