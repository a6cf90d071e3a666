// The buyer's order page: /{handle}/orders/{id}?token={orderToken} — status, items (with carrier and tracking once
// shipped) and downloads. A wrong token is a 404. A paid order never just says "thank you" while a download is
// missing: it says the download is being prepared (job queued) or delayed with the creator notified (job
// dead-lettered, e.g. the file is not uploaded).
import { Hono } from "hono/tiny";
import type { AppEnv } from "../env";
import { buyerOrderPage } from "../orders/buyer-orders";
import { formatMoney } from "../shared/money";
import { Layout, NotFoundPage } from "./layout";
import { themeOf } from "./pages";

const statusText: Record<string, string> = {
  pending: "Waiting for payment",
  paid: "Paid — thank you!",
  fulfilled: "Fulfilled",
  expired: "Expired — the reservation ran out before payment",
  canceled: "Canceled",
  refunded: "Refunded",
};

export const orderPageRoutes = new Hono<AppEnv>();

orderPageRoutes.get("/:handle/orders/:id", async (c) => {
  const page = await buyerOrderPage(c.get("services"), c.req.param("handle"), c.req.param("id"), c.req.query("token"), new URL(c.req.url).origin);
  c.header("cache-control", "private, no-store");
  c.header("referrer-policy", "no-referrer");
  if (!page) return c.html(<NotFoundPage what="This order" />, 404);
  const { creator, order: view, downloads, waiting, delayed } = page;
  return c.html(
    <Layout title={`Order ${view.id} · ${creator.displayName}`} theme={themeOf(creator)}>
      <div class="panel order">
        <h1>Your order</h1>
        {/* Pending and paid orders still change (payment, downloads, fulfillment): the page script follows them. */}
        {(view.status === "pending" || view.status === "paid") && (
          <div hidden data-order-live data-order-id={view.id} data-status={view.status} data-downloads={String(downloads.length)} />
        )}
        <p>
          <span class="badge order-status" data-status={view.status}>
            {delayed ? "Paid — download delayed" : (statusText[view.status] ?? view.status)}
          </span>
        </p>
        {view.status === "pending" && <p class="muted">We are waiting for the payment to be confirmed. This page updates by itself.</p>}
        {delayed ? (
          <p class="alert downloads-delayed" role="status">
            Your download is delayed: its file is not ready yet. The creator has been notified, and your download will appear here as soon as it is.
          </p>
        ) : (
          waiting && (
            <p class="muted downloads-preparing" role="status">
              Preparing your downloads…
            </p>
          )
        )}
        {view.cancelReason && (
          <p class="alert" role="alert">
            {view.cancelReason}
          </p>
        )}
        <table>
          <thead>
            <tr>
              <th>Item</th>
              <th>Qty</th>
              <th>Price</th>
            </tr>
          </thead>
          <tbody>
            {view.items.map((i) => (
              <tr>
                <td>
                  {i.title}
                  {i.shippedAt && (
                    <p class="muted shipment">
                      Shipped with {i.carrier} · tracking number <span class="tracking">{i.trackingNumber}</span>
                    </p>
                  )}
                </td>
                <td>{i.quantity}</td>
                <td>{formatMoney(i.unitPriceCents * i.quantity, view.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.discountCode && (
          <p class="total sub discount">
            <span>Discount ({view.discountCode})</span> <span>−{formatMoney(view.discountCents, view.currency)}</span>
          </p>
        )}
        {view.shippingCents > 0 && (
          <p class="total sub">
            <span>Shipping</span> <span>{formatMoney(view.shippingCents, view.currency)}</span>
          </p>
        )}
        {view.taxCents > 0 && (
          <p class="total sub">
            <span>Tax</span> <span>{formatMoney(view.taxCents, view.currency)}</span>
          </p>
        )}
        <p class="total">
          <span>Total</span> <span class="price">{formatMoney(view.totalCents, view.currency)}</span>
        </p>
        {page.shipTo.length > 0 && (
          <section aria-labelledby="ship-to">
            <h2 id="ship-to">Ships to</h2>
            <address class="ship-to">
              {page.shipTo.map((line, i) => (
                <>
                  {i > 0 && <br />}
                  {line}
                </>
              ))}
            </address>
          </section>
        )}
        {downloads.length > 0 && (
          <section aria-labelledby="downloads">
            <h2 id="downloads">Downloads</h2>
            <ul class="downloads">
              {downloads.map((d) => (
                <li>
                  <a class="download" href={d.url} download>
                    {d.fileName}
                  </a>{" "}
                  <span class="muted">
                    {d.remaining} download{d.remaining === 1 ? "" : "s"} left, until <time datetime={d.expiresAt}>{d.expiresAt.slice(0, 10)}</time>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {page.downloadsEnded && <p class="muted">The downloads of this order have ended.</p>}
        <p class="muted order-id">Order {view.id}</p>
      </div>
    </Layout>,
  );
});
