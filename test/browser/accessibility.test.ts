// The seeded demo store as a fan sees it, in headless Chromium on a phone (390×844, light and dark) and a desktop (1280×900): home,
// product, drop, order and 404 pages have no serious or critical axe-core violation, every image loads, nothing
// scrolls sideways on the phone, and the console stays clean. Screenshots go to test-results/.
import { AxeBuilder } from "@axe-core/playwright";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, useBrowserStore } from "../helpers/browser";

const PLATFORM = "a11y-platform-token";
const PHONE = { width: 390, height: 844 };
// The light scheme on both devices, and the phone once more in the dark scheme (its own colours, its own contrast).
const DEVICES = {
  phone: { viewport: PHONE, colorScheme: "light" },
  desktop: { viewport: { width: 1280, height: 900 }, colorScheme: "light" },
  "phone in the dark": { viewport: PHONE, colorScheme: "dark" },
} as const;

const store = useBrowserStore(PLATFORM);
let pages: Record<string, string>;

beforeAll(async () => {
  const seeded = await store.client("POST", "/dev/seed", { token: PLATFORM });
  expect(seeded.status).toBe(200);
  const order = new URL(seeded.json.order.url);
  pages = {
    home: `/${seeded.json.handle}`,
    product: `/${seeded.json.handle}/products/tour-tee`,
    drop: `/${seeded.json.handle}/drops/midnight-drop`,
    order: order.pathname + order.search,
    "not-found": `/${seeded.json.handle}/products/no-such-product`,
  };
});


describe("the demo store, page by page", () => {
  for (const name of ["home", "product", "drop", "order", "not-found"]) {
    for (const [device, { viewport, colorScheme }] of Object.entries(DEVICES)) {
      it(`${name} on a ${device}: accessible, images loaded, no sideways scroll, a clean console`, async () => {
        const context = await store.browser.newContext({ viewport, colorScheme }); // axe-core's runner needs an explicit context
        const page = await context.newPage();
        const problems: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(`console: ${m.text()}`);
        });
        page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
        page.on("response", (r) => {
          if (r.status() >= 400 && !(name === "not-found" && r.url() === page.url())) problems.push(`${r.status()} ${r.url()}`);
        });
        const res = await page.goto(store.server.url + pages[name]!, { waitUntil: "networkidle" });
        expect(res?.status()).toBe(name === "not-found" ? 404 : 200);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
        // Lazy images load as a fan scrolls: scroll to the end first, so every image has been asked for.
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.waitForFunction(() => [...document.images].every((i) => i.complete), undefined, { timeout: 10_000 }).catch(() => undefined);
        const broken = await page.$$eval("img", (imgs) => imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
        expect(broken).toEqual([]);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        // On failure, name the elements that stick out.
        const wide = await page.evaluate((w) => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 0.5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 8), viewport.width);
        expect(width, `wider than the screen: ${wide.join(", ")}`).toBeLessThanOrEqual(viewport.width);
        // The 404 page answers 404 on purpose, which Chromium reports in the console; nothing else may.
        expect(problems.filter((p) => !(name === "not-found" && p.includes("404")))).toEqual([]);
        await page.screenshot({ path: path.join(ARTIFACTS, `store-${name}-${device.replaceAll(" ", "-")}.png`), fullPage: true });
        await context.close();
      });
    }
  }
});
