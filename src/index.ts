// The Worker entry point: HTTP through the Hono app, the jobs queue consumer, the inventory Durable Object and the drops' shard objects.
import { app } from "./app";
import { handleJobBatch } from "./jobs/consumer";

export { InventoryDO } from "./inventory/inventory-do";
export { DropShardDO } from "./inventory/drop-shard-do";

export default {
  fetch: app.fetch,
  queue: handleJobBatch,
} satisfies ExportedHandler<Env>;
