// `npm run dev`: the local store in one command. Creates .dev.vars from the example if missing, applies the
// local D1 migrations, starts `wrangler dev` on port 8787 (development mode, offline), seeds the demo store
// (idempotent) and prints the demo token and URLs to try.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, startWranglerDev } from "./lib/wrangler-dev.mjs";

const devVars = path.join(ROOT, ".dev.vars");
if (!existsSync(devVars)) {
  copyFileSync(path.join(ROOT, ".dev.vars.example"), devVars);
  console.log("Created .dev.vars from .dev.vars.example");
}
const vars = Object.fromEntries(
  readFileSync(devVars, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && l.includes("="))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);
const port = Number(process.env.PORT ?? 8787);
const server = await startWranglerDev({ port, persistTo: null, inherit: true, logLevel: process.env.LOG_LEVEL ?? "info" });

const seed = await fetch(`${server.url}/dev/seed`, {
  method: "POST",
  headers: { authorization: `Bearer ${vars.PLATFORM_ADMIN_TOKEN}` },
});
if (!seed.ok) {
  console.error(`Seeding failed: ${seed.status} ${await seed.text()}`);
  await server.stop();
  process.exit(1);
}
const demo = await seed.json();
const base = `http://localhost:${port}`;
console.log(`
  Dropfront is running at ${base}

  Demo creator:     @${demo.handle}
  Admin token:      ${demo.token}
  Platform token:   ${vars.PLATFORM_ADMIN_TOKEN}   (from .dev.vars)

  Demo drop:        ${demo.drop ? `/api/v1/drops/${demo.drop.id} (opens ${demo.drop.startsAt})` : "already seeded"}

  Demo paid order:  ${demo.order ? demo.order.url.replace(server.url, base) : "already seeded"}

  Storefront:       ${base}/${demo.handle}

  Try:
    curl ${base}/health
    curl -H "Authorization: Bearer ${demo.token}" ${base}/admin/v1/products
    curl ${base}/admin/v1/openapi.json
`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
server.child.on("exit", (code) => process.exit(code ?? 0));
