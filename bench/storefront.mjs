// `npm run bench:storefront`: requests/s and p50/p99 at 50 connections under `wrangler dev` for /health, the cached
// creator home, and an uncached page (a buyer's order page, rendered from D1 on every request). Runs alternate
// A/B/C rounds and reports medians and each ratio to /health (targets: cached home ≥ 0.85×, uncached ≥ 0.5×).
// Uses wrk when installed (Debian package `wrk`, ~2 % CPU), otherwise a Node load generator.
import { execFileSync, spawnSync } from "node:child_process";
import { startWranglerDev } from "../scripts/lib/wrangler-dev.mjs";
import { benchCreator, json, load } from "./lib.mjs";

const CONNECTIONS = 50;
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PLATFORM = "bench-platform-token";
const hasWrk = spawnSync("sh", ["-c", "command -v wrk"]).status === 0;

function parseMs(value, unit) {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

async function measure(url) {
  if (hasWrk) {
    const out = execFileSync("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", url], { encoding: "utf8" });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
    const p = (q) => {
      const m = new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
      return parseMs(m[1], m[2]);
    };
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    return { rps, p50: p(50), p99: p(99), errors: non2xx };
  }
  const r = await load({ total: Math.round(SECONDS * 600), concurrency: CONNECTIONS, request: () => fetch(url) });
  return { rps: r.rps, p50: r.p50, p99: r.p99, errors: Object.entries(r.statuses).filter(([s]) => s !== "200").reduce((a, [, n]) => a + n, 0) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
try {
  const admin = await benchCreator(server.url, PLATFORM);
  let firstVariant;
  for (let i = 0; i < 12; i++) {
    const kind = i % 3 === 0 ? "digital" : "physical";
    const { product } = await json(`${server.url}/admin/v1/products`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug: `item-${i}`, title: `Item ${i}`, description: "A thing fans love. ".repeat(10), kind, priceCents: 1000 + i * 100 }),
    });
    // The order behind the uncached page: a physical item (a digital one without its file is not for sale).
    if (kind === "physical") firstVariant ??= product.variants[0].id;
  }
  const order = await json(`${server.url}/api/v1/checkout`, {
    method: "POST",
    headers: { "cf-connecting-ip": "10.8.0.1" },
    body: JSON.stringify({ handle: "bench", email: "fan@example.com", items: [{ variantId: firstVariant, quantity: 1 }] }),
  });
  const targets = {
    health: `${server.url}/health`,
    "cached home": `${server.url}/bench`,
    uncached: `${server.url}/bench/orders/${order.order.id}?token=${order.orderToken}`,
    // Context, not a target: the cost of one bare D1 query through the same wrangler dev.
    "bare D1 query": `${server.url}/dev/bench/d1`,
  };
  for (const url of Object.values(targets)) await measure(url); // warm-up (fills the cache)
  const results = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of Object.entries(targets)) results[name].push(await measure(url));
  }
  console.log(`storefront: ${CONNECTIONS} connections, ${SECONDS}s × ${ROUNDS} alternating rounds, ${hasWrk ? "wrk" : "node load generator"}`);
  const base = median(results.health.map((r) => r.rps));
  for (const [name, runs] of Object.entries(results)) {
    const rps = median(runs.map((r) => r.rps));
    const errors = runs.reduce((a, r) => a + r.errors, 0);
    console.log(
      `  ${name.padEnd(12)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${median(runs.map((r) => r.p50)).toFixed(1)} ms  p99 ${median(runs.map((r) => r.p99)).toFixed(1)} ms  ratio ${(rps / base).toFixed(2)}×${errors ? `  (${errors} non-2xx)` : ""}`,
    );
  }
} finally {
  await server.stop();
}
