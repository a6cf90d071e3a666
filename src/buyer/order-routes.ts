// GET /api/v1/orders/{id}?token=: the buyer's view of an order (and its download links). A wrong token and an
// unknown id look the same (404).
import { Hono } from "hono/tiny";
import type { AppEnv } from "../env";
import { buyerOrder } from "../orders/buyer-orders";

export const buyerOrderRoutes = new Hono<AppEnv>();

buyerOrderRoutes.get("/orders/:id", async (c) => {
  const order = await buyerOrder(c.get("services"), c.req.param("id"), c.req.query("token"), new URL(c.req.url).origin);
  c.header("cache-control", "no-store");
  return c.json({ order });
});
