// DiscountDO: the only authority for one discount code's redemptions. A redemption is held with a pending order (until
// the order's hold runs out, or it is released), then counted when the order is paid; `maxRedemptions` and
// `perBuyerLimit` count held + paid. Each check-and-write is one synchronous run of SQLite statements with no awaited
// I/O in between, so the object serializes every checkout that races for the code and it never over-redeems.
import { DurableObject } from "cloudflare:workers";

/** Why a redemption was refused (the `details.reason` of `discount_unavailable`). */
export type RedemptionRefusal = "used_up" | "buyer_limit";

interface RedemptionLimits {
  maxRedemptions: number | null;
  perBuyerLimit: number | null;
}

export interface Redemption extends RedemptionLimits {
  orderId: string;
  /** The buyer's normalized email as its SHA-256 (hex): the object keeps no address, so an erasure leaves none here. */
  email: string;
}

export class DiscountDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      create table if not exists redemptions (order_id text primary key, email text not null, status text not null, expires_at integer not null);
      create index if not exists redemptions_live on redemptions (status, expires_at);
      create index if not exists redemptions_email on redemptions (email, status);
    `);
  }

  /** Holds a redemption for a pending order until `expiresAt`; the same order asking again keeps its own. */
  hold(r: Redemption & { expiresAt: number }): RedemptionRefusal | null {
    return this.take(r, "held", r.expiresAt);
  }

  /**
   * The order is paid: its hold becomes a redemption. A hold that ran out or was released (a late payment) is taken
   * again under the same limits, like the order's units; a refusal cancels and refunds the order.
   */
  redeem(r: Redemption): RedemptionRefusal | null {
    return this.take(r, "paid", 0);
  }

  /** The order expired, was canceled or refunded before it was paid, or its payment was undone: the use frees up at once. */
  release(orderId: string): void {
    this.sql.exec("update redemptions set status = 'released' where order_id = ?", orderId);
  }

  private take(r: Redemption, status: "held" | "paid", expiresAt: number): RedemptionRefusal | null {
    const now = Date.now();
    const [mine] = this.sql.exec<{ status: string; expires_at: number }>("select status, expires_at from redemptions where order_id = ?", r.orderId).toArray();
    const live = mine && (mine.status === "paid" || (mine.status === "held" && mine.expires_at > now));
    if (!live) {
      const [n] = this.sql
        .exec<{ total: number; buyer: number }>(
          `select (select count(*) from redemptions where status = 'paid') + (select count(*) from redemptions where status = 'held' and expires_at > ?1) as total,
             (select count(*) from redemptions where email = ?2 and (status = 'paid' or (status = 'held' and expires_at > ?1))) as buyer`,
          now,
          r.email,
        )
        .toArray();
      if (r.maxRedemptions !== null && n!.total >= r.maxRedemptions) return "used_up";
      if (r.perBuyerLimit !== null && n!.buyer >= r.perBuyerLimit) return "buyer_limit";
    } else if (mine.status === "paid" || status === "held") return null;
    this.sql.exec("insert or replace into redemptions (order_id, email, status, expires_at) values (?, ?, ?, ?)", r.orderId, r.email, status, expiresAt);
    return null;
  }
}
