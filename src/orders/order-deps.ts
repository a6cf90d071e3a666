// What the order use cases need (a slice of the composition root) and how they reach an order's holds: a drop
// order's hold lives in the drop's object, a cart line's in its variant's object.
import type { Db } from "../db/client";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import type { EmailConfig } from "../fulfillment/email";
import { dropObject, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import type { PaymentProcessor } from "../payments/processor";
import type { JobQueue } from "../shared/bindings";

export interface OrderDeps {
  db: Db;
  inventory: InventoryNamespace;
  queue: JobQueue;
  processor: () => PaymentProcessor;
  email: EmailConfig;
}

export function holdStub(inventory: InventoryNamespace, order: OrderWithItems, item: OrderItemRow) {
  return item.holdScope === "drop" ? dropObject(inventory, order.dropId!) : variantObject(inventory, item.variantId);
}

export const heldItems = (order: OrderWithItems) => order.items.filter((i) => i.holdId !== null);

export async function releaseOrderHolds(inventory: InventoryNamespace, order: OrderWithItems): Promise<void> {
  await Promise.all(heldItems(order).map((i) => holdStub(inventory, order, i).release(i.holdId!)));
}
