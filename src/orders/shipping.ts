// Creators mark physical items shipped (carrier and tracking number); the order becomes `fulfilled` once every
// item is.
import type { Db } from "../db/client";
import { markItemShipped } from "../db/fulfillment-store";
import { findCreatorOrder } from "../db/orders-store";
import { completeIfFulfilled } from "../fulfillment/fulfill-order";
import { DomainError, notFound } from "../shared/errors";

export async function markShipped(db: Db, creatorId: string, orderId: string, itemId: string, shipment: { carrier: string; trackingNumber: string }) {
  const order = await findCreatorOrder(db, creatorId, orderId);
  if (!order) throw notFound("Order");
  const item = order.items.find((i) => i.id === itemId);
  if (!item) throw notFound("Order item");
  if (item.kind !== "physical") throw new DomainError("conflict", "Only physical items are shipped.");
  if (order.status !== "paid" && order.status !== "fulfilled") throw new DomainError("conflict", `A ${order.status} order cannot be shipped.`);
  await markItemShipped(db, orderId, itemId, shipment, Date.now());
  await completeIfFulfilled(db, orderId);
}
