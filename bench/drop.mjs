// `npm run bench:drop`: a flash-drop rush against the real `wrangler dev`. Creates a drop of 1,000 units, fires
// 5,000 reservation attempts at concurrency 200 (distinct buyers and client IPs), and prints reservations/s,
// p50/p99, units held (must be exactly 1,000) and units oversold (must be 0). In the same run and through the same
// `wrangler dev`, it measures a bare Durable Object round trip and prints reservations/s ÷ round trips/s.
import { startWranglerDev } from "../scripts/lib/wrangler-dev.mjs";
import { benchCreator, fmt, json, load } from "./lib.mjs";

const UNITS = 1000;
const ATTEMPTS = Number(process.env.ATTEMPTS ?? 5000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 200);
const PLATFORM = "bench-platform-token";

const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
try {
  const admin = await benchCreator(server.url, PLATFORM);
  const { product } = await json(`${server.url}/admin/v1/products`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ slug: "rush-tee", title: "Rush Tee", kind: "physical", priceCents: 3000, stock: UNITS }),
  });
  const variantId = product.variants[0].id;
  const { drop } = await json(`${server.url}/admin/v1/drops`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({
      slug: "rush",
      title: "Rush",
      startsAt: new Date(Date.now() - 1000).toISOString(),
      perBuyerLimit: 1,
      items: [{ variantId, quantity: UNITS }],
    }),
  });

  const ping = () => fetch(`${server.url}/dev/bench/ping`);
  await load({ total: 500, concurrency: 50, request: ping }); // warm-up

  const baselineA = await load({ total: ATTEMPTS, concurrency: CONCURRENCY, request: ping });
  const reservations = await load({
    total: ATTEMPTS,
    concurrency: CONCURRENCY,
    request: (i) =>
      fetch(`${server.url}/api/v1/drops/${drop.id}/reservations`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({ variantId, quantity: 1, email: `buyer${i}@example.com` }),
      }),
  });
  const baselineB = await load({ total: ATTEMPTS, concurrency: CONCURRENCY, request: ping });
  const roundTrips = (baselineA.rps + baselineB.rps) / 2;

  const after = await json(`${server.url}/admin/v1/drops/${drop.id}`, { headers: admin });
  const item = after.drop.items[0];
  const held = item.held;
  const oversold = Math.max(0, item.held + item.sold - UNITS) + (item.available < 0 ? -item.available : 0);
  const created = reservations.statuses[201] ?? 0;

  console.log(`drop rush: ${ATTEMPTS} attempts, concurrency ${CONCURRENCY}, ${UNITS} units`);
  console.log(`  answers:              ${JSON.stringify(reservations.statuses)}`);
  console.log(`  reservations:         ${fmt(reservations)}`);
  console.log(`  bare DO round trip:   ${fmt(baselineA)} (before), ${fmt(baselineB)} (after)`);
  console.log(`  units held:           ${held} (201 answers: ${created})`);
  console.log(`  units oversold:       ${oversold}`);
  console.log(`  invariant:            available ${item.available} + held ${item.held} + sold ${item.sold} = ${item.available + item.held + item.sold} (quantity ${item.quantity})`);
  console.log(`  ratio reservations/s ÷ round trips/s: ${(reservations.rps / roundTrips).toFixed(2)} (target ≥ 0.6)`);
  if (held !== UNITS || oversold !== 0 || created !== UNITS) process.exitCode = 1;
} finally {
  await server.stop();
}
