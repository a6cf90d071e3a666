// `npm run bench:checkout`: checkout-to-paid latency on the real `wrangler dev` with the simulated processor.
// Each flow reserves one unit of a drop, starts checkout, then pays (the signed event goes through the webhook
// handler in-process). Prints p50/p99 of the checkout call, of checkout→paid, and flows per second.
import { startWranglerDev } from "../scripts/lib/wrangler-dev.mjs";
import { benchCreator, json, percentile as pct } from "./lib.mjs";

const FLOWS = Number(process.env.FLOWS ?? 300);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const PLATFORM = "bench-platform-token";

const server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: PLATFORM }, logLevel: "error" });
try {
  const admin = await benchCreator(server.url, PLATFORM);
  const { product } = await json(`${server.url}/admin/v1/products`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ slug: "zine", title: "Zine", kind: "digital", priceCents: 800 }),
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
} finally {
  await server.stop();
}
