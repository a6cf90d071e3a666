// Development-only routes (404 unless ENVIRONMENT=development): seeding the demo store.
import { Hono } from "hono";
import { platformAuth } from "../admin/auth";
import type { AppEnv } from "../env";
import { errorBody } from "../shared/errors";
import { seedDemoStore } from "./seed";

export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") return c.json(errorBody("not_found", "No such resource."), 404);
  await next();
});

devRoutes.post("/seed", platformAuth, async (c) => c.json(await seedDemoStore(c.get("db")), 200));
