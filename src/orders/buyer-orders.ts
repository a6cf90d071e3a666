// The buyer's view of an order: found by id, shown only with its order token (a wrong token is a 404, like an
// unknown id), with the download links it still delivers.
import type { Db } from "../db/client";
import { findOrder } from "../db/orders-store";
import { downloadLinks } from "../fulfillment/digital";
import { notFound } from "../shared/errors";
import { verifyOrderToken } from "../shared/order-token";
import { toPublicOrder } from "./views";

export async function buyerOrder(deps: { db: Db; signingSecret: string }, id: string, token: string | undefined, origin: string) {
  const order = await findOrder(deps.db, id);
  if (!order || !(await verifyOrderToken(deps.signingSecret, order.id, token))) throw notFound("Order");
  const downloads = await downloadLinks(deps.db, deps.signingSecret, origin, order);
  return { ...toPublicOrder(order), ...(downloads.length && { downloads }) };
}
