// Creators mark physical items shipped (carrier and tracking number); the order becomes `fulfilled` once every
// item is, and the buyer is emailed once per item.
import { markItemShipped } from "../db/fulfillment-store";
import { findCreatorOrder } from "../db/orders-store";
import { completeIfFulfilled, type FulfillmentDeps } from "../fulfillment/fulfill-order";
import { sendShippedEmail } from "../fulfillment/shipped-email";
import { DomainError, notFound } from "../shared/errors";
import { delivers } from "../shared/order-states";

export async function markShipped(deps: FulfillmentDeps, creatorId: string, orderId: string, itemId: string, shipment: { carrier: string; trackingNumber: string }) {
  const { db } = deps;
  const order = await findCreatorOrder(db, creatorId, orderId);
  if (!order) throw notFound("Order");
  const item = order.items.find((i) => i.id === itemId);
  if (!item) throw notFound("Order item");
  if (item.kind !== "physical") throw new DomainError("conflict", "Only physical items are shipped.");
  if (!delivers(order.status)) throw new DomainError("conflict", `A ${order.status} order cannot be shipped.`);
  await markItemShipped(db, orderId, itemId, shipment, Date.now());
  await completeIfFulfilled(db, orderId);
  // Last, after the shipment is stored: a failed email is kept in the outbox, and a retried call sends it then.
  await sendShippedEmail(deps, order, item, shipment);
}
