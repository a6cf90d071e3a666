// The creator's order list and detail (`/admin/v1/orders`): status filter, cursor pages, fulfillment job.
import { describe, expect, it } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { pendingDropOrder } from "../helpers/checkout";

describe("admin orders", () => {
  it("lists with a status filter and cursor, and shows detail with the fulfillment job", async () => {
    const c = await makeCreator();
    const a = await pendingDropOrder(c);
    const b = await pendingDropOrder(c);
    await call("POST", `/dev/checkout/${b.order.checkoutSessionId}/complete`);
    const paid = await c.api("GET", "/orders?status=paid");
    expect(paid.json.items.map((o: { id: string }) => o.id)).toEqual([b.order.id]);
    const page1 = await c.api("GET", "/orders?limit=1");
    expect(page1.json.items).toHaveLength(1);
    const page2 = await c.api("GET", `/orders?limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items[0].id).toBe(a.order.id);
    expect(page2.json.nextCursor).toBeNull();
    const detail = await c.api("GET", `/orders/${b.order.id}`);
    expect(detail.json.order).toMatchObject({ status: "paid", buyerEmail: "buyer@example.com", fulfillment: { status: "queued" } });
    expect((await c.api("GET", "/orders?status=bogus")).status).toBe(400);
  });
});
