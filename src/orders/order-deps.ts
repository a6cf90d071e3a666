// What the order use cases need (a slice of the composition root) and how they reach an order's holds: a drop
// order's hold lives in the drop's object, a cart line's in its variant's object, its discount redemption in the
// code's object.
import type { Db } from "../db/client";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import type { EmailConfig } from "../fulfillment/email";
import { discountObject, dropObject, variantObject, type DiscountNamespace, type InventoryNamespace } from "../inventory/inventory-client";
import type { PaymentProcessor } from "../payments/processor";
import type { JobQueue } from "../shared/bindings";

export interface OrderDeps {
  db: Db;
  inventory: InventoryNamespace;
  discounts: DiscountNamespace;
  queue: JobQueue;
  processor: () => PaymentProcessor;
  email: EmailConfig;
}

export function holdStub(inventory: InventoryNamespace, order: OrderWithItems, item: OrderItemRow) {
  return item.holdScope === "drop" ? dropObject(inventory, order.dropId!) : variantObject(inventory, item.variantId);
}

export const heldItems = (order: OrderWithItems) => order.items.filter((i) => i.holdId !== null);

/** The order will not be paid (expired, canceled, refunded first): its units and its discount redemption go back. */
export async function releaseOrderHolds(deps: Pick<OrderDeps, "inventory" | "discounts">, order: OrderWithItems): Promise<void> {
  await Promise.all([
    ...heldItems(order).map((i) => holdStub(deps.inventory, order, i).release(i.holdId!)),
    releaseDiscountUse(deps, order),
  ]);
}

/** The order's use of its discount code (held or counted) goes back: the order will not be paid after all. */
export async function releaseDiscountUse(deps: Pick<OrderDeps, "discounts">, order: Pick<OrderWithItems, "id" | "discountId">): Promise<void> {
  if (order.discountId) await discountObject(deps.discounts, order.discountId).release(order.id);
}
