// Membership grants as creators see them. A membership is active inside its window and only while its order
// delivers: a refunded or canceled order's membership reads `active: false` (from the order's status, joined).
import type { Db } from "../db/client";
import { listMemberships as listRows } from "../db/fulfillment-store";
import { delivers } from "../shared/order-states";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { iso } from "../shared/time";

export async function listMemberships(db: Db, creatorId: string, query: { limit: number; cursor?: string }, now = Date.now()) {
  const page = await listRows(db, creatorId, { limit: query.limit, before: decodeCursor(query.cursor) });
  return cursorPage(page, (m) => ({
      id: m.id,
      buyerEmail: m.buyerEmail,
      tier: m.tier,
      productId: m.productId,
      orderId: m.orderId,
      startsAt: iso(m.startsAt),
      endsAt: iso(m.endsAt),
      active: delivers(m.orderStatus) && m.startsAt <= now && now < m.endsAt,
  }));
}
