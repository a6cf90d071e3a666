// Development-only routes (404 unless ENVIRONMENT=development): seeding the demo store, benchmark baselines.
import { Hono } from "hono";
import { platformAuth } from "../admin/auth";
import type { AppEnv } from "../env";
import { errorBody } from "../shared/errors";
import { devCheckoutRoutes } from "./checkout-routes";
import { seedDemoStore } from "./seed";

export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") return c.json(errorBody("not_found", "No such resource."), 404);
  await next();
});

devRoutes.route("/", devCheckoutRoutes);

devRoutes.post("/seed", platformAuth, async (c) => c.json(await seedDemoStore(c.get("services"), new URL(c.req.url).origin), 200));

/** Benchmark baseline: one bare Durable Object round trip (bench/drop.mjs compares reservations with it). */
devRoutes.get("/bench/ping", async (c) => {
  const stub = c.env.INVENTORY.get(c.env.INVENTORY.idFromName("bench:ping"));
  return c.json({ ok: (await stub.ping()) === 1 });
});

/** Benchmark baseline: one bare D1 query (what an uncached page cannot do without). */
devRoutes.get("/bench/d1", async (c) => {
  const row = await c.env.DB.prepare("select 1 as ok").first<{ ok: number }>();
  return c.json({ ok: row?.ok === 1 });
});
