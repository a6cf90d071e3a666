// Shared benchmark helpers: a closed-loop load generator over Node's fetch and latency percentiles.
export async function load({ total, concurrency, request }) {
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
          await res.arrayBuffer();
        } catch {
          status = "error";
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: total / seconds, p50: pct(50), p99: pct(99), seconds, statuses: Object.fromEntries(statuses) };
}

export const fmt = (r) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;

export async function json(url, init = {}) {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A creator for a benchmark run; returns the admin headers. */
export async function benchCreator(url, platformToken, handle = "bench") {
  const { token } = await json(`${url}/platform/v1/creators`, {
    method: "POST",
    headers: { authorization: `Bearer ${platformToken}` },
    body: JSON.stringify({ handle, displayName: "Bench Records", email: "bench@example.com" }),
  });
  return { authorization: `Bearer ${token}` };
}
