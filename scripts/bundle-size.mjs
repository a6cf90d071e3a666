// Prints the raw and gzip size of the Worker bundle written by `wrangler deploy --dry-run --outdir DIR`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const dir = process.argv[2] ?? "dist";
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(path.join(dir, f)).isFile());
if (files.length === 0) {
  console.error(`No bundle found in ${dir}; run the dry-run deploy first.`);
  process.exit(1);
}
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(path.join(dir, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`bundle: ${files.length} file(s), raw ${kib(raw)}, gzip ${kib(gzip)} (Workers limit: 3 MiB gzip free, 10 MiB paid)`);
