// The buyer's "shipped" email: one per order item (outbox kind `shipped:{itemId}`), so marking an item shipped
// again — a retry, or a corrected tracking number — never emails the buyer twice.
import { findCreatorById } from "../db/creators-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import { orderToken } from "../shared/order-token";
import { sendOnce, yourOrder } from "./email";
import type { FulfillmentDeps } from "./fulfill-order";

export async function sendShippedEmail(deps: FulfillmentDeps, order: OrderWithItems, item: OrderItemRow, shipment: { carrier: string; trackingNumber: string }) {
  const creator = await findCreatorById(deps.db, order.creatorId);
  // Links point at the storefront the buyer checked out on; without it the email still carries the tracking.
  const link = order.origin && creator ? `${order.origin}/${creator.handle}/orders/${order.id}?token=${await orderToken(deps.signingSecret, order.id)}` : null;
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
    links: link ? [{ label: "Your order", url: link }] : [],
    brand: creator && { name: creator.displayName, accent: creator.accentColor },
  });
}
