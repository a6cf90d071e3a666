// Creators' text reaches buyers' pages: every interpolation (element text, attribute values, the JSON-LD script) is
// escaped, so a name, title, description or alt text can never add markup or script to a page.
import { describe, expect, it } from "vitest";
import { call, makeCreator, makeProduct } from "../helpers/api";
import { captureJobs, paidOrder } from "../helpers/fulfillment";
import { imageBytes } from "../helpers/images";

const EVIL = `Ev<script>alert(1)</script> "q" 'a' & co`;
/** EVIL as HTML text or a quoted attribute value: & < > " ' escaped. */
const ESCAPED = "Ev&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; co";

/** No markup from EVIL survives outside JSON-LD (checked on its own): no script element, no quote left bare. */
function expectNoInjection(page: string) {
  page = page.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, "");
  expect(page).not.toContain("<script>alert(1)");
  expect(page).not.toContain('"q"');
  expect(page).not.toContain("'a'");
}

describe("untrusted text on storefront pages", () => {
  it("a creator's name, titles, a description, alt text and a drop's title are escaped as text, in attributes and in JSON-LD", async () => {
    const c = await makeCreator({ displayName: EVIL });
    expect((await c.api("PATCH", "/settings", { body: { bannerUrl: "https://example.com/b.png?a=1&b=2" } })).status).toBe(200);
    const product = await makeProduct(c, {
      slug: "evil",
      title: EVIL,
      description: EVIL,
      variants: [
        { sku: "A", title: EVIL, stock: 50 },
        { sku: "B", title: "Plain" },
      ],
    });
    const alt = encodeURIComponent(EVIL);
    const image = await c.api("PUT", `/products/${product.id}/image?alt=${alt}`, { rawBody: await imageBytes(), headers: { "content-type": "image/png" } });
    expect(image.status).toBe(200);
    const drop = await c.api("POST", "/drops", {
      body: {
        slug: "evil-drop",
        title: EVIL,
        admission: "raffle",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        perBuyerLimit: 2,
        items: product.variants.map((v: { id: string }) => ({ variantId: v.id, quantity: 5 })),
      },
    });
    expect(drop.status, drop.text).toBe(201);

    const home = (await call("GET", `/${c.creator.handle}`)).text;
    expectNoInjection(home);
    expect(home).toContain(`<title>${ESCAPED} · Dropfront</title>`);
    expect(home).toContain(`<meta property="og:site_name" content="${ESCAPED}"`);
    expect(home).toContain(`<h1>${ESCAPED}</h1>`);
    expect(home).toContain(`>${ESCAPED}</a></h3>`); // the product's and the drop's cards
    expect(home).toContain(`<img src="https://example.com/b.png?a=1&amp;b=2" alt=""`);
    expect(home).toContain(`© ${ESCAPED} · Powered by Dropfront`);

    const productPage = (await call("GET", `/${c.creator.handle}/products/evil`)).text;
    expectNoInjection(productPage);
    expect(productPage).toContain(`<meta name="description" content="${ESCAPED}"`);
    expect(productPage).toContain(`<meta property="og:title" content="${ESCAPED} · ${ESCAPED}"`);
    expect(productPage).toContain(`<h1>${ESCAPED}</h1>`);
    expect(productPage).toContain(`<p class="desc">${ESCAPED}</p>`);
    expect(productPage).toContain(`alt="${ESCAPED}"`);
    expect(productPage).toContain(`<span class="opt-title">${ESCAPED}</span>`);
    // JSON-LD: `<` is written \u003c (no `</script>` can end the script early) and the text reads back exactly.
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(productPage)![1]!;
    expect(ld).not.toContain("<");
    expect(JSON.parse(ld)).toMatchObject({ name: EVIL, description: EVIL, brand: { name: EVIL }, offers: [{ name: EVIL }, { name: "Plain" }] });

    const dropPage = (await call("GET", `/${c.creator.handle}/drops/evil-drop`)).text;
    expectNoInjection(dropPage);
    expect(dropPage).toContain(`<title>${ESCAPED} · ${ESCAPED}</title>`);
    expect(dropPage).toContain(`<h1>${ESCAPED}</h1>`);
    expect(dropPage).toContain(`<strong>${ESCAPED} — ${ESCAPED}</strong>`); // product — variant
    expect(dropPage).toContain(`>${ESCAPED} — ${ESCAPED} — $25.00</option>`);
    expect(dropPage).toContain(`<meta property="og:description" content="A limited drop from ${ESCAPED}."`);

    captureJobs();
    const order = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    const orderPage = (await call("GET", `/${c.creator.handle}/orders/${order.orderId}?token=${order.orderToken}`)).text;
    expectNoInjection(orderPage);
    expect(orderPage).toContain(`<title>Order ${order.orderId} · ${ESCAPED}</title>`);
    expect(orderPage).toContain(`<td>${ESCAPED} — ${ESCAPED}</td>`);
  });
});
