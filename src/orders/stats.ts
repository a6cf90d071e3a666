// The creator's dashboard numbers: orders by status, revenue by currency (with what discount codes took off),
// per-drop sell-through (from the drops' display snapshots) and the fulfillment backlog.
import type { Db } from "../db/client";
import { creatorStats } from "../db/stats-store";

export async function getStats(db: Db, creatorId: string) {
  const s = await creatorStats(db, creatorId);
  const byStatus = Object.fromEntries(s.byStatus.map((r) => [r.status, Number(r.n)]));
  return {
    orders: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    revenue: s.revenue
      .map((r) => ({ currency: r.currency, grossCents: Number(r.gross), refundedCents: Number(r.refunded), netCents: Number(r.gross) - Number(r.refunded), discountCents: Number(r.discounted) }))
      .filter((r) => r.grossCents > 0),
    drops: s.drops.map((d) => ({
      id: d.id,
      slug: d.slug,
      title: d.title,
      quantity: Number(d.quantity),
      sold: Number(d.sold),
      held: Number(d.held),
      sellThrough: Number(d.quantity) > 0 ? Math.round((Number(d.sold) / Number(d.quantity)) * 1000) / 1000 : 0,
    })),
    fulfillment: { backlog: s.backlog, deadLetters: s.deadLetters },
  };
}
