// Development-only routes (404 unless ENVIRONMENT=development): seeding the demo store, the mail viewer, benchmark baselines.
import { Hono } from "hono/tiny";
import { platformAuth } from "../http/auth";
import type { AppEnv } from "../env";
import { pingDb } from "../db/client";
import { pingInventory } from "../inventory/inventory-client";
import { DomainError } from "../shared/errors";
import { createDevCheckoutRoutes } from "./checkout-routes";
import { createDevMailRoutes } from "./mail-routes";
import { seedDemoStore } from "./seed";

/**
 * Built on demand, so a production bundle (built with DEV_TOOLS=false: `npm run build`, `npm run deploy`) leaves all of
 * development tooling out; every other build still answers 404 outside ENVIRONMENT=development.
 */
export function createDevRoutes() {
  const devRoutes = new Hono<AppEnv>();

  devRoutes.use("*", async (c, next) => {
    if (!c.get("services").development) throw new DomainError("not_found", "No such resource.");
    await next();
  });

  devRoutes.route("/", createDevCheckoutRoutes());
  devRoutes.route("/", createDevMailRoutes());

  devRoutes.post("/seed", platformAuth, async (c) => c.json(await seedDemoStore(c.get("services"), new URL(c.req.url).origin), 200));

  /** Benchmark baseline: one bare Durable Object round trip (bench/drop.mjs compares reservations with it). */
  devRoutes.get("/bench/ping", async (c) => c.json({ ok: await pingInventory(c.get("services").inventory) }));

  /** Benchmark baseline: one bare D1 query (what an uncached page cannot do without). */
  devRoutes.get("/bench/d1", async (c) => c.json({ ok: await pingDb(c.get("services").db) }));
  return devRoutes;
}
