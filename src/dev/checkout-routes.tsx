// The simulated processor's checkout page (development only): Pay and Cancel build Stripe-shaped events
// (checkout.session.completed / checkout.session.expired), sign them with the webhook secret and process them
// through the same webhook handler before answering — JSON `{ order }`, or a 303 to the order page for browsers.
import { Hono } from "hono/tiny";
import type { HonoRequest } from "hono";
import { z } from "zod";
import { parseWith } from "../shared/validation";
import { signAndDeliver, stripeShapedEvent } from "../payments/simulated-processor";
import { handleStripeWebhook } from "../checkout/stripe-events";
import { findCreatorById } from "../db/creators-store";
import { findOrder, findOrderBySession, type OrderWithItems } from "../db/orders-store";
import type { AppEnv } from "../env";
import { orderPagePath, orderToken } from "../shared/order-token";
import type { Services } from "../services";
import { toPublicOrder } from "../orders/views";
import { DomainError, notFound } from "../shared/errors";
import type { ShippingRate } from "../db/schema";
import { formatMoney } from "../shared/money";
import { Layout } from "../storefront/layout";


/** The address the simulated checkout offers (prefilled on its page) and sends when a JSON call names none. */
const TEST_ADDRESS = { name: "Sam Buyer", line1: "1 Test Street", line2: "", city: "Springfield", state: "CA", postalCode: "94000", country: "US" };
type Address = typeof TEST_ADDRESS;
const ADDRESS_FIELDS: [keyof Address, string, string][] = [
  ["name", "Full name", "name"],
  ["line1", "Address", "address-line1"],
  ["line2", "Apartment, suite (optional)", "address-line2"],
  ["city", "City", "address-level2"],
  ["state", "State or region", "address-level1"],
  ["postalCode", "Postal code", "postal-code"],
  ["country", "Country (two letters)", "country"],
];

const text = (max: number, required: boolean) => {
  const field = z.string({ error: (issue) => (issue.input === undefined ? "Required." : "Use text.") }).trim().max(max);
  return required ? field.min(1, "Required.") : field.optional();
};

/** What `/complete` reads: JSON, or the page's form fields (`shippingAddress.city`, …); everything optional. */
const CompleteSchema = z.object({
  shippingRate: z.string().optional(),
  shippingAddress: z
    .object({
      name: text(200, true),
      line1: text(200, true),
      line2: text(200, false),
      city: text(200, true),
      state: text(200, false),
      postalCode: text(20, true),
      country: z.string({ error: "Required." }).trim().regex(/^[A-Za-z]{2}$/, "Two letters, e.g. US."),
    })
    .optional(),
});
type Chosen = z.infer<typeof CompleteSchema>;

/**
 * The shipping address as Stripe reports it (`collected_information.shipping_details`): the buyer's, else (a call that
 * names none) the test address.
 */
function shippingDetails(given: Chosen["shippingAddress"]) {
  const a = { ...TEST_ADDRESS, ...given };
  return { name: a.name, address: { line1: a.line1, line2: a.line2 || null, city: a.city, state: a.state || null, postal_code: a.postalCode, country: a.country.toUpperCase() } };
}

/** The request's choices: a JSON object (anything else counts as none) or form fields; bad ones → 400 invalid_input. */
async function readChoices(req: HonoRequest): Promise<Chosen> {
  const type = req.header("content-type") ?? "";
  let body: unknown = {};
  if (type.includes("json")) body = await req.json().catch(() => ({}));
  else if (type.includes("form")) {
    body = await req.parseBody({ dot: true }).catch(() => {
      throw new DomainError("invalid_input", "The form could not be read.", [{ field: "body", message: "Field names nest too deep." }]);
    });
  }
  return parseWith(CompleteSchema, body !== null && typeof body === "object" && !Array.isArray(body) ? body : {});
}

async function sessionOrder(c: { get: (k: "services") => AppEnv["Variables"]["services"]; req: { param: (k: string) => string } }) {
  const order = await findOrderBySession(c.get("services").db, c.req.param("sessionId"));
  if (!order) throw notFound("Checkout session");
  return order;
}

/** The rate the buyer picked: the named one, else the first (as Stripe preselects it); none without rates. */
function chosenRate(rates: ShippingRate[], name: unknown): ShippingRate | null {
  if (!rates.length) return null;
  if (name === undefined || name === null || name === "") return rates[0]!;
  const rate = rates.find((r) => r.name === name);
  if (!rate) throw new DomainError("invalid_input", `No shipping rate is named "${String(name)}".`, [{ field: "shippingRate", message: `One of: ${rates.map((r) => r.name).join(", ")}.` }]);
  return rate;
}

