// The Worker entry point: HTTP through the Hono app, and the inventory Durable Object class.
import { app } from "./app";

export { InventoryDO } from "./inventory/inventory-do";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
