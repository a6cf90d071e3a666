// Starts the real `wrangler dev` for the dev script, the end-to-end tests and the benchmarks: local D1
// migrations first, then the Worker on a port, offline and in development mode. One implementation for all three.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
// wrangler's own default, named here so `npm run dev`, `npm run db:migrate` and the README's plain wrangler commands
// read and write the same local data (D1, Durable Objects, KV, R2, cache).
export const LOCAL_STATE = path.join(ROOT, ".wrangler", "state");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// node_modules/.bin first, so wrangler runs on the project's Node 22 however this script was started.
const baseEnv = () => ({
  ...process.env,
  PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
});

export function applyMigrations(persistTo) {
  const args = ["d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, env: baseEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Bundles the Worker as `wrangler deploy` would, without deploying (`--dry-run --outdir`, offline); returns the
 * entry module's path. Benchmarks load it into Miniflare directly (bench/lib.mjs `startMiniflare`).
 */
export function buildWorker(outdir) {
  const args = ["deploy", "--dry-run", "--outdir", outdir];
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, env: baseEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  return path.join(outdir, "index.js");
}

export async function waitForHealth(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy at ${url}: ${lastError ?? "timeout"}`);
}

/**
 * Starts `wrangler dev`. Options: port (default: a free one), inspectorPort (default: wrangler's, 9229 or the next
 * free one), persistTo (default: a fresh temporary folder, removed on stop; null: wrangler's default, LOCAL_STATE),
 * vars (extra --var pairs), inherit (stream wrangler's output), logLevel.
 */
export async function startWranglerDev(options = {}) {
  const port = options.port ?? (await freePort());
  const ownsDir = options.persistTo === undefined;
  const persistTo = options.persistTo ?? mkdtempSync(path.join(tmpdir(), "dropfront-"));
  applyMigrations(options.persistTo === null ? undefined : persistTo);
  const vars = { ENVIRONMENT: "development", ...options.vars };
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--log-level", options.logLevel ?? "warn"];
  if (options.inspectorPort !== undefined) args.push("--inspector-port", String(options.inspectorPort));
  if (options.persistTo !== null) args.push("--persist-to", persistTo);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: baseEnv(),
    stdio: options.inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {}
          resolve();
        }, 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (ownsDir) rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, options.timeoutMs ?? 90_000);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  return { url, port, persistTo, child, stop, output: () => output };
}
