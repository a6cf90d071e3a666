// `npm run dev`: the local store in one command. Creates .dev.vars from the example if missing, applies the
// local D1 migrations, regenerates the admin OpenAPI document (as `npm run openapi`), starts `wrangler dev`
// (development mode, offline, data in .wrangler/state) on PORT (default 8787) with the debugger on INSPECTOR_PORT
// (default: wrangler's), seeds the demo store (idempotent) and prints the demo token and URLs to try.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { updateAdminOpenApiModule } from "./lib/openapi-document.mjs";
import { LOCAL_STATE, ROOT, startWranglerDev } from "./lib/wrangler-dev.mjs";

function portFromEnv(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name}=${raw} is not a port number (1-65535).`);
    process.exit(1);
  }
  return port;
}

// Checked before starting: wrangler would refuse a taken port, but only after the health check may already have
// been answered by whatever holds it, and the demo seed would go to that server.
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

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
const port = portFromEnv("PORT") ?? 8787;
const inspectorPort = portFromEnv("INSPECTOR_PORT");
for (const [name, value] of [["PORT", port], ["INSPECTOR_PORT", inspectorPort]]) {
  if (value !== undefined && !(await portIsFree(value))) {
    console.error(`Port ${value} is already in use: stop what holds it or pick another, e.g. ${name}=${value + 1} npm run dev`);
    process.exit(1);
  }
}
// The admin API's OpenAPI document is generated, not bundled with its generator: bring it up to date first.
if (!(await updateAdminOpenApiModule())) console.log("Updated static/admin-openapi.json (the admin OpenAPI document)");
const server = await startWranglerDev({
  port,
  inspectorPort,
  persistTo: LOCAL_STATE,
  inherit: true,
  logLevel: process.env.LOG_LEVEL ?? "info",
});

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
  Dropfront is running at ${base} — the demo store is ${base}/${demo.handle}

  Demo creator:     @${demo.handle}
  Admin token:      ${demo.token}
  Platform token:   ${vars.PLATFORM_ADMIN_TOKEN}   (from .dev.vars)

  Demo drop:        ${demo.drop ? `/api/v1/drops/${demo.drop.id} (opens ${demo.drop.startsAt})` : "already seeded"}

  Demo paid order:  ${demo.order ? demo.order.url.replace(server.url, base) : "already seeded"}

  Storefront:       ${base}/${demo.handle}
  Discount code:    ${demo.discountCode} (10 % off, 100 uses; GET /admin/v1/discounts)
${inspectorPort === undefined ? "" : `\n  Debugger:         chrome://inspect → Configure → 127.0.0.1:${inspectorPort}\n`}
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
