// What search engines and social networks read from the storefront: share cards, JSON-LD, favicon, robots.txt,
// sitemaps, and the 404 page's way back.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { makeDrop } from "../helpers/drops";
import { imageBytes } from "../helpers/images";

const ORIGIN = "http://localhost";

/** The `content` of each `<meta property|name="…">` on a page, by property. */
function metaTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\s*\/?>/g)) tags[m[1]!] = m[2]!.replaceAll("&amp;", "&");
  return tags;
}

const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];

function jsonLd(html: string): any[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

async function withImage(c: Awaited<ReturnType<typeof makeCreator>>, productId: string): Promise<string> {
  const res = await c.api("PUT", `/products/${productId}/image`, { rawBody: await imageBytes(), headers: { "content-type": "image/png" } });
  expect(res.status).toBe(200);
  return res.json.product.imageUrl;
}

describe("share cards", () => {
  it("a product page carries Open Graph and Twitter tags with absolute URLs, its image and its lowest price", async () => {
    const c = await makeCreator({ displayName: "Nova Sound" });
    const tee = await makeProduct(c, {
      slug: "tour-tee",
      title: "Tour Tee",
      description: "Heavy cotton.",
      priceCents: 2500,
      variants: [
        { sku: unique("S"), title: "Small", stock: 5 },
        { sku: unique("L"), title: "Large", priceCents: 3000, stock: 5 },
      ],
    });
    const imageUrl = await withImage(c, tee.id);
    const page = await call("GET", `/${c.creator.handle}/products/tour-tee`);
    expect(page.status).toBe(200);
    const url = `${ORIGIN}/${c.creator.handle}/products/tour-tee`;
    expect(canonicalOf(page.text)).toBe(url);
    expect(metaTags(page.text)).toMatchObject({
      description: "Heavy cotton.",
      "og:title": "Tour Tee · Nova Sound",
      "og:description": "Heavy cotton.",
      "og:url": url,
      "og:type": "product",
      "og:site_name": "Nova Sound",
      "og:image": `${ORIGIN}${imageUrl}`,
      "twitter:card": "summary_large_image",
      "product:price:amount": "25.00",
      "product:price:currency": "USD",
    });
    const image = await exports.default.fetch(new Request(metaTags(page.text)["og:image"]!));
    expect([image.status, image.headers.get("content-type")]).toEqual([200, "image/png"]);
    await image.body?.cancel();
    expect(page.text).toContain('<link rel="icon" href="/favicon.ico"');
  });

  it("a page without any image has no og:image and a summary card; the home uses the creator's banner once set", async () => {
    const c = await makeCreator({ displayName: "Quiet Store" });
    await makeProduct(c, { slug: "plain", title: "Plain", description: "" });
    const product = await call("GET", `/${c.creator.handle}/products/plain`);
    const tags = metaTags(product.text);
    expect(tags["og:image"]).toBeUndefined();
    expect(tags["twitter:card"]).toBe("summary");
    expect(tags.description).toBe("Plain from Quiet Store.");

    const home = await call("GET", `/${c.creator.handle}`);
    expect(metaTags(home.text)).toMatchObject({ "og:type": "website", "og:url": `${ORIGIN}/${c.creator.handle}`, "twitter:card": "summary" });
    expect(metaTags(home.text)["og:image"]).toBeUndefined();
    expect(metaTags(home.text)["product:price:amount"]).toBeUndefined();
    expect(canonicalOf(home.text)).toBe(`${ORIGIN}/${c.creator.handle}`);

    await c.api("PATCH", "/settings", { body: { theme: { avatarUrl: "https://cdn.example.com/a.png", bannerUrl: "https://cdn.example.com/b.jpg" } } });
    const themed = metaTags((await call("GET", `/${c.creator.handle}`)).text);
    expect(themed).toMatchObject({ "og:image": "https://cdn.example.com/b.jpg", "twitter:card": "summary_large_image" });
  });

  it("a drop page's card shows its first item's image and its lowest price in the currency's units", async () => {
    const c = await makeCreator({ currency: "jpy" });
    const { drop, product } = await makeDrop(c, { startsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const imageUrl = await withImage(c, product.id);
    const page = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(page.status).toBe(200);
    const url = `${ORIGIN}/${c.creator.handle}/drops/${drop.slug}`;
    expect(canonicalOf(page.text)).toBe(url);
    expect(metaTags(page.text)).toMatchObject({
      "og:url": url,
      "og:type": "product",
      "og:image": `${ORIGIN}${imageUrl}`,
      "twitter:card": "summary_large_image",
      "product:price:amount": String(product.priceCents),
      "product:price:currency": "JPY",
    });
  });

  it("absolute URLs follow the host the page was asked on, and one host's cached page is never served to another", async () => {
    const c = await makeCreator();
    await makeProduct(c, { slug: "mug", title: "Mug" });
    const path = `/${c.creator.handle}/products/mug`;
    const first = await call("GET", path);
    expect(canonicalOf(first.text)).toBe(`${ORIGIN}${path}`);
    const other = await exports.default.fetch(new Request(`https://shop.example.org${path}`));
    const html = await other.text();
    expect(canonicalOf(html)).toBe(`https://shop.example.org${path}`);
    expect(html).not.toContain(ORIGIN);
  });
});

describe("JSON-LD on product pages", () => {
  it("is a Product with one Offer per variant: decimal price, currency, availability from the catalog as of render", async () => {
    const c = await makeCreator({ displayName: "Nova Sound" });
    const hoodie = await makeProduct(c, {
      slug: "hoodie",
      title: "Hoodie",
      description: "Warm </script><script>alert(1)</script> & soft",
      priceCents: 5500,
      variants: [
        { sku: unique("M"), title: "Medium", stock: 4 },
        { sku: unique("L"), title: "Large", priceCents: 6099, stock: 0 },
        { sku: unique("X"), title: "Untracked" },
      ],
    });
    const imageUrl = await withImage(c, hoodie.id);
    const page = await call("GET", `/${c.creator.handle}/products/hoodie`);
    // The description's `</script>` cannot close the JSON-LD script early: it is written \u003c/script>.
    expect(page.text).not.toContain("</script><script>alert(1)");
    const [ld, ...more] = jsonLd(page.text);
    expect(more).toEqual([]);
    const url = `${ORIGIN}/${c.creator.handle}/products/hoodie`;
    expect(ld).toEqual({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Hoodie",
      description: "Warm </script><script>alert(1)</script> & soft",
      image: [`${ORIGIN}${imageUrl}`],
      url,
      brand: { "@type": "Brand", name: "Nova Sound" },
      offers: [
        { "@type": "Offer", name: "Medium", sku: hoodie.variants[0].sku, price: "55.00", priceCurrency: "USD", availability: "https://schema.org/InStock", url },
        { "@type": "Offer", name: "Large", sku: hoodie.variants[1].sku, price: "60.99", priceCurrency: "USD", availability: "https://schema.org/OutOfStock", url },
        { "@type": "Offer", name: "Untracked", sku: hoodie.variants[2].sku, price: "55.00", priceCurrency: "USD", availability: "https://schema.org/InStock", url },
      ],
    });
    // No count anywhere: the cached page says in or out of stock, never how many.
    expect(JSON.stringify(ld)).not.toMatch(/"(inventoryLevel|quantity|stock)"/);
  });

  it("a digital product without its file is OutOfStock; with no image the Product has none", async () => {
    const c = await makeCreator({ currency: "kwd" });
    await makeProduct(c, { slug: "zine", title: "Zine", kind: "digital", priceCents: 1500 });
    const [ld] = jsonLd((await call("GET", `/${c.creator.handle}/products/zine`)).text);
    expect(ld.image).toBeUndefined();
    expect(ld.offers).toEqual([expect.objectContaining({ price: "1.500", priceCurrency: "KWD", availability: "https://schema.org/OutOfStock" })]);
  });
});

describe("favicon, robots.txt and sitemaps", () => {
  it("GET /favicon.ico is a real icon, cached for long", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/favicon.ico`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/x-icon");
    expect(Number(/max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "")?.[1])).toBeGreaterThanOrEqual(7 * 86_400);
    const icon = new DataView(await res.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect([icon.getUint16(0, true), icon.getUint16(2, true)]).toEqual([0, 1]);
    expect(icon.getUint16(4, true)).toBeGreaterThan(0);
  });

  it("GET /robots.txt allows the storefront and disallows the APIs, admin, dev, webhooks and downloads", async () => {
    const res = await call("GET", "/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = res.text.trim().split("\n");
    expect(lines[0]).toBe("User-agent: *");
    expect(lines).toContain("Allow: /");
    const disallowed = lines.filter((l) => l.startsWith("Disallow:")).map((l) => l.slice("Disallow:".length).trim());
    expect(disallowed.sort()).toEqual(["/admin/", "/api/", "/dev/", "/downloads/", "/platform/", "/webhooks/"]);
    expect(res.text).not.toMatch(/sitemap/i);
  });

  it("a creator's sitemap lists exactly its home, active products and upcoming or live drops, as absolute URLs", async () => {
    const c = await makeCreator();
    const other = await makeCreator();
    await makeProduct(c, { slug: "tee", title: "Tee" });
    const archived = await makeProduct(c, { slug: "old-tee", title: "Old Tee" });
    expect((await c.api("DELETE", `/products/${archived.id}`)).status).toBe(200);
    await makeProduct(other, { slug: "not-mine", title: "Not mine" });
    const upcoming = await makeDrop(c, { startsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const live = await makeDrop(c);
    const canceled = await makeDrop(c, { startsAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await c.api("POST", `/drops/${canceled.dropId}/cancel`)).status).toBe(200);
    const ended = await makeDrop(c);
    await env.DB.prepare("update drops set ends_at = ? where id = ?").bind(Date.now() - 1000, ended.dropId).run();

    const res = await call("GET", `/${c.creator.handle}/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const entries = [...res.text.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/url>/g)].map((m) => ({ loc: m[1]!, lastmod: m[2]! }));
    const home = `${ORIGIN}/${c.creator.handle}`;
    expect(entries.map((e) => e.loc).sort()).toEqual(
      [home, `${home}/products/tee`, `${home}/products/${upcoming.product.slug}`, `${home}/products/${live.product.slug}`, `${home}/products/${canceled.product.slug}`, `${home}/products/${ended.product.slug}`, `${home}/drops/${upcoming.drop.slug}`, `${home}/drops/${live.drop.slug}`].sort(),
    );
    for (const e of entries) expect(new Date(e.lastmod).toISOString()).toBe(e.lastmod);
    // Every listed URL is a page that answers.
    for (const e of entries) expect((await call("GET", new URL(e.loc).pathname)).status, e.loc).toBe(200);
  });

  it("a sitemap is cached like the pages and changes with the catalog; an unknown handle's is a 404", async () => {
    const c = await makeCreator();
    const first = await call("GET", `/${c.creator.handle}/sitemap.xml`);
    expect(first.headers.get("server-timing")).toContain("miss");
    expect(first.headers.get("cache-control")).toContain("s-maxage=60");
    const hit = await call("GET", `/${c.creator.handle}/sitemap.xml`);
    expect(hit.headers.get("server-timing")).toBe('cache;desc="hit"');
    expect(hit.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(hit.text).toBe(first.text);
    await makeProduct(c, { slug: "new-thing", title: "New thing" });
    expect((await call("GET", `/${c.creator.handle}/sitemap.xml`)).text).toContain(`/${c.creator.handle}/products/new-thing</loc>`);
    expect((await call("GET", "/no-such-creator/sitemap.xml")).status).toBe(404);
  });
});

describe("the 404 page", () => {
  it("inside a known store it carries the store's header and a link back to its home", async () => {
    const c = await makeCreator({ displayName: "Nova Sound" });
    for (const path of [`/${c.creator.handle}/products/nope`, `/${c.creator.handle}/drops/nope`, `/${c.creator.handle}/products/Not_A_Slug`]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.text).toContain('<header class="bar">');
      expect(res.text).toContain(`<a href="/${c.creator.handle}">Back to Nova Sound</a>`);
    }
  });

  it("for an unknown store it has no store header and no dead-end link to the site's root (which has no page)", async () => {
    for (const path of ["/no-such-creator", "/no-such-creator/products/x", "/Bad_Handle"]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain('<header class="bar">');
      expect(res.text).not.toContain('<a href="/">');
      expect(res.text).toContain("Check the link you followed");
    }
  });
});
