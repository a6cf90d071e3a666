import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { ASSET_FILES, ASSET_VERSION } from "../../src/storefront/assets";
import { describe, expect, it, vi } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct } from "../helpers/api";
import { buyerDrop, CATCH_UP, makeDrop, reserve } from "../helpers/drops";
import { bytes, digitalProduct, uploadFile } from "../helpers/fulfillment";
import { outboxOf } from "../helpers/stored";

/** Bindings that count every use, to prove a cached hit touches neither D1 nor a Durable Object. */
function countingBindings() {
  const counts = { d1: 0, durableObjects: 0 };
  const DB = new Proxy(env.DB, {
    get(target, prop, receiver) {
      if (prop === "prepare" || prop === "batch" || prop === "exec") counts.d1++;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const INVENTORY = new Proxy(env.INVENTORY, {
    get(target, prop, receiver) {
      if (prop === "get" || prop === "idFromName" || prop === "getByName") counts.durableObjects++;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { counts, bindings: { DB, INVENTORY } as Partial<Env> };
}

describe("storefront pages", () => {
  it("the creator home renders products and drops, then serves a cached hit with no D1 query and no object call", async () => {
    const c = await makeCreator({ displayName: "Nova Sound" });
    await makeProduct(c, { slug: "tour-tee", title: "Tour Tee" });
    const { drop } = await makeDrop(c, { startsAt: new Date(Date.now() + 3600_000).toISOString() });
    const miss = await call("GET", `/${c.creator.handle}`);
    expect(miss.status).toBe(200);
    expect(miss.headers.get("content-type")).toContain("text/html");
    expect(miss.headers.get("server-timing")).toMatch(/cache;desc="miss", db;dur=/);
    expect(miss.text).toContain("Nova Sound");
    expect(miss.text).toContain(`href="/${c.creator.handle}/products/tour-tee"`);
    expect(miss.text).toContain(`data-drop-id="${drop.id}"`);
    expect(miss.headers.get("cache-control")).toContain("s-maxage=60");
    expect(miss.headers.get("cache-control")).toContain("stale-while-revalidate=300");
    expect(miss.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(miss.headers.get("x-content-type-options")).toBe("nosniff");
    expect(miss.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(miss.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(miss.headers.get("referrer-policy")).toBe("no-referrer");
    expect(miss.headers.get("strict-transport-security")).toContain("max-age=");

    const { counts, bindings } = countingBindings();
    const hit = await callWithEnv(bindings, "GET", `/${c.creator.handle}`);
    expect(hit.status).toBe(200);
    expect(hit.headers.get("server-timing")).toBe('cache;desc="hit"');
    expect(hit.headers.get("x-content-type-options")).toBe("nosniff"); // a cached answer carries them too
    expect(hit.text).toBe(miss.text);
    expect(counts).toEqual({ d1: 0, durableObjects: 0 });
  });

  it("ETag and If-None-Match answer 304; HEAD answers headers only", async () => {
    const c = await makeCreator();
    await makeProduct(c);
    const first = await call("GET", `/${c.creator.handle}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const notModified = await call("GET", `/${c.creator.handle}`, { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    const head = await call("HEAD", `/${c.creator.handle}`);
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(head.headers.get("etag")).toBe(etag);
  });

  it("a client that accepts gzip gets the cached page gzipped (compressed once), the same page, with a weak ETag that revalidates", async () => {
    const c = await makeCreator();
    await makeProduct(c);
    const plain = await call("GET", `/${c.creator.handle}`);
    const res = await exports.default.fetch(new Request(`http://localhost/${c.creator.handle}`, { headers: { "accept-encoding": "gzip, br" } }));
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("accept-encoding");
    expect(res.headers.get("etag")).toBe(`W/${plain.headers.get("etag")}`);
    // fetch() decodes the gzip it receives, as a browser does: the page is the very same.
    expect(await res.text()).toBe(plain.text);
    const again = await exports.default.fetch(new Request(`http://localhost/${c.creator.handle}`, { headers: { "accept-encoding": "gzip", "if-none-match": res.headers.get("etag")! } }));
    expect(again.status).toBe(304);
  });

  it("a compression that fails once serves the plain page, and the next hit gzips it", async () => {
    const c = await makeCreator();
    await makeProduct(c);
    const plain = await call("GET", `/${c.creator.handle}`);
    const ask = () => exports.default.fetch(new Request(`http://localhost/${c.creator.handle}`, { headers: { "accept-encoding": "gzip" } }));
    vi.stubGlobal(
      "CompressionStream",
      class {
        constructor() {
          throw new Error("injected: compression unavailable");
        }
      },
    );
    const failed = await ask();
    vi.unstubAllGlobals();
    expect(failed.status).toBe(200);
    expect(failed.headers.get("content-encoding")).toBeNull();
    expect(await failed.text()).toBe(plain.text);
    const next = await ask();
    expect(next.headers.get("content-encoding")).toBe("gzip");
    expect(await next.text()).toBe(plain.text);
  });

  it("a product update shows on the very next request", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, { slug: "poster", title: "Old Title" });
    expect((await call("GET", `/${c.creator.handle}/products/poster`)).text).toContain("Old Title");
    expect((await call("GET", `/${c.creator.handle}/products/poster`)).headers.get("server-timing")).toContain("hit");
    await c.api("PATCH", `/products/${p.id}`, { body: { title: "New Title" } });
    const after = await call("GET", `/${c.creator.handle}/products/poster`);
    expect(after.headers.get("server-timing")).toContain("miss");
    expect(after.text).toContain("New Title");
    await c.api("DELETE", `/products/${p.id}`);
    expect((await call("GET", `/${c.creator.handle}/products/poster`)).status).toBe(404);
    expect((await call("GET", `/${c.creator.handle}`)).text).not.toContain("New Title");
  });

  it("a stale page is served at once as a hit while it is re-rendered in the background", async () => {
    const c = await makeCreator();
    await makeProduct(c, { slug: "mug", title: "Mug" });
    await call("GET", `/${c.creator.handle}`);
    // The title changes in D1 directly (no version bump), then the cached copy ages past s-maxage.
    await env.DB.prepare("update products set title = 'Mug v2' where creator_id = ?").bind(c.creator.id).run();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 90_000);
      const stale = await call("GET", `/${c.creator.handle}`);
      expect(stale.headers.get("server-timing")).toContain('cache;desc="hit"');
      expect(stale.headers.get("server-timing")).toContain("revalidating");
      expect(stale.text).toContain(">Mug<");
      let refreshed = await call("GET", `/${c.creator.handle}`);
      for (let i = 0; i < 20 && !refreshed.text.includes("Mug v2"); i++) refreshed = await call("GET", `/${c.creator.handle}`);
      expect(refreshed.text).toContain("Mug v2");
      expect(refreshed.headers.get("server-timing")).toBe('cache;desc="hit"');
      vi.setSystemTime(Date.now() + 400_000);
      expect((await call("GET", `/${c.creator.handle}`)).headers.get("server-timing")).toContain("miss");
    } finally {
      vi.useRealTimers();
    }
  });

  it("theme settings (accent colour, avatar, banner) show on the pages", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { theme: { accentColor: "#ff3366", avatarUrl: "https://cdn.example.com/a.png", bannerUrl: "https://cdn.example.com/b.jpg" } } });
    const home = await call("GET", `/${c.creator.handle}`);
    expect(home.text).toContain("--accent:#ff3366");
    // A light accent gets dark text on its buttons, and is darkened where it is text on the light page.
    expect(home.text).toContain("--on-accent:#000000");
    expect(home.text).toMatch(/--accent-text:#(?!ff3366)[0-9a-f]{6}/);
    expect(home.text).toContain('src="https://cdn.example.com/a.png"');
    expect(home.text).toContain('src="https://cdn.example.com/b.jpg"');
    // A quote in a URL cannot break out of its attribute.
    await c.api("PATCH", "/settings", { body: { bannerUrl: "https://cdn.example.com/x.jpg?a=\");color:red;(\"" } });
    const again = await call("GET", `/${c.creator.handle}`);
    expect(again.text).toContain('src="https://cdn.example.com/x.jpg?a=&quot;);color:red;(&quot;"');
  });

  it("a digital product without its file says it is not available yet, with no buy form, until the file is uploaded", async () => {
    const c = await makeCreator();
    const zine = await makeProduct(c, { slug: "zine", title: "Sketch Zine", kind: "digital", priceCents: 500, variants: [{ sku: "ZINE", title: "PDF", stock: 3 }] });
    const drop = await c.api("POST", "/drops", { body: { slug: "zine-drop", title: "Zine drop", startsAt: new Date(Date.now() + 3_600_000).toISOString(), perBuyerLimit: 1, items: [{ variantId: zine.variants[0].id, quantity: 3 }] } });
    expect(drop.status).toBe(201);
    for (const path of [`/${c.creator.handle}/products/zine`, `/${c.creator.handle}/drops/zine-drop`]) {
      const page = await call("GET", path);
      expect(page.status).toBe(200);
      expect(page.text).toContain("Not available yet");
      expect(page.text).not.toContain('class="buy');
    }
    expect((await call("GET", `/${c.creator.handle}`)).text).toContain("not available yet");

    expect((await uploadFile(c, zine.id, bytes(10))).status).toBe(200);
    for (const path of [`/${c.creator.handle}/products/zine`, `/${c.creator.handle}/drops/zine-drop`]) {
      const page = await call("GET", path);
      expect(page.text).not.toContain("Not available yet");
      expect(page.text).toContain('class="buy');
    }
  });

  it("a page asked with a trailing slash redirects to its one URL; an API path with one is not found", async () => {
    const c = await makeCreator();
    const page = await call("GET", `/${c.creator.handle}/?utm=x`);
    expect(page.status).toBe(301);
    expect(page.headers.get("location")).toBe(`/${c.creator.handle}?utm=x`);
    // Never an open redirect: leading slashes collapse to one.
    expect((await call("GET", "//evil.example/")).headers.get("location")).toBe("/evil.example");
    expect((await call("GET", "/api/v1/drops/drp_x/")).status).toBe(404);
    expect((await call("GET", "/health/")).status).toBe(301);
  });

  it("unknown handles, products and drops get a 404 HTML page", async () => {
    const c = await makeCreator();
    for (const path of ["/no-such-creator", `/${c.creator.handle}/products/nope`, `/${c.creator.handle}/drops/nope`, "/Bad_Handle", "/favicon.png"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.text).toContain("Not found");
    }
  });

  it("a canceled drop's shared link says Canceled (not 404, never sold out) and offers nothing to reserve", async () => {
    const c = await makeCreator();
    const { drop, dropId } = await makeDrop(c, { quantity: 3 });
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    const page = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-canceled="1"');
    expect(page.text).toMatch(/data-status="canceled"[^>]*>\s*Canceled/);
    expect(page.text).not.toContain("Sold out");
    await expect.poll(() => buyerDrop(dropId), CATCH_UP).toMatchObject({ status: "canceled", items: [{ available: 0 }] });
  });

  it("the drop page never carries live numbers: they come from the buyer API", async () => {
    const c = await makeCreator();
    const { drop, dropId, variantId } = await makeDrop(c, { quantity: 7 });
    const first = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`data-drop-id="${dropId}"`);
    expect(first.text).toContain(`data-stock-for="${variantId}"`);
    expect(first.text).toContain(`data-starts-at="${drop.startsAt}"`);
    expect(first.text).not.toMatch(/\d+ left/);
    await reserve(dropId, { variantId, quantity: 2, email: "x@example.com" });
    const second = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(second.headers.get("server-timing")).toContain("hit");
    expect(second.text).toBe(first.text);
    await expect.poll(async () => (await buyerDrop(dropId)).items[0].available, CATCH_UP).toBe(5);
  });

  it("the product page's picker shows each option's price, never its stock: the product script reads it from the buyer API", async () => {
    const c = await makeCreator();
    const p = await makeProduct(c, {
      slug: "hoodie",
      title: "Hoodie",
      priceCents: 5500,
      variants: [
        { sku: "HOOD-M", title: "Medium", stock: 4321 },
        { sku: "HOOD-L", title: "Large", priceCents: 6000, stock: 0 },
      ],
    });
    const first = await call("GET", `/${c.creator.handle}/products/hoodie`);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`data-product-id="${p.id}"`);
    expect(first.text).toMatch(new RegExp(`<input type="radio" name="variantId" value="${p.variants[1].id}"[^>]*>\\s*<span class="opt-title">Large</span>\\s*<span class="opt-price">\\$60\\.00</span>`));
    for (const v of p.variants) expect(first.text).toContain(`data-stock-for="${v.id}"></span>`);
    expect(first.text).toMatch(/<script src="\/assets\/product-[0-9a-f]+\.js" defer/);
    expect(first.text).toContain("From $55.00");
    expect(first.text).not.toContain("4321");
    expect(first.text).not.toMatch(/\d+ left|Sold out/);
    const checkout = await call("POST", "/api/v1/checkout", {
      body: { handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: p.variants[0].id, quantity: 2 }] },
      headers: { "cf-connecting-ip": "192.0.2.77" },
    });
    expect(checkout.status).toBe(201);
    const second = await call("GET", `/${c.creator.handle}/products/hoodie`);
    expect(second.headers.get("server-timing")).toContain("hit");
    expect(second.text).toBe(first.text);
    await expect.poll(async () => (await call("GET", `/api/v1/products/${p.id}`)).json.product.variants.map((v: { available: number }) => v.available), CATCH_UP).toEqual([4319, 0]);
  });

  it("product cards show a \"from\" price when options differ in price, the one price when they agree, and no stock", async () => {
    const c = await makeCreator();
    await makeProduct(c, { title: "Hoodie", priceCents: 6000, variants: [{ sku: "H-M", title: "M", priceCents: 5500, stock: 3 }, { sku: "H-L", title: "L", stock: 9 }] });
    await makeProduct(c, { title: "Tee", priceCents: 2500, variants: [{ sku: "T-M", title: "M", stock: 7 }, { sku: "T-L", title: "L", priceCents: 2500 }] });
    const home = await call("GET", `/${c.creator.handle}`);
    expect(home.status).toBe(200);
    expect(home.text).toContain('<span class="price">From $55.00</span>');
    expect(home.text).toContain('<span class="price">$25.00</span>');
    expect(home.text).not.toMatch(/\d+ left|Sold out|In stock/);
  });

  it("serves the script and stylesheet with immutable caching, at URLs named by their content's hash", async () => {
    const home = await call("GET", `/${(await makeCreator()).creator.handle}`);
    const assets = [...home.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const res = await call("GET", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect(res.headers.get("content-type")).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      // Render-blocking (the stylesheet) or on every page (the script): kept small.
      expect(res.text.length).toBeLessThan(20 * 1024);
    }
    // Edit a file in static/assets/ and this names the ASSET_VERSION to set in src/storefront/assets.ts.
    const bodies = await Promise.all(ASSET_FILES.map(async (f) => new TextEncoder().encode((await call("GET", `/assets/${f.replace(".", `-${ASSET_VERSION}.`)}`)).text)));
    const all = new Uint8Array(bodies.reduce((n, b) => n + b.length, 0));
    bodies.reduce((at, b) => (all.set(b, at), at + b.length), 0);
    const hash = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", all)), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 10);
    expect(hash, "static/assets/ changed: set ASSET_VERSION to this").toBe(ASSET_VERSION);
    expect((await call("GET", "/assets/storefront-0000000000.css")).status).toBe(404);
    expect((await call("GET", `/assets/admin-openapi-${ASSET_VERSION}.js`)).status).toBe(404);
  });
});

describe("page versions in KV", () => {
  it("a KV write that fails never fails the admin write", async () => {
    const c = await makeCreator();
    let attempts = 0;
    const PAGE_CACHE_VERSIONS = {
      get: (key: string) => env.PAGE_CACHE_VERSIONS.get(key),
      put: async () => {
        attempts++;
        throw new Error("KV PUT failed: 429 Too Many Requests");
      },
    } as unknown as KVNamespace;
    const res = await callWithEnv({ PAGE_CACHE_VERSIONS }, "PATCH", "/admin/v1/settings", { token: c.token, body: { displayName: "Renamed" } });
    expect(res.status).toBe(200);
    expect(attempts).toBe(1);
    expect((await c.api("GET", "/settings")).json.settings.displayName).toBe("Renamed");
  });
});

describe("buying without JavaScript", () => {
  it("the drop page's form reserves and redirects to checkout", async () => {
    const c = await makeCreator();
    const { drop, dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const form = new URLSearchParams({ variantId, quantity: "1", email: "nojs@example.com" });
    const res = await call("POST", `/${c.creator.handle}/drops/${drop.slug}/reserve`, {
      rawBody: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.50" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^http:\/\/localhost\/dev\/checkout\/cs_sim_/);
    expect((await c.api("GET", `/drops/${dropId}`)).json.drop.items[0]).toMatchObject({ available: 2, held: 1 });
  });

  it("a bad form answers an HTML error and reserves nothing", async () => {
    const c = await makeCreator();
    const { drop, dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const res = await call("POST", `/${c.creator.handle}/drops/${drop.slug}/reserve`, {
      rawBody: new URLSearchParams({ variantId, quantity: "1", email: "nope" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.51" },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("valid email");
    expect((await c.api("GET", `/drops/${dropId}`)).json.drop.items[0]).toMatchObject({ available: 3, held: 0 });
  });

  it("a form post over 16 KiB answers 413 as an HTML page and reserves nothing", async () => {
    const c = await makeCreator();
    const { drop, dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const padded = new URLSearchParams({ variantId, quantity: "1", email: "big@example.com", note: "x".repeat(20 * 1024) }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.53" };
    const reserveRes = await call("POST", `/${c.creator.handle}/drops/${drop.slug}/reserve`, { rawBody: padded, headers });
    expect(reserveRes.status).toBe(413);
    expect(reserveRes.headers.get("content-type")).toContain("text/html");
    expect(reserveRes.text).toContain(`href="/${c.creator.handle}/drops/${drop.slug}"`);
    const buyRes = await call("POST", `/${c.creator.handle}/products/${drop.slug}/buy`, { rawBody: padded, headers });
    expect(buyRes.status).toBe(413);
    expect((await c.api("GET", `/drops/${dropId}`)).json.drop.items[0]).toMatchObject({ available: 3, held: 0 });
  });

  it("the product page's form starts a cart checkout", async () => {
    const c = await makeCreator();
    const p = await digitalProduct(c, { slug: "zine", priceCents: 500 });
    const res = await call("POST", `/${c.creator.handle}/products/zine/buy`, {
      rawBody: new URLSearchParams({ variantId: p.variants[0].id, quantity: "1", email: "reader@example.com" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.52" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/dev/checkout/");
  });

  it("a form error answers the status its code has everywhere (payments not configured → 503, not 409)", async () => {
    const c = await makeCreator();
    const p = await digitalProduct(c, { slug: "zine", priceCents: 500 });
    const res = await callWithEnv({ ENVIRONMENT: "production", STRIPE_SECRET_KEY: "" }, "POST", `/${c.creator.handle}/products/zine/buy`, {
      rawBody: new URLSearchParams({ variantId: p.variants[0].id, quantity: "1", email: "reader@example.com" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.53" },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain("Payments are not configured");
  });
});

describe("a queue drop's page", () => {
  const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

  it("offers the queue instead of a direct reservation: when it opens, the join form, the queue script; the reserve form waits hidden", async () => {
    const c = await makeCreator();
    const { drop } = await makeDrop(c, { quantity: 3, admission: "queue", startsAt: inAMinute() });
    const page = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<time datetime="${drop.queueOpensAt}">`);
    expect(page.text).toContain(`data-opens-at="${drop.queueOpensAt}"`);
    expect(page.text).toContain(`<form class="buy queue-join" method="post" action="/${c.creator.handle}/drops/${drop.slug}/queue"`);
    expect(page.text).toMatch(/<form class="buy reserve"[^>]*hidden/);
    expect(page.text).not.toContain("cf-turnstile");
    const script = page.text.match(/src="(\/assets\/queue-[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const res = await call("GET", script!);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.text).toContain("dropfront:queue");
    expect(res.text.length).toBeLessThan(8 * 1024);

    const open = await makeDrop(c, { quantity: 3 });
    const openPage = await call("GET", `/${c.creator.handle}/drops/${open.drop.slug}`);
    expect(openPage.text).toContain('class="buy reserve"');
    expect(openPage.text).not.toContain("/assets/queue-");
    expect(openPage.text).not.toContain("queue-join");
  });

  it("shows the Turnstile widget in the join form only when a site key is configured", async () => {
    const c = await makeCreator();
    const { drop } = await makeDrop(c, { quantity: 3, admission: "queue", startsAt: inAMinute() });
    const page = await callWithEnv({ TURNSTILE_SITE_KEY: "0x4AAAAAAAsite" }, "GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(page.text).toMatch(/class="buy queue-join"[\s\S]*data-sitekey="0x4AAAAAAAsite"[\s\S]*Join the queue/);
  });

  it("without JavaScript, the join form joins and lands on the page with the ticket's link; joining again says the link was emailed", async () => {
    const c = await makeCreator();
    const { drop, dropId } = await makeDrop(c, { quantity: 3, admission: "queue", startsAt: inAMinute() });
    const path = `/${c.creator.handle}/drops/${drop.slug}`;
    const post = (email: string) =>
      call("POST", `${path}/queue`, { rawBody: new URLSearchParams({ email }).toString(), headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.60" } });
    const joined = await post("NoJS@example.com");
    expect(joined.status).toBe(303);
    const link = new URL(joined.headers.get("location")!, "http://localhost");
    expect(link.pathname).toBe(path);
    const ticketId = link.searchParams.get("ticket")!;
    const token = link.searchParams.get("token")!;
    const ticket = await call("GET", `/api/v1/drops/${dropId}/queue/${ticketId}?token=${encodeURIComponent(token)}`);
    expect(ticket.status).toBe(200);
    expect(ticket.json.ticket).toMatchObject({ id: ticketId, status: "waiting", position: null });

    const again = await post(" nojs@EXAMPLE.com");
    expect(again.status).toBe(200);
    expect(again.text).toContain("Already in the queue");
    expect(again.text).not.toContain(token);
    const [mail] = await outboxOf(ticketId, "queue_ticket_link");
    expect(mail).toMatchObject({ toAddress: "nojs@example.com" });
    expect(mail!.body).toContain(`${path}?ticket=${ticketId}&token=${token}`);

    const bad = await post("not-an-email");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("valid email");
  });

  it("a join before the queue opens answers an HTML error that says when it opens", async () => {
    const c = await makeCreator();
    const opensAt = new Date(Date.now() + 30_000).toISOString();
    const { drop } = await makeDrop(c, { quantity: 3, admission: "queue", startsAt: inAMinute(), queueOpensAt: opensAt });
    const res = await call("POST", `/${c.creator.handle}/drops/${drop.slug}/queue`, {
      rawBody: new URLSearchParams({ email: "early@example.com" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.61" },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).toContain(`The queue opens at ${opensAt}`);
  });
});

describe("global reads", () => {
  it("a page-cache miss reads the catalog through a D1 session that any read replica may serve; a hit opens none", async () => {
    const c = await makeCreator();
    await makeProduct(c, { slug: "session-tee" });
    const sessions = vi.spyOn(env.DB, "withSession");
    const miss = await call("GET", `/${c.creator.handle}/products/session-tee`);
    expect(miss.status).toBe(200);
    expect(miss.headers.get("server-timing")).toContain("miss");
    expect(sessions.mock.calls).toEqual([["first-unconstrained"]]);
    const hit = await call("GET", `/${c.creator.handle}/products/session-tee`);
    expect(hit.headers.get("server-timing")).toContain("hit");
    expect(sessions).toHaveBeenCalledTimes(1);
    sessions.mockRestore();
  });
});
