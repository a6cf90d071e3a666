// What each simulated buyer's drop page does once a queue drop opens (bench/queue.mjs): it reads its ticket like a
// page without a socket (every 0.5–1 s while its turn may be near, backing off with the ticket's estimate when it is
// far back), reserves with its admission token as soon as it is admitted, then pays through the simulated processor.
// It also times, by the server's own clock (`serverTime` of ticket reads), when each shard's waiting tickets turn
// sold_out after the last sale.
import { DueQueue, json } from "./lib.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const jitter = () => 500 + Math.random() * 500;

/**
 * `buyers`: `{ email, ip, pre, ticketId, token, shard }` each (the ticket fields once joined); the pages update
 * `status`, `position`, `reservation`. `watch(buyer, at)` schedules a page's first ticket read; `run(done)` follows
 * every page until `done` resolves and no joined ticket is still waiting (or `giveUpAt` passes).
 */
export function buyerPages({ fetch, url, dropId, variantId, units, buyers, pollConcurrency, payConcurrency, pollMaxMs, samplePerShard, sampleMs, giveUpAt }) {
  const due = new DueQueue();
  const toPay = [];
  const paid = [];
  const stats = { polls: 0, pollErrors: 0, reserveAnswers: {}, reserved: 0, checkoutErrors: 0, lastCheckoutError: null, firstPlacedAt: null, allHeldAt: null, pollsAtLastSale: 0 };
  let selling = true;
  const post = (path, body, headers) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  async function readTicket(b) {
    const res = await fetch(`${url}/api/v1/drops/${dropId}/queue/${b.ticketId}?token=${encodeURIComponent(b.token)}`);
    stats.polls++;
    if (res.status !== 200) {
      stats.pollErrors++;
      await res.arrayBuffer();
      return null;
    }
    const { ticket } = await res.json();
    b.status = ticket.status;
    b.position = ticket.position;
    if (ticket.position !== null && b.pre) {
      const t = Date.parse(ticket.serverTime);
      if (stats.firstPlacedAt === null || t < stats.firstPlacedAt) stats.firstPlacedAt = t;
    }
    return ticket;
  }

  async function follow(b) {
    const ticket = await readTicket(b).catch(() => (stats.pollErrors++, null));
    if (!ticket || ticket.status === "waiting") {
      const far = ticket?.estimate?.seconds ? (ticket.estimate.seconds * 1000) / 4 : 0;
      due.push(Date.now() + Math.min(pollMaxMs, Math.max(jitter(), far)), b);
      return;
    }
    if (ticket.status !== "admitted" || b.reservation) return; // sold_out or expired: the page stops asking
    const res = await post(`/api/v1/drops/${dropId}/reservations`, { variantId, quantity: 1, email: b.email }, { "cf-connecting-ip": b.ip, "drop-admission": ticket.admissionToken });
    const body = await res.json();
    stats.reserveAnswers[res.status] = (stats.reserveAnswers[res.status] ?? 0) + 1;
    if (res.status !== 201) {
      due.push(Date.now() + jitter(), b); // its ticket tells what happened (expired, or admitted still)
      return;
    }
    b.reservation = body.reservation;
    if (++stats.reserved === units) stats.allHeldAt = Date.now();
    toPay.push(b);
  }

  async function poller() {
    while (selling) {
      const next = due.peek();
      if (!next || next.at > Date.now()) await sleep(next ? Math.min(50, next.at - Date.now()) : 50);
      else await follow(due.pop());
    }
  }

  async function payer() {
    while (selling) {
      const b = toPay.shift();
      if (!b) {
        await sleep(20);
        continue;
      }
      try {
        const headers = { "cf-connecting-ip": b.ip };
        const session = await json(`${url}/api/v1/checkout`, { method: "POST", headers, body: JSON.stringify({ dropId, reservationId: b.reservation.id }) }, fetch);
        const { order } = await json(`${url}/dev/checkout/${session.checkoutSessionId}/complete`, { method: "POST" }, fetch);
        if (order.status !== "paid") throw new Error(`order ${order.id} is ${order.status}`);
        paid.push({ b, paidAt: Date.parse(order.paidAt) });
        if (paid.length === units) stats.pollsAtLastSale = stats.polls;
      } catch (err) {
        // The buyer tries again a moment later (a second checkout of the same hold returns the same order).
        stats.checkoutErrors++;
        stats.lastCheckoutError = String(err?.message ?? err).slice(0, 300);
        if ((b.payAttempts = (b.payAttempts ?? 0) + 1) < 3) setTimeout(() => toPay.push(b), 500);
      }
    }
  }

  /**
   * Once every unit is held, a few surely-waiting tickets of every shard (its highest positions) are read every
   * `sampleMs`. A shard turns all its tickets sold_out in one transaction, so per shard the first read answering
   * sold_out bounds that moment from above and the last answering waiting from below.
   */
  async function timeSoldOut() {
    while (stats.reserved < units && paid.length < units && Date.now() < giveUpAt) await sleep(50);
    const byShard = new Map();
    for (const b of buyers.filter((x) => x.status === "waiting" && x.position !== null).sort((x, y) => y.position - x.position)) {
      const list = byShard.get(b.shard) ?? [];
      if (list.length < samplePerShard) byShard.set(b.shard, [...list, b]);
    }
    const sample = [...byShard.values()].flat().map((b) => ({ b, lastWaiting: null, firstSoldOut: null }));
    await Promise.all(
      sample.map(async (s) => {
        while (s.firstSoldOut === null && Date.now() < giveUpAt) {
          const t = await readTicket(s.b).catch(() => null);
          if (t?.status === "sold_out") s.firstSoldOut = Date.parse(t.serverTime);
          else {
            if (t?.status === "waiting") s.lastWaiting = Date.parse(t.serverTime);
            await sleep(sampleMs);
          }
        }
      }),
    );
    const shards = new Map();
    for (const s of sample) {
      const t = shards.get(s.b.shard) ?? { low: -Infinity, high: Infinity };
      if (s.lastWaiting !== null) t.low = Math.max(t.low, s.lastWaiting);
      if (s.firstSoldOut !== null) t.high = Math.min(t.high, s.firstSoldOut);
      shards.set(s.b.shard, t);
    }
    return shards;
  }

  return {
    watch: (b, at) => due.push(at, b),
    async run(done) {
      const workers = [...Array.from({ length: pollConcurrency }, poller), ...Array.from({ length: payConcurrency }, payer)];
      const soldOutByShard = await timeSoldOut();
      await done;
      // Every page still waiting hears sold out at its next read; then the run is over.
      while (buyers.some((b) => b.ticketId && b.status === "waiting") && Date.now() < giveUpAt) await sleep(100);
      selling = false;
      await Promise.all(workers);
      return { stats, paid, soldOutByShard };
    },
  };
}
