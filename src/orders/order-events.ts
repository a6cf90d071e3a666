// Order transitions told to the creator's webhooks (API.md "Webhooks"): order.paid, order.refunded, order.canceled,
// with the admin view of the order. The event id is the order's id and the move, so a use case re-run by a
// redelivered Stripe event (which also repairs a send that failed) emits the same event, stored once per webhook.
import { findOrder } from "../db/orders-store";
import { hasSubscriber } from "../db/webhooks-store";
import { webhookEventMessage } from "../shared/bindings";
import type { OrderDeps } from "./order-deps";
import { toAdminOrder } from "./views";

export async function emitOrderEvent(deps: Pick<OrderDeps, "db" | "queue">, orderId: string, move: "paid" | "refunded" | "canceled") {
  const order = await findOrder(deps.db, orderId);
  const type = `order.${move}` as const;
  if (order && (await hasSubscriber(deps.db, order.creatorId, type))) {
    await deps.queue.send(webhookEventMessage(order.creatorId, `evt_${order.id}_${move}`, type, { order: toAdminOrder(order) }));
  }
}
