// The buyer's view of an order: found by id, shown only with its order token (a wrong token is a 404, like an
// unknown id), with the download links it still delivers.
import { addressLines } from "../shared/address";
import type { Db } from "../db/client";
import { findOrder, orderPageData } from "../db/orders-store";
import { downloadLinks, linksOf } from "../fulfillment/digital";
import { notFound } from "../shared/errors";
import { delivers } from "../shared/order-states";
import { verifyOrderToken } from "../shared/order-token";
import { toPublicOrder } from "./views";

export async function buyerOrder(deps: { db: Db; signingSecret: string }, id: string, token: string | undefined, origin: string) {
  const order = await findOrder(deps.db, id);
  if (!order || !(await verifyOrderToken(deps.signingSecret, order.id, token))) throw notFound("Order");
  const downloads = await downloadLinks(deps.db, deps.signingSecret, origin, order);
  return { ...toPublicOrder(order), ...(downloads.length && { downloads }) };
}

/**
 * Everything the buyer's order page shows, in one D1 statement (the page is never cached): the order, its creator,
 * its download links and whether its downloads are still being prepared or delayed (job dead-lettered).
 * Undefined for an unknown order, another store's handle or a wrong token (the page answers 404 alike).
 */
export async function buyerOrderPage(deps: { db: Db; signingSecret: string }, handle: string, id: string, token: string | undefined, origin: string) {
  const data = await orderPageData(deps.db, handle, id);
  if (!data || !(await verifyOrderToken(deps.signingSecret, data.order.id, token))) return undefined;
  const { creator, order } = data;
  const downloads = await linksOf(order.status, data.grants, deps.signingSecret, origin);
  const waiting = delivers(order.status) && order.items.some((i) => i.kind === "digital" && !data.grants.some((g) => g.orderItemId === i.id));
  return {
    creator,
    order: toPublicOrder(order),
    downloads,
    waiting,
    delayed: waiting && data.jobStatus === "dead",
    downloadsEnded: !delivers(order.status) && data.grants.length > 0,
    shipTo: addressLines(order.shippingAddress),
  };
}
