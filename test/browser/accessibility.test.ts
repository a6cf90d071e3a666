// The seeded demo store as a fan sees it, in headless Chromium on a phone (390×844) and a desktop (1280×900): home,
// product, drop, order and 404 pages have no serious or critical axe-core violation, every image loads, nothing
// scrolls sideways on the phone, and the console stays clean. Screenshots go to test-results/.
import { AxeBuilder } from "@axe-core/playwright";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { httpClient } from "../helpers/http";

const PLATFORM = "a11y-platform-token";
const ARTIFACTS = path.join(ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

let server: Awaited<ReturnType<typeof startWranglerDev>>;
let browser: Browser;
let pages: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH.`);
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM } });
  const client = httpClient((request) => fetch(request), server.url);
  const seeded = await client("POST", "/dev/seed", { token: PLATFORM });
  expect(seeded.status).toBe(200);
  const order = new URL(seeded.json.order.url);
  pages = {
    home: `/${seeded.json.handle}`,
    product: `/${seeded.json.handle}/products/tour-tee`,
    drop: `/${seeded.json.handle}/drops/midnight-drop`,
    order: order.pathname + order.search,
    "not-found": `/${seeded.json.handle}/products/no-such-product`,
  };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the demo store, page by page", () => {
  for (const name of ["home", "product", "drop", "order", "not-found"]) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      it(`${name} on a ${device}: accessible, images loaded, no sideways scroll, a clean console`, async () => {
        const context = await browser.newContext({ viewport }); // axe-core's runner needs an explicit context
        const page = await context.newPage();
        const problems: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(`console: ${m.text()}`);
        });
        page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
        page.on("response", (r) => {
          if (r.status() >= 400 && !(name === "not-found" && r.url() === page.url())) problems.push(`${r.status()} ${r.url()}`);
        });
        const res = await page.goto(server.url + pages[name]!, { waitUntil: "networkidle" });
        expect(res?.status()).toBe(name === "not-found" ? 404 : 200);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
        const broken = await page.$$eval("img", (imgs) => imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
        expect(broken).toEqual([]);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        // On failure, name the elements that stick out.
        const wide = await page.evaluate((w) => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 0.5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 8), viewport.width);
        expect(width, `wider than the screen: ${wide.join(", ")}`).toBeLessThanOrEqual(viewport.width);
        // The 404 page answers 404 on purpose, which Chromium reports in the console; nothing else may.
        expect(problems.filter((p) => !(name === "not-found" && p.includes("404")))).toEqual([]);
        await page.screenshot({ path: path.join(ARTIFACTS, `store-${name}-${device}.png`), fullPage: true });
        await context.close();
      });
    }
  }
});
