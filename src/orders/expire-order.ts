// Orders whose hold ran out, whose session expired or whose buyer let go: expired, their units back at once, and
// their Stripe session ended so the buyer cannot pay for units that are gone (a late payment is handled anyway).
import { findOrder, findOrderByReservation, transitionOrder } from "../db/orders-store";
import { releaseOrderHolds, type OrderDeps } from "./order-deps";

/** The hold ran out, the session expired, or an async payment failed: the order expires and its units return at once. */
export async function expireOrder(deps: OrderDeps, orderId: string, opts: { endSession: boolean }): Promise<void> {
  const order = await findOrder(deps.db, orderId);
  if (!order) return;
  await transitionOrder(deps.db, order.id, "expire");
  const fresh = await findOrder(deps.db, orderId);
  if (fresh?.status !== "expired") return;
  await releaseOrderHolds(deps, fresh);
  // Stripe sessions last at least 30 minutes; a shorter hold ends its session here so the buyer cannot pay.
  if (opts.endSession && fresh.checkoutSessionId) {
    await deps.processor().expireCheckoutSession(fresh.checkoutSessionId, `expire:${fresh.id}`);
  }
}

/** The buyer released the hold behind a drop order: the order expires (and its session ends) at once. */
export async function expireOrderOfReservation(deps: OrderDeps, reservationId: string): Promise<void> {
  const order = await findOrderByReservation(deps.db, reservationId);
  if (order?.status === "pending") await expireOrder(deps, order.id, { endSession: true });
}
