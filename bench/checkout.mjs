// `npm run bench:checkout`: checkout-to-paid latency on the real `wrangler dev` with the simulated processor.
// Each flow reserves one unit of a drop, starts checkout, then pays (the signed event goes through the webhook
// handler in-process). Prints p50/p99 of the checkout call, of checkout→paid, and flows per second.
// Then the discount race: rounds of cart checkouts without a code, with a capped one (most are refused, which skips
// the order's write) and with one capped above the round (every checkout holds a use: the code's true cost),
// alternated in the same run; their checkouts/s, and the exact number of orders that carried the capped code once paid.
import { startWranglerDev } from "../scripts/lib/wrangler-dev.mjs";
import { benchCreator, fmt, json, load, percentile as pct } from "./lib.mjs";

const FLOWS = Number(process.env.FLOWS ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const PLATFORM = "bench-platform-token";
const RACE = Number(process.env.RACE ?? 500);
const RACE_CONCURRENCY = Number(process.env.RACE_CONCURRENCY ?? 50);
const CAP = Number(process.env.CAP ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
try {
  const admin = await benchCreator(server.url, PLATFORM);
  const { product } = await json(`${server.url}/admin/v1/products`, {
    method: "POST",
    headers: admin,
    // Physical: a digital product without its file is not for sale.
    body: JSON.stringify({ slug: "zine", title: "Zine", kind: "physical", priceCents: 800 }),
  });
  const variantId = product.variants[0].id;
  const { drop } = await json(`${server.url}/admin/v1/drops`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ slug: "bench", title: "Bench", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 1, items: [{ variantId, quantity: FLOWS }] }),
  });

  const checkoutMs = [];
  const paidMs = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= FLOWS) return;
        const { reservation } = await json(`${server.url}/api/v1/drops/${drop.id}/reservations`, {
          method: "POST",
          headers: { "cf-connecting-ip": `10.9.${(i >> 8) & 255}.${i & 255}` },
          body: JSON.stringify({ variantId, quantity: 1, email: `buyer${i}@example.com` }),
        });
        const t0 = performance.now();
        const session = await json(`${server.url}/api/v1/checkout`, {
          method: "POST",
          headers: { "cf-connecting-ip": `10.9.${(i >> 8) & 255}.${i & 255}` },
          body: JSON.stringify({ dropId: drop.id, reservationId: reservation.id }),
        });
        const t1 = performance.now();
        const { order } = await json(`${server.url}/dev/checkout/${session.checkoutSessionId}/complete`, { method: "POST" });
        const t2 = performance.now();
        if (order.status !== "paid") throw new Error(`order ${order.id} is ${order.status}`);
        checkoutMs.push(t1 - t0);
        paidMs.push(t2 - t1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`checkout → paid: ${FLOWS} flows, concurrency ${CONCURRENCY}`);
  console.log(`  POST /api/v1/checkout:  p50 ${pct(checkoutMs, 50).toFixed(1)} ms, p99 ${pct(checkoutMs, 99).toFixed(1)} ms`);
  console.log(`  checkout → paid:        p50 ${pct(paidMs, 50).toFixed(1)} ms, p99 ${pct(paidMs, 99).toFixed(1)} ms (signed event, verified, holds committed, job enqueued)`);
  console.log(`  flows/s (reserve + checkout + pay): ${(FLOWS / seconds).toFixed(1)}`);
  await discountRace(admin);
} finally {
  await server.stop();
}

/**
 * Cart checkouts of an untracked item (no stock to run out) by distinct buyers: without a code, with a fresh code
 * capped at CAP (CAP win, the rest are refused `used_up`), and with one capped above the round (every checkout holds a
 * use), alternated ROUNDS times; the capped code's orders are paid and its `redemptions` read back from the admin API.
 */
async function discountRace(admin) {
  const { product } = await json(`${server.url}/admin/v1/products`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ slug: "race-tee", title: "Race tee", kind: "physical", priceCents: 2000, variants: [{ sku: "RACE", title: "One size", stock: null }] }),
  });
  const handle = "bench"; // benchCreator's
  let ip = 0;
  const round = (code, sessions) =>
    load({
      total: RACE,
      concurrency: RACE_CONCURRENCY,
      request: () => {
        const n = ip++;
        return fetch(`${server.url}/api/v1/checkout`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": `10.8.${(n >> 8) & 255}.${n & 255}` },
          body: JSON.stringify({ handle, email: `racer${n}@example.com`, items: [{ variantId: product.variants[0].id, quantity: 1 }], ...(code && { discountCode: code }) }),
        });
      },
      onResponse: async (_i, res) => {
        const body = await res.json();
        if (res.status === 201 && body.order.discountCents > 0) sessions.push(body.checkoutSessionId);
      },
    });
  const plain = [];
  const capped = [];
  const roomy = [];
  const newCode = async (code, maxRedemptions) =>
    (await json(`${server.url}/admin/v1/discounts`, { method: "POST", headers: admin, body: JSON.stringify({ code, percentOff: 10, maxRedemptions }) })).discount;
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(await round(undefined, []));
    roomy.push(await round((await newCode(`ROOMY${r}`, RACE + 1)).code, []));
    const discount = await newCode(`RACE${r}`, CAP);
    const sessions = [];
    const result = await round(discount.code, sessions);
    for (const id of sessions) await json(`${server.url}/dev/checkout/${id}/complete`, { method: "POST" });
    const { discount: after } = await json(`${server.url}/admin/v1/discounts/${discount.id}`, { headers: admin });
    capped.push({ ...result, held: sessions.length, redemptions: after.redemptions });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`discount race: ${RACE} cart checkouts per round at concurrency ${RACE_CONCURRENCY}, ${ROUNDS} rounds alternated`);
  for (let r = 0; r < ROUNDS; r++) {
    console.log(`  round ${r + 1} without a code:     ${fmt(plain[r])} ${JSON.stringify(plain[r].statuses)}`);
    console.log(`  round ${r + 1} code capped at ${RACE + 1}: ${fmt(roomy[r])} ${JSON.stringify(roomy[r].statuses)}`);
    console.log(`  round ${r + 1} code capped at ${CAP}: ${fmt(capped[r])} ${JSON.stringify(capped[r].statuses)}; orders with the code ${capped[r].held}, redemptions once paid ${capped[r].redemptions}`);
  }
  const ratio = (runs) => (median(runs.map((c) => c.rps)) / median(plain.map((p) => p.rps))).toFixed(2);
  console.log(`  checkouts/s ÷ without a code (medians): capped at ${CAP} ${ratio(capped)}, every checkout holding a use ${ratio(roomy)} (target ≥ 0.80)`);
  console.log(`  every round redeemed exactly ${CAP}: ${capped.every((c) => c.held === CAP && c.redemptions === CAP)}`);
}
