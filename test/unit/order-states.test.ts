// The order state table (API.md "Lifecycles") as a specification: which event may move which order, and where to.
import { describe, expect, it } from "vitest";
import { ORDER_EVENTS, ORDER_STATUSES, canApply, delivers, type OrderEvent, type OrderStatus } from "../../src/shared/order-states";

const moves = (from: OrderStatus) => (Object.keys(ORDER_EVENTS) as OrderEvent[]).filter((e) => canApply(e, from)).map((e) => ORDER_EVENTS[e].to);

describe("the order state table", () => {
  it("a pending order can be paid, expire or be refunded before its payment", () => {
    expect(moves("pending").sort()).toEqual(["expired", "paid", "refunded"]);
  });

  it("an expired order can still be paid late, canceled with an automatic refund, or refunded", () => {
    expect(moves("expired").sort()).toEqual(["canceled", "paid", "refunded"]);
  });

  it("a paid order is fulfilled or refunded; a fulfilled one can only be refunded", () => {
    expect(moves("paid").sort()).toEqual(["fulfilled", "refunded"]);
    expect(moves("fulfilled")).toEqual(["refunded"]);
  });

  it("canceled and refunded are final", () => {
    expect(moves("canceled")).toEqual([]);
    expect(moves("refunded")).toEqual([]);
  });

  it("a pending order is never canceled directly: a refused late payment expires it first", () => {
    expect(canApply("cancel", "pending")).toBe(false);
    expect(canApply("expire", "pending")).toBe(true);
  });

  it("every event names known states, and every state but the final ones has a way out", () => {
    for (const { from, to } of Object.values(ORDER_EVENTS)) {
      expect(ORDER_STATUSES).toContain(to);
      for (const f of from) expect(ORDER_STATUSES).toContain(f);
    }
    for (const s of ORDER_STATUSES) if (s !== "canceled" && s !== "refunded") expect(moves(s).length).toBeGreaterThan(0);
  });

  it("only paid and fulfilled orders deliver (downloads, memberships)", () => {
    expect(ORDER_STATUSES.filter(delivers)).toEqual(["paid", "fulfilled"]);
  });
});
