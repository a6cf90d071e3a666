// `npm run audit:pages`: Lighthouse 12.2.3 (mobile, its default form factor; simulated throttling, its default) on the
// seeded demo store's home, a product and the drop page under a `wrangler dev` it starts itself, driving the local
// Chromium (/usr/bin/chromium or CHROMIUM_PATH). Prints performance, accessibility, best-practices and SEO next to the
// target (≥ 95) and, for a score below it, the audits that cost the most points. A benchmark, not a test: it exits 0
// whatever the scores, non-zero only when Lighthouse, Chromium or the server fails to run. Everything is local.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PLATFORM = "audit-platform-token";
const TARGET = 95;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = { FCP: "first-contentful-paint", LCP: "largest-contentful-paint", TBT: "total-blocking-time", CLS: "cumulative-layout-shift" };

// Chromium on a free DevTools port, told to stay off the network it would reach for on its own.
async function startChromium() {
  const profile = mkdtempSync(path.join(tmpdir(), "dropfront-lh-"));
  const args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio", "about:blank"];
  const child = spawn(CHROMIUM, args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    rmSync(profile, { recursive: true, force: true });
  };
  const port = await new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Chromium did not open DevTools:\n${err.slice(-2000)}`)), 30_000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`Chromium exited (${code}):\n${err.slice(-2000)}`)));
  }).catch((e) => {
    stop();
    throw e;
  });
  return { port, stop };
}

// The audits behind a category's shortfall, in points (weight share × what the audit missed), largest first.
function costliest(lhr, id) {
  const refs = lhr.categories[id].auditRefs.filter((r) => r.weight > 0);
  const total = refs.reduce((a, r) => a + r.weight, 0);
  return refs
    .map((r) => ({ id: r.id, title: lhr.audits[r.id].title, score: lhr.audits[r.id].score, value: lhr.audits[r.id].displayValue, cost: ((1 - (lhr.audits[r.id].score ?? 1)) * r.weight * 100) / total }))
    .filter((a) => a.cost > 0.05)
    .sort((a, b) => b.cost - a.cost)
    .slice(0, 4);
}

if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
let chromium;
try {
  const seeded = await fetch(`${server.url}/dev/seed`, { method: "POST", headers: { authorization: `Bearer ${PLATFORM}` } });
  if (!seeded.ok) throw new Error(`POST /dev/seed answered ${seeded.status}: ${await seeded.text()}`);
  const { handle } = await seeded.json();
  const pages = { home: `/${handle}`, product: `/${handle}/products/tour-tee`, drop: `/${handle}/drops/midnight-drop` };
  chromium = await startChromium();
  const flags = { port: chromium.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES, throttlingMethod: "simulate", disableFullPageScreenshot: true };
  console.log(`Lighthouse 12.2.3, mobile, simulated throttling (slow 4G, 4× CPU), ${CHROMIUM}; target ≥ ${TARGET}\n`);
  console.log(["page".padEnd(10), ...CATEGORIES.map((c) => c.padStart(16))].join(""));
  const shortfalls = [];
  const measured = [];
  for (const [name, pathname] of Object.entries(pages)) {
    const result = await lighthouse(`${server.url}${pathname}`, flags);
    if (!result) throw new Error(`Lighthouse returned nothing for ${pathname}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${pathname}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const cells = CATEGORIES.map((c) => {
      const score = lhr.categories[c].score === null ? null : Math.round(lhr.categories[c].score * 100);
      if (score === null || score < TARGET) shortfalls.push({ page: name, category: c, audits: costliest(lhr, c) });
      return `${score ?? "n/a"} (≥ ${TARGET})${score !== null && score >= TARGET ? " " : "!"}`.padStart(16);
    });
    console.log([`${name}`.padEnd(10), ...cells].join(""));
    const metrics = Object.entries(METRICS).map(([label, id]) => `${label} ${lhr.audits[id].displayValue}`);
    measured.push(`${name}: ${lhr.finalDisplayedUrl} — ${metrics.join(", ")}${lhr.runWarnings.length ? `; warnings: ${lhr.runWarnings.join(" | ")}` : ""}`);
  }
  console.log(`\n${measured.join("\n")}`);
  for (const s of shortfalls) {
    console.log(`\n${s.page} · ${s.category}: audits costing points (≈ points lost)`);
    for (const a of s.audits) console.log(`  ${a.cost.toFixed(1).padStart(5)}  ${a.id} — ${a.title}${a.value ? ` (${a.value})` : ""}, score ${a.score}`);
  }
} finally {
  chromium?.stop();
  await server.stop();
}
