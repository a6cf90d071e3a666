// The Worker entry point: HTTP through the Hono app, the jobs queue consumer, and the inventory Durable Object.
import { app } from "./app";
import { handleJobBatch } from "./jobs/consumer";

export { InventoryDO } from "./inventory/inventory-do";

export default {
  fetch: app.fetch,
  queue: handleJobBatch,
} satisfies ExportedHandler<Env>;
