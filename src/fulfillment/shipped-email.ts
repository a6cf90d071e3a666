// The buyer's "shipped" email: one per order item (outbox kind `shipped:{itemId}`), so marking an item shipped
// again — a retry, or a corrected tracking number — never emails the buyer twice.
import { findCreatorById } from "../db/creators-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import { orderPageLinks, sendOnce, yourOrder } from "./email";
import type { FulfillmentDeps } from "./fulfill-order";

export async function sendShippedEmail(deps: FulfillmentDeps, order: OrderWithItems, item: OrderItemRow, shipment: { carrier: string; trackingNumber: string }) {
  const creator = await findCreatorById(deps.db, order.creatorId);
  const lines = [
    `${item.quantity} × ${item.title} from your order ${order.id} has shipped.`,
    "",
    `Carrier: ${shipment.carrier}`,
    `Tracking number: ${shipment.trackingNumber}`,
  ];
  await sendOnce(deps.db, deps.email, {
    orderId: order.id,
    kind: `shipped:${item.id}`,
    to: order.buyerEmail,
    subject: `${yourOrder(creator)} has shipped`,
    body: lines.join("\n"),
    // Without the storefront the buyer checked out on, the email still carries the tracking.
    links: await orderPageLinks(deps.signingSecret, order, creator),
    brand: creator && { name: creator.displayName, accent: creator.accentColor },
  });
}
