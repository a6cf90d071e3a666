// `npm run screenshots`: the README's pictures of the seeded demo store (docs/screenshots/), taken by the local
// Chromium (/usr/bin/chromium or CHROMIUM_PATH) from a `wrangler dev` this script starts with its own fresh state:
// the home on a desktop and the drop page on a phone, light scheme, after the live numbers and images have loaded.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startWranglerDev } from "./lib/wrangler-dev.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PLATFORM = "screenshots-platform-token";
const OUT = path.join(ROOT, "docs", "screenshots");

if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
mkdirSync(OUT, { recursive: true });
const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const seeded = await fetch(`${server.url}/dev/seed`, { method: "POST", headers: { authorization: `Bearer ${PLATFORM}` } });
  if (!seeded.ok) throw new Error(`POST /dev/seed answered ${seeded.status}: ${await seeded.text()}`);
  const { handle } = await seeded.json();
  const shots = [
    { name: "home-desktop.png", path: `/${handle}`, viewport: { width: 1280, height: 900 }, fullPage: true },
    { name: "drop-phone.png", path: `/${handle}/drops/midnight-drop`, viewport: { width: 390, height: 844 }, fullPage: false, scale: 2 },
  ];
  for (const shot of shots) {
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: shot.scale ?? 1, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(`${server.url}${shot.path}`, { waitUntil: "networkidle" });
    // Images decoded, live numbers painted.
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, shot.name), fullPage: shot.fullPage });
    console.log(`docs/screenshots/${shot.name}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
