// A real buyer in headless Chromium (Debian's chromium, driven by playwright-core) against the real
// `wrangler dev`: open a live drop page, watch the stock update, reserve, pay through the simulated checkout and
// land on the order page. Screenshots of the drop page and the order page are saved to test-results/.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

const PLATFORM = "browser-platform-token";
const ARTIFACTS = path.join(ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let server: Awaited<ReturnType<typeof startWranglerDev>>;
let browser: Browser;

async function api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a buyer in a real browser", () => {
  it("sees live stock on the drop page, reserves, pays and lands on the order page", async () => {
    const { json: created } = await api("POST", "/platform/v1/creators", { handle: "browser-shop", displayName: "Browser Shop", email: "shop@example.com" }, { authorization: `Bearer ${PLATFORM}` });
    const admin = { authorization: `Bearer ${created.token}` };
    await api("PATCH", "/admin/v1/settings", { theme: { accentColor: "#be123c" } }, admin);
    const { json: p } = await api("POST", "/admin/v1/products", { slug: "hoodie", title: "Night Hoodie", kind: "physical", priceCents: 5500, stock: 20 }, admin);
    const variantId = p.product.variants[0].id;
    const { json: d } = await api(
      "POST",
      "/admin/v1/drops",
      { slug: "night", title: "Night Drop", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 2, items: [{ variantId, quantity: 5 }] },
      admin,
    );
    const dropId = d.drop.id;

    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`${server.url}/browser-shop/drops/night`);
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`), { timeout: 15_000 }).toBe("5 left");
    await expect.poll(() => page.textContent("[data-status-badge]")).toBe("Live");

    // Someone else reserves: the open page updates through the drop's WebSocket.
    const other = await api("POST", `/api/v1/drops/${dropId}/reservations`, { variantId, quantity: 2, email: "other@example.com" }, { "cf-connecting-ip": "198.51.100.77" });
    expect(other.status).toBe(201);
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`), { timeout: 15_000 }).toBe("3 left");
    await page.screenshot({ path: path.join(ARTIFACTS, "drop-page.png"), fullPage: true });

    await page.getByLabel("Email").fill("buyer@example.com");
    await page.getByLabel("Quantity").fill("1");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Reserve and pay" }).click()]);
    await Promise.all([page.waitForURL(/\/browser-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    await expect.poll(() => page.getAttribute(".order-status", "data-status")).toBe("paid");
    expect(await page.textContent("h1")).toBe("Your order");
    expect(await page.textContent("main")).toContain("Night Hoodie");
    await page.screenshot({ path: path.join(ARTIFACTS, "order-page.png"), fullPage: true });

    const counts = await api("GET", `/admin/v1/drops/${dropId}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, held: 2, available: 2 });
  });
});
