// Prints the Worker bundle's raw and gzip size and its startup CPU (`wrangler check startup`), next to a bare Hono
// worker built and profiled in the same run, and fails only when the gzip size is over the budget (issue #10).
// Startup is printed, never gated: a profile on a noisy shared machine is no test. Works offline.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const GZIP_BUDGET_KIB = 150;
/** Profiles per worker; the median is printed (one profile of a ~25 ms startup varies by ±5 ms here). */
const PROFILES = 3;

const ROOT = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` };

function wrangler(cwd, args) {
  const run = spawnSync("wrangler", args, { cwd, env, encoding: "utf8", shell: process.platform === "win32" });
  return { ok: run.status === 0, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}

function bundleFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(path.join(dir, f)).isFile());
}

/** The dry-run bundle in `dir` (built there first when missing): raw and gzip bytes. */
function measureBundle(cwd, dir) {
  if (bundleFiles(dir).length === 0) {
    const build = wrangler(cwd, ["deploy", "--dry-run", "--outdir", dir]);
    if (!build.ok) throw new Error(`dry-run build failed in ${cwd}:\n${build.output}`);
  }
  let raw = 0;
  let gzip = 0;
  for (const file of bundleFiles(dir)) {
    const bytes = readFileSync(path.join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Median "Active" startup CPU over a few `wrangler check startup` runs, or the reason there is none. */
function measureStartup(cwd) {
  const runs = [];
  for (let i = 0; i < PROFILES; i++) {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), "startup-")), "startup.cpuprofile");
    const run = wrangler(cwd, ["check", "startup", "--outfile", outfile]);
    rmSync(path.dirname(outfile), { recursive: true, force: true });
    const active = /Active:\s*([\d.]+)\s*ms/.exec(run.output);
    if (!active) return { error: run.output.trim().split("\n").filter(Boolean).slice(-3).join(" / ") || "no profile" };
    runs.push(Number(active[1]));
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)], runs };
}

/** A hello-world Hono worker with the project's own hono and compatibility date: the floor to compare against. */
function bareHonoWorker() {
  const dir = mkdtempSync(path.join(tmpdir(), "bare-hono-"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "junction");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"))?.[1];
  writeFileSync(path.join(dir, "index.js"), 'import { Hono } from "hono";\nexport default new Hono().get("/", (c) => c.text("hello"));\n');
  writeFileSync(path.join(dir, "wrangler.toml"), `name = "bare-hono"\nmain = "index.js"\ncompatibility_date = "${date}"\nminify = true\n`);
  return dir;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (s) => ("ms" in s ? `${s.ms.toFixed(1)} ms (median of ${s.runs.join(", ")})` : `not measured: ${s.error}`);

const distDir = path.resolve(process.argv[2] ?? "dist");
const ours = measureBundle(ROOT, distDir);
const oursStartup = measureStartup(ROOT);
const bareDir = bareHonoWorker();
let bare;
let bareStartup;
try {
  bare = measureBundle(bareDir, path.join(bareDir, "dist"));
  bareStartup = measureStartup(bareDir);
} finally {
  rmSync(bareDir, { recursive: true, force: true });
}

const over = ours.gzip > GZIP_BUDGET_KIB * 1024;
const startupTarget = "ms" in bareStartup ? Math.max(25, 3 * bareStartup.ms) : 25;
console.log(`bundle:    raw ${kib(ours.raw)}, gzip ${kib(ours.gzip)} — budget ${GZIP_BUDGET_KIB} KiB gzip: ${over ? `OVER by ${kib(ours.gzip - GZIP_BUDGET_KIB * 1024)}` : "ok"}`);
console.log(`startup:   ${ms(oursStartup)} — target ≤ ${startupTarget.toFixed(1)} ms (25 ms or 3× bare Hono), printed, not gated`);
console.log(`bare Hono: raw ${kib(bare.raw)}, gzip ${kib(bare.gzip)}, startup ${ms(bareStartup)}`);
if (over) process.exit(1);
