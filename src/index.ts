// The Worker entry point: HTTP through the Hono app, the jobs queue consumer, the inventory Durable Object, the drops' shard objects and the discount codes' objects.
import { app } from "./app";
import { handleJobBatch } from "./jobs/consumer";

export { InventoryDO } from "./inventory/inventory-do";
export { DropShardDO } from "./inventory/drop-shard-do";
export { DiscountDO } from "./inventory/discount-do";

export default {
  fetch: app.fetch,
  queue: handleJobBatch,
} satisfies ExportedHandler<Env>;