function sessionObject(order: OrderWithItems, status: "complete" | "expired", rate: ShippingRate | null = null, shipping_details: ReturnType<typeof shippingDetails> | null = null) {
  const shipping = rate?.amountCents ?? 0;
  return {
    id: order.checkoutSessionId,
    object: "checkout.session",
    mode: "payment",
    status,
    payment_status: status === "complete" ? "paid" : "unpaid",
    amount_total: order.totalCents + shipping,
    shipping_cost: rate && { amount_subtotal: shipping, amount_tax: 0, amount_total: shipping, shipping_rate: `shr_sim_${rate.name}` },
    // Stripe Tax is not simulated: no tax is added offline.
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: 0 },
    currency: order.currency,
    customer_email: order.buyerEmail,
    customer_details: { email: order.buyerEmail },
    client_reference_id: order.id,
    metadata: { orderId: order.id, ...(order.dropId && { dropId: order.dropId }), ...(order.reservationId && { reservationId: order.reservationId }) },
    payment_intent: status === "complete" ? `pi_sim_${order.id.slice(4)}` : null,
    collected_information: shipping_details && { shipping_details },
  };
}


/** Completes or cancels a simulated session through the signed webhook path; returns the order afterwards. */
export async function settleSimulatedSession(
  services: Services,
  order: OrderWithItems,
  status: "complete" | "expired",
  chosen: Chosen = {},
) {
  const secret = services.webhookSecret;
  const type = status === "complete" ? "checkout.session.completed" : "checkout.session.expired";
  const ships = status === "complete" && order.needsShipping;
  const rate = ships ? chosenRate((await findCreatorById(services.db, order.creatorId))?.shippingRates ?? [], chosen.shippingRate) : null;
  const address = ships ? shippingDetails(chosen.shippingAddress) : null;
  await signAndDeliver(secret, (raw, sig) => handleStripeWebhook(services, raw, sig, secret), stripeShapedEvent(type, sessionObject(order, status, rate, address)));
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
    const rates = order.needsShipping ? ((await findCreatorById(c.get("services").db, order.creatorId))?.shippingRates ?? []) : [];
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
          {order.discountCode && (
            <li>
              Discount ({order.discountCode}) — −{formatMoney(order.discountCents, order.currency)}
            </li>
          )}
        </ul>
        <p>
          <strong>Total {formatMoney(order.totalCents, order.currency)}</strong> · {order.buyerEmail} · order is <span data-status={order.status}>{order.status}</span>
        </p>
        <form method="post" class="buy" action={`/dev/checkout/${order.checkoutSessionId}/complete`}>
          {rates.length > 0 && (
            <fieldset class="picker">
              <legend>Shipping</legend>
              {rates.map((r, i) => (
                <label class="opt">
                  <input type="radio" name="shippingRate" value={r.name} checked={i === 0} />
                  <span class="opt-title">{r.name}</span>
                  <span class="opt-price">
                    {formatMoney(r.amountCents, order.currency)} · total {formatMoney(order.totalCents + r.amountCents, order.currency)}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {order.needsShipping && (
            <fieldset class="picker">
              <legend>Ship to</legend>
              {ADDRESS_FIELDS.map(([key, label, autocomplete]) => (
                <label>
                  {label}
                  <input
                    name={`shippingAddress.${key}`}
                    value={TEST_ADDRESS[key]}
                    autocomplete={autocomplete}
                    required={key !== "line2" && key !== "state"}
                    maxlength={key === "country" ? 2 : key === "postalCode" ? 20 : 200}
                    pattern={key === "country" ? "[A-Za-z]{2}" : undefined}
                  />
                </label>
              ))}
            </fieldset>
          )}
          <button type="submit" id="pay">Pay {formatMoney(order.totalCents, order.currency)}{rates.length > 0 && " + shipping"}</button>
        </form>
        <form method="post" action={`/dev/checkout/${order.checkoutSessionId}/cancel`}>
          <button type="submit" class="secondary" id="cancel">Cancel</button>
        </form>
      </Layout>,
    );
  });

  for (const [action, status] of [["complete", "complete"], ["cancel", "expired"]] as const) {
    devCheckoutRoutes.post(`/checkout/:sessionId/${action}`, async (c) => {
      // `{ shippingRate, shippingAddress }` (API.md): no rate named → the first; no address → the test address.
      const fresh = await settleSimulatedSession(c.get("services"), await sessionOrder(c), status, await readChoices(c.req));
      if (c.req.header("accept")?.includes("text/html")) {
        const creator = await findCreatorById(c.get("services").db, fresh.creatorId);
        const token = await orderToken(c.get("services").signingSecret, fresh.id);
        return c.redirect(orderPagePath(creator!.handle, fresh.id, token), 303);
      }
      return c.json({ order: toPublicOrder(fresh) });
    });
  }

  return devCheckoutRoutes;
}
