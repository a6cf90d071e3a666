// `npm run bench:storefront`: requests/s and p50/p99 at 50 connections under `wrangler dev` for /health, the cached
// creator home, and an uncached page (a buyer's order page, rendered from D1 on every request). Runs alternate
// A/B/C rounds and reports medians and each ratio to /health (targets: cached home ≥ 0.85×, uncached ≥ 0.5×). The home
// carries what a real one does: a banner, an avatar and an image on every product card (responsive pictures).
// Uses wrk when installed (Debian package `wrk`, ~2 % CPU), otherwise a Node load generator.
import { execFileSync, spawnSync } from "node:child_process";
import { deflateSync } from "node:zlib";
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

/** A real PNG (one colour, `w`×`h`), made here: the bench needs no image files and no network. */
function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: h }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

async function upload(url, headers, body) {
  const res = await fetch(url, { method: url.includes("/images") ? "POST" : "PUT", headers: { ...headers, "content-type": "image/png" }, body });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
try {
  const admin = await benchCreator(server.url, PLATFORM);
  await upload(`${server.url}/admin/v1/settings/banner`, admin, png(1920, 640, [90, 40, 160]));
  await upload(`${server.url}/admin/v1/settings/avatar`, admin, png(400, 400, [240, 200, 80]));
  let firstVariant;
  for (let i = 0; i < 12; i++) {
    const kind = i % 3 === 0 ? "digital" : "physical";
    const { product } = await json(`${server.url}/admin/v1/products`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ slug: `item-${i}`, title: `Item ${i}`, description: "A thing fans love. ".repeat(10), kind, priceCents: 1000 + i * 100 }),
    });
    await upload(`${server.url}/admin/v1/products/${product.id}/images?alt=${encodeURIComponent(`Item ${i}`)}`, admin, png(1200, 1200, [40 + i * 15, 30, 120]));
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
