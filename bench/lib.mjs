// Shared benchmark helpers: a closed-loop load generator over fetch (Node's, or Miniflare's dispatchFetch) and
// latency percentiles, JSON calls, a creator for the run, and a queue of work due at given times.

/** `onResponse(i, res)`, when given, reads each answer's body (the default discards it). */
export async function load({ total, concurrency, request, onResponse }) {
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        let status;
        try {
          const res = await request(i);
          status = res.status;
          await (onResponse ? onResponse(i, res) : res.arrayBuffer());
        } catch {
          status = "error";
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), seconds, statuses: Object.fromEntries(statuses) };
}

/** The p-th percentile (nearest rank, 0–100) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (r) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;

/** `fetcher`: Node's fetch by default, or a Miniflare instance's `dispatchFetch`. */
export async function json(url, init = {}, fetcher = fetch) {
  const res = await fetcher(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A creator for a benchmark run; returns the admin headers. */
export async function benchCreator(url, platformToken, handle = "bench", fetcher = fetch) {
  const { token } = await json(
    `${url}/platform/v1/creators`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${platformToken}` },
      body: JSON.stringify({ handle, displayName: "Bench Records", email: "bench@example.com" }),
    },
    fetcher,
  );
  return { authorization: `Bearer ${token}` };
}

/** Work due at given times, earliest first (a binary heap): `push(at, value)`, `peek()` → `{ at, value }`, `pop()`. */
export class DueQueue {
  #items = [];
  get size() {
    return this.#items.length;
  }
  peek() {
    return this.#items[0];
  }
  push(at, value) {
    const a = this.#items;
    a.push({ at, value });
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent].at <= a[i].at) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop() {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].at < a[m].at) m = l;
        if (r < a.length && a[r].at < a[m].at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top?.value;
  }
}
