// A fan in Chromium against the real `wrangler dev`: names their own price for a pay-what-you-want zine on its product
// page and is charged exactly that; buys a tee, picks express shipping on the (simulated) checkout page and sees the
// shipping in the order page's total.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, useBrowserStore } from "../helpers/browser";

const PLATFORM = "browser-revenue-token";
const store = useBrowserStore(PLATFORM);
const api = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => store.client(method, url, { body, headers });

describe("revenue features in a real browser", () => {
  it("pay what you want: the fan's own price is charged; shipping: the chosen rate is in the total", async () => {
    const { json: created } = await api("POST", "/platform/v1/creators", { handle: "pwyw-shop", displayName: "PWYW Shop", email: "pwyw@example.com" }, { authorization: `Bearer ${PLATFORM}` });
    const admin = { authorization: `Bearer ${created.token}` };
    await api("PATCH", "/admin/v1/settings", { shippingRates: [{ name: "Standard", amountCents: 500 }, { name: "Express", amountCents: 1500, maxDays: 2 }] }, admin);
    const { json: z } = await api("POST", "/admin/v1/products", { slug: "zine", title: "Zine", kind: "digital", priceCents: 800, minPriceCents: 300 }, admin);
    expect((await store.client("PUT", `/admin/v1/products/${z.product.id}/file`, { rawBody: "%PDF-1.4 zine", headers: { ...admin, "content-type": "application/pdf" } })).status).toBeLessThan(300);
    await api("POST", "/admin/v1/products", { slug: "tee", title: "Tee", kind: "physical", priceCents: 3000, variants: [{ sku: "TEE-M", title: "M", stock: 5 }] }, admin);

    const page = await store.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${store.server.url}/pwyw-shop/products/zine`);
    expect(await page.inputValue('input[name="price"]')).toBe("8.00");
    await page.getByLabel("Your price (USD)").fill("4.50");
    await page.getByLabel("Email").fill("fan@example.com");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Buy now" }).click()]);
    expect(await page.textContent("#pay")).toBe("Pay $4.50");
    await Promise.all([page.waitForURL(/\/pwyw-shop\/orders\/ord_/), page.click("#pay")]);
    expect(await page.textContent(".total:not(.sub) .price")).toBe("$4.50");

    // Below the minimum: the browser keeps the form (the field's min), and the server would refuse it anyway.
    await page.goto(`${store.server.url}/pwyw-shop/products/zine`);
    await page.getByLabel("Your price (USD)").fill("1");
    await page.getByLabel("Email").fill("fan@example.com");
    await page.getByRole("button", { name: "Buy now" }).click();
    expect(await page.$eval('input[name="price"]', (el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
    expect(page.url()).toBe(`${store.server.url}/pwyw-shop/products/zine`);
    await page.$eval('input[name="price"]', (el) => el.removeAttribute("min"));
    await page.getByRole("button", { name: "Buy now" }).click();
    await expect.poll(() => page.textContent(".alert")).toContain("The least you can pay for Zine is $3.00");

    await page.goto(`${store.server.url}/pwyw-shop/products/tee`);
    await page.getByLabel("Email").fill("fan@example.com");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Buy now" }).click()]);
    await page.getByLabel(/Express/).check();
    await Promise.all([page.waitForURL(/\/pwyw-shop\/orders\/ord_/), page.click("#pay")]);
    expect(await page.locator(".total.sub").first().innerText()).toMatch(/Shipping\s+\$15\.00/);
    expect(await page.textContent(".total:not(.sub) .price")).toBe("$45.00");
    await page.screenshot({ path: path.join(ARTIFACTS, "order-with-shipping.png"), fullPage: true });
  });
});
