// Creator use cases over orders: list with filters and cursor, detail with its fulfillment job.
import type { Db } from "../db/client";
import { findCreatorOrder, findFulfillmentJob, listOrders as listOrderRows } from "../db/orders-store";
import { notFound } from "../shared/errors";
import { cursorPage, decodeCursor } from "../shared/pagination";
import type { OrderStatus } from "../shared/order-states";
import { toAdminOrder } from "./views";

export async function listOrders(db: Db, creatorId: string, query: { status?: OrderStatus; limit: number; cursor?: string }) {
  const page = await listOrderRows(db, creatorId, { status: query.status, limit: query.limit, before: decodeCursor(query.cursor) });
  return cursorPage(page, (o) => toAdminOrder(o));
}

export async function getOrder(db: Db, creatorId: string, id: string) {
  const order = await findCreatorOrder(db, creatorId, id);
  if (!order) throw notFound("Order");
  return toAdminOrder(order, await findFulfillmentJob(db, id));
}
