// Buyer API for products (no auth): a public product with each variant's live stock, read by product pages' script.
// Stock comes from the variants' inventory objects through a micro-cache of at most 1 s (shared caches may keep it 1 s more).
import { Hono } from "hono/tiny";
import { readProduct } from "../checkout/buyer-products";
import type { AppEnv } from "../env";

export const buyerProductRoutes = new Hono<AppEnv>();

buyerProductRoutes.get("/products/:productId", async (c) => {
  const product = await readProduct(c.get("services"), c.req.param("productId"));
  c.header("cache-control", "public, max-age=1");
  return c.json({ product });
});
