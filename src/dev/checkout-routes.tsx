// The simulated processor's checkout page (development only): Pay and Cancel build Stripe-shaped events
// (checkout.session.completed / checkout.session.expired), sign them with the webhook secret and process them
// through the same webhook handler before answering — JSON `{ order }`, or a 303 to the order page for browsers.
import { Hono } from "hono/tiny";
import { signAndDeliver, stripeShapedEvent } from "../payments/simulated-processor";
import { handleStripeWebhook } from "../checkout/stripe-events";
import { findCreatorById } from "../db/creators-store";
import { findOrder, findOrderBySession, type OrderWithItems } from "../db/orders-store";
import type { AppEnv } from "../env";
import { orderToken } from "../shared/order-token";
import type { Services } from "../services";
import { toPublicOrder } from "../orders/views";
import { notFound } from "../shared/errors";
import { formatMoney } from "../shared/money";
import { Layout } from "../storefront/layout";


/** The test address the simulated processor "collects" for physical items. */
const SIMULATED_SHIPPING = {
  name: "Sam Buyer",
  address: { line1: "1 Test Street", line2: null, city: "Springfield", state: "CA", postal_code: "94000", country: "US" },
};

async function sessionOrder(c: { get: (k: "services") => AppEnv["Variables"]["services"]; req: { param: (k: string) => string } }) {
  const order = await findOrderBySession(c.get("services").db, c.req.param("sessionId"));
  if (!order) throw notFound("Checkout session");
  return order;
}

function sessionObject(order: OrderWithItems, status: "complete" | "expired") {
  return {
    id: order.checkoutSessionId,
    object: "checkout.session",
    mode: "payment",
    status,
    payment_status: status === "complete" ? "paid" : "unpaid",
    amount_total: order.totalCents,
    currency: order.currency,
    customer_email: order.buyerEmail,
    customer_details: { email: order.buyerEmail },
    client_reference_id: order.id,
    metadata: { orderId: order.id, ...(order.dropId && { dropId: order.dropId }), ...(order.reservationId && { reservationId: order.reservationId }) },
    payment_intent: status === "complete" ? `pi_sim_${order.id.slice(4)}` : null,
    collected_information: status === "complete" && order.needsShipping ? { shipping_details: SIMULATED_SHIPPING } : null,
  };
}


/** Completes or cancels a simulated session through the signed webhook path; returns the order afterwards. */
export async function settleSimulatedSession(services: Services, order: OrderWithItems, status: "complete" | "expired") {
  const secret = services.webhookSecret;
  const type = status === "complete" ? "checkout.session.completed" : "checkout.session.expired";
  await signAndDeliver(secret, (raw, sig) => handleStripeWebhook(services, raw, sig, secret), stripeShapedEvent(type, sessionObject(order, status)));
  return (await findOrder(services.db, order.id))!;
}

/** The routes, built on demand: production bundles leave development tooling out (app.ts, DEV_TOOLS). */
export function createDevCheckoutRoutes() {
  const devCheckoutRoutes = new Hono<AppEnv>();

  // Only the simulated processor has these pages; with a real Stripe key, Stripe hosts checkout.
  devCheckoutRoutes.use("/checkout/*", async (c, next) => {
    if (!c.get("services").simulatedPayments) throw notFound("Checkout session");
    await next();
  });

  devCheckoutRoutes.get("/checkout/:sessionId", async (c) => {
    const order = await sessionOrder(c);
    return c.html(
      <Layout title="Simulated checkout">
        <h1>Simulated checkout</h1>
        <p>No real payment is taken: this page stands in for Stripe Checkout in local development.</p>
        <ul>
          {order.items.map((i) => (
            <li>
              {i.quantity} × {i.title} — {formatMoney(i.unitPriceCents * i.quantity, order.currency)}
            </li>
          ))}
        </ul>
        <p>
          <strong>Total {formatMoney(order.totalCents, order.currency)}</strong> · {order.buyerEmail} · order is <span data-status={order.status}>{order.status}</span>
        </p>
        <form method="post" action={`/dev/checkout/${order.checkoutSessionId}/complete`}>
          <button type="submit" id="pay">Pay {formatMoney(order.totalCents, order.currency)}</button>
        </form>
        <form method="post" action={`/dev/checkout/${order.checkoutSessionId}/cancel`}>
          <button type="submit" class="secondary" id="cancel">Cancel</button>
        </form>
      </Layout>,
    );
  });

  for (const [action, status] of [["complete", "complete"], ["cancel", "expired"]] as const) {
    devCheckoutRoutes.post(`/checkout/:sessionId/${action}`, async (c) => {
      const fresh = await settleSimulatedSession(c.get("services"), await sessionOrder(c), status);
      if (c.req.header("accept")?.includes("text/html")) {
        const creator = await findCreatorById(c.get("services").db, fresh.creatorId);
        const token = await orderToken(c.get("services").signingSecret, fresh.id);
        return c.redirect(`/${creator!.handle}/orders/${fresh.id}?token=${token}`, 303);
      }
      return c.json({ order: toPublicOrder(fresh) });
    });
  }

  return devCheckoutRoutes;
}
