// A fan on a phone (390×844) in headless Chromium against the real `wrangler dev`: a product page's variant picker shows
// each option's price and its live stock (read from GET /api/v1/products/{id} after load, never from the cached HTML),
// a sold-out option cannot be picked, long words wrap instead of widening the page, and a purchase shows on the next
// visit. Screenshot: test-results/product-page-phone.png.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, useBrowserStore } from "../helpers/browser";

const PLATFORM = "browser-platform-token";
const PHONE = { width: 390, height: 844 };

const store = useBrowserStore(PLATFORM);
/** The admin and buyer API over the shared client: a JSON body and extra headers (the creator's authorization). */
const api = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => store.client(method, url, { body, headers });

describe("a fan on a phone opens a product page", () => {
  it("sees each option's price and live stock in the picker, cannot pick a sold-out one, and the page never scrolls sideways", async () => {
    const { json: created } = await api("POST", "/platform/v1/creators", { handle: "picker-shop", displayName: "Picker Shop", email: "shop@example.com" }, { authorization: `Bearer ${PLATFORM}` });
    const admin = { authorization: `Bearer ${created.token}` };
    const { json: p } = await api(
      "POST",
      "/admin/v1/products",
      {
        slug: "hoodie",
        title: "Supercalifragilisticexpialidocious-Tour-Hoodie-Limited",
        description: "Heavyweight fleece. Washcarefullyinsideoutatthirtydegreesandhangtodrybeforewearingitoutside.",
        kind: "physical",
        priceCents: 5500,
        variants: [
          { sku: "HOOD-M", title: "Medium", stock: 3 },
          { sku: "HOOD-L", title: "Large", priceCents: 6000, stock: 1 },
          { sku: "HOOD-PRINT", title: "Made to order" },
        ],
      },
      admin,
    );
    expect(p.product.status).toBe("active");
    const [medium, large, toOrder] = p.product.variants.map((v: { id: string }) => v.id) as [string, string, string];
    // Someone buys the only Large before our fan arrives.
    const sale = await api("POST", "/api/v1/checkout", { handle: "picker-shop", email: "first@example.com", items: [{ variantId: large, quantity: 1 }] }, { "cf-connecting-ip": "198.51.100.9" });
    expect(sale.status).toBe(201);

    const page = await store.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const errors: string[] = [];
    // Script errors and failed requests (the favicon is not this page's: it arrives with its own work).
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(`${store.server.url}/picker-shop/products/hoodie`);
    await expect.poll(() => page.textContent(`[data-stock-for="${medium}"]`), { timeout: 15_000 }).toBe("3 left");
    await expect.poll(() => page.textContent(`[data-stock-for="${large}"]`)).toBe("Sold out");
    expect(await page.textContent(`[data-stock-for="${toOrder}"]`)).toBe("");

    const option = (name: RegExp) => page.getByRole("radio", { name });
    expect(await page.locator("label.opt", { has: page.locator(`[value="${medium}"]`) }).innerText()).toMatch(/Medium\s+\$55\.00\s+3 left/);
    expect(await page.locator("label.opt", { has: page.locator(`[value="${large}"]`) }).innerText()).toMatch(/Large\s+\$60\.00\s+Sold out/);
    expect(await option(/^Large/).isDisabled()).toBe(true);
    expect(await option(/^Medium/).isChecked()).toBe(true);
    expect(await option(/^Made to order/).isEnabled()).toBe(true);
    expect(await page.textContent("p.price")).toBe("From $55.00");
    // Long words wrap: nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(ARTIFACTS, "product-page-phone.png"), fullPage: true });

    // The fan buys two Medium; coming back to the (cached) page shows what is left.
    await option(/^Medium/).check();
    await page.getByLabel("Quantity").fill("2");
    await page.getByLabel("Email").fill("fan@example.com");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Buy now" }).click()]);
    await expect
      .poll(
        async () => {
          await page.goto(`${store.server.url}/picker-shop/products/hoodie`);
          await page.waitForFunction((id) => document.querySelector(`[data-stock-for="${id}"]`)?.textContent !== "", medium);
          return page.textContent(`[data-stock-for="${medium}"]`);
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe("1 left");
    expect(errors).toEqual([]);
  });

  it("the home page's product cards say when a product runs low or sells out, from the buyer API, never from the cached page", async () => {
    const { json: created } = await api("POST", "/platform/v1/creators", { handle: "card-shop", displayName: "Card Shop", email: "cards@example.com" }, { authorization: `Bearer ${PLATFORM}` });
    const admin = { authorization: `Bearer ${created.token}` };
    const make = async (slug: string, variants: unknown[]) => (await api("POST", "/admin/v1/products", { slug, title: slug, kind: "physical", priceCents: 1500, variants }, admin)).json.product;
    const pin = await make("pin", [{ sku: "PIN", title: "Pin", stock: 2 }]);
    await make("print", [{ sku: "PRINT", title: "Print" }]);
    await make("poster", [{ sku: "POSTER", title: "Poster", stock: 40 }]);
    const page = await store.browser.newPage({ viewport: PHONE });
    const tag = (slug: string) => page.locator("article.card", { has: page.locator(`a[href$="/products/${slug}"]`) }).locator("[data-card-stock]");
    await page.goto(`${store.server.url}/card-shop`);
    await expect.poll(() => tag("pin").textContent(), { timeout: 15_000 }).toBe("Only 2 left");
    // Plenty left: no tag. Untracked (made to order): no stock to tell, no tag rendered at all.
    expect(await tag("poster").textContent()).toBe("");
    expect(await tag("print").count()).toBe(0);
    const html = await (await fetch(`${store.server.url}/card-shop`)).text();
    expect(html).not.toContain("Only 2 left");

    const sale = await api("POST", "/api/v1/checkout", { handle: "card-shop", email: "fan@example.com", items: [{ variantId: pin.variants[0].id, quantity: 2 }] }, { "cf-connecting-ip": "198.51.100.10" });
    expect(sale.status).toBe(201);
    // Each look reloads the page and waits for its script's answer (a slow machine may take seconds to give it): a
    // reload every second would abort the read before it lands.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page
            .locator("article.card", { has: page.locator('a[href$="/products/pin"]') })
            .locator("[data-card-stock][data-status]")
            .waitFor({ timeout: 10_000 })
            .catch(() => undefined);
          return tag("pin").getAttribute("data-status").then(async (status) => `${status} ${await tag("pin").textContent()}`);
        },
        { timeout: 45_000, interval: 1000 },
      )
      .toBe("out Sold out");
  });
});
