// The Worker inside Miniflare, driven through Miniflare's own API, for benchmarks that must not pass through the
// `wrangler dev` proxy (which caps near 1,000 requests/s on the development machine). Kept apart from lib.mjs so the
// wrangler-dev benchmarks do not load wrangler as a library.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Miniflare, Log, LogLevel, convertV4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ROOT, applyMigrations, buildWorker } from "../scripts/lib/wrangler-dev.mjs";

/**
 * The Worker in Miniflare, driven through `mf.dispatchFetch` (no `wrangler dev` proxy, which caps near 1,000
 * requests/s here): bundled as `wrangler deploy` bundles it, its bindings as wrangler.toml declares them (wrangler's
 * own translation, minus the static assets, which only serve the OpenAPI document), D1 migrated, every bit of state
 * in a temporary folder removed on stop. `vars` override wrangler.toml's; the development defaults below are pinned,
 * so a developer's .dev.vars (which wrangler would read) cannot turn on Stripe, Turnstile or an email API mid-run.
 */
export async function startMiniflare({ vars = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "dropfront-mf-"));
  try {
    const outdir = path.join(dir, "dist");
    const entry = buildWorker(outdir);
    applyMigrations(dir); // D1 in <dir>/v3/d1, wrangler's layout, which Miniflare reads below
    const { assets: _assets, ...worker } = unstable_getMiniflareWorkerOptions(path.join(ROOT, "wrangler.toml")).workerOptions;
    const mf = new Miniflare(
      convertV4MiniflareOptions({
        ...worker,
        cf: false, // offline: placeholder Request.cf instead of a fetch that cannot succeed
        log: new Log(LogLevel.WARN),
        resourcePersistencePath: path.join(dir, "v3"),
        modulesRoot: outdir,
        modules: [{ type: "ESModule", path: entry }],
        bindings: {
          ...worker.bindings,
          ENVIRONMENT: "development",
          STRIPE_SECRET_KEY: "",
          STRIPE_WEBHOOK_SECRET: "",
          TURNSTILE_SITE_KEY: "",
          TURNSTILE_SECRET_KEY: "",
          EMAIL_API_URL: "",
          ...vars,
        },
      }),
    );
    await mf.ready;
    return {
      url: "http://localhost",
      fetch: (url, init) => mf.dispatchFetch(url, init),
      vars: { ...worker.bindings, ...vars },
      stop: async () => {
        await mf.dispose();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
