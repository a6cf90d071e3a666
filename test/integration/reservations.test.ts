import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { atFreshRateWindow, buyerDrop, CATCH_UP, counts, dropStub, makeDrop, reserve, sleep, variantStub } from "../helpers/drops";

const email = (i: number) => `buyer${i}@example.com`;

function expectInvariant(item: { quantity: number; available: number; held: number; sold: number; returned: number }) {
  expect(item.available + item.held + item.sold + item.returned).toBe(item.quantity);
  expect(item.available).toBeGreaterThanOrEqual(0);
}

describe("reservations under a rush", () => {
  it("500 parallel attempts for 50 units hold exactly 50 and answer sold_out to everyone else", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 50, perBuyerLimit: 1 });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => reserve(dropId, { variantId, quantity: 1, email: email(i) })));
    const held = results.filter((r) => r.status === 201);
    const soldOut = results.filter((r) => r.status === 409 && r.json.error.code === "sold_out");
    expect(held).toHaveLength(50);
    expect(soldOut).toHaveLength(450);
    expect(new Set(held.map((r) => r.json.reservation.id)).size).toBe(50);
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ quantity: 50, available: 0, held: 50, sold: 0 });
    expectInvariant(item);
    await expect.poll(async () => (await buyerDrop(dropId)).status, CATCH_UP).toBe("sold_out");
  });

  it("500 parallel cart reservations against one regular variant's stock object never oversell", async () => {
    const variantId = `var_${"0".repeat(10)}${Date.now().toString(36).padStart(16, "0")}`.slice(0, 30);
    const stub = variantStub(variantId);
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => stub.reserveStock({ variantId, seedStock: 50, quantity: 1, email: email(i), holdSeconds: 1800 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(results.filter((r) => !r.ok && r.reason === "sold_out")).toHaveLength(450);
    const item = await stub.stockCounts({ variantId, seedStock: 0 });
    expect(item).toMatchObject({ quantity: 50, available: 0, held: 50, sold: 0 });
    expectInvariant(item);
  });

  it("a reservation answers 201 with the hold, and the drop read shows fewer available within its 1 s window", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5, holdSeconds: 120 });
    const res = await reserve(dropId, { variantId, quantity: 2, email: " Fan@Example.com " });
    expect(res.status).toBe(201);
    expect(res.json.reservation).toMatchObject({ dropId, variantId, quantity: 2, status: "held" });
    const expiresIn = Date.parse(res.json.reservation.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(100_000);
    expect(expiresIn).toBeLessThanOrEqual(120_000);
    await expect.poll(async () => (await buyerDrop(dropId)).items[0], CATCH_UP).toMatchObject({ variantId, quantity: 5, available: 3 });
  });
});

describe("per-buyer limit", () => {
  it("parallel requests from one email never exceed the limit (held + committed, across the drop)", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 100, perBuyerLimit: 3 });
    const results = await Promise.all(Array.from({ length: 30 }, () => reserve(dropId, { variantId, quantity: 1, email: "greedy@example.com" })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(27);
    for (const r of refused) expect(r.json.error.code).toBe("limit_exceeded");
    // The email is normalized, so case and spaces do not get around the limit.
    const sneaky = await reserve(dropId, { variantId, quantity: 1, email: "  GREEDY@example.com" });
    expect(sneaky.json.error.code).toBe("limit_exceeded");
    expect((await counts(dropId)).items[0]!.held).toBe(3);
  });

  it("released units no longer count against the buyer", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 10, perBuyerLimit: 2 });
    const first = await reserve(dropId, { variantId, quantity: 2, email: "a@example.com" });
    expect((await reserve(dropId, { variantId, quantity: 1, email: "a@example.com" })).status).toBe(409);
    await call("DELETE", `/api/v1/drops/${dropId}/reservations/${first.json.reservation.id}`);
    expect((await reserve(dropId, { variantId, quantity: 2, email: "a@example.com" })).status).toBe(201);
  });
});

describe("idempotent retries", () => {
  it("the same key and body return the original reservation, without taking more units", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 10 });
    const body = { variantId, quantity: 2, email: "retry@example.com" };
    const results = await Promise.all(Array.from({ length: 5 }, () => reserve(dropId, body, { key: "attempt-1" })));
    for (const r of results) expect(r.status).toBe(201);
    expect(new Set(results.map((r) => r.json.reservation.id)).size).toBe(1);
    expect((await counts(dropId)).items[0]!.held).toBe(2);
  });

  it("a replayed failure returns the same error, and another body under the key is a conflict", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 1 });
    const tooMany = await reserve(dropId, { variantId, quantity: 5, email: "x@example.com" }, { key: "k" });
    expect(tooMany.json.error.code).toBe("sold_out");
    const replay = await reserve(dropId, { variantId, quantity: 5, email: "x@example.com" }, { key: "k" });
    expect(replay.status).toBe(409);
    expect(replay.json).toEqual(tooMany.json);
    const other = await reserve(dropId, { variantId, quantity: 1, email: "x@example.com" }, { key: "k" });
    expect(other.json.error.code).toBe("conflict");
    // Keys are scoped to the email: another buyer may use the same key.
    expect((await reserve(dropId, { variantId, quantity: 1, email: "y@example.com" }, { key: "k" })).status).toBe(201);
  });
});

describe("drop window", () => {
  it("a scheduled drop answers drop_not_live", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { startsAt: new Date(Date.now() + 3600_000).toISOString() });
    const res = await reserve(dropId, { variantId, quantity: 1, email: "early@example.com" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("drop_not_live");
    expect((await call("GET", `/api/v1/drops/${dropId}`)).json.drop.status).toBe("scheduled");
  });

  it("a canceled drop refuses new reservations but keeps existing holds", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    const hold = await reserve(dropId, { variantId, quantity: 1, email: "kept@example.com" });
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    const res = await reserve(dropId, { variantId, quantity: 1, email: "late@example.com" });
    expect(res.json.error.code).toBe("drop_not_live");
    const held = await dropStub(dropId).getReservation(hold.json.reservation.id);
    expect(held.ok && held.value.status).toBe("held");
  });

  it("an ended drop answers drop_not_live", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { startsAt: new Date(Date.now() - 5000).toISOString(), endsAt: new Date(Date.now() + 400).toISOString() });
    await sleep(500);
    const res = await reserve(dropId, { variantId, quantity: 1, email: "after@example.com" });
    expect(res.json.error.code).toBe("drop_not_live");
    await expect.poll(async () => (await buyerDrop(dropId)).status, CATCH_UP).toBe("ended");
  });
});

describe("release, expiry and eviction", () => {
  it("release returns units at once (the drop read shows them within its window); releasing again changes nothing", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const hold = await reserve(dropId, { variantId, quantity: 3, email: "r@example.com" });
    await expect.poll(async () => (await buyerDrop(dropId)).status, CATCH_UP).toBe("sold_out");
    const del = await call("DELETE", `/api/v1/drops/${dropId}/reservations/${hold.json.reservation.id}`);
    expect(del.status).toBe(200);
    expect(del.json.reservation.status).toBe("released");
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 3, held: 0 });
    await expect.poll(() => buyerDrop(dropId), CATCH_UP).toMatchObject({ status: "live", items: [{ available: 3 }] });
    const again = await call("DELETE", `/api/v1/drops/${dropId}/reservations/${hold.json.reservation.id}`);
    expect(again.status).toBe(200);
    expect((await counts(dropId)).items[0]).toMatchObject({ available: 3, held: 0 });
  });

  it("a committed hold cannot be released", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const hold = await reserve(dropId, { variantId, quantity: 1, email: "paid@example.com" });
    const committed = await dropStub(dropId).commit(hold.json.reservation.id);
    expect(committed.ok).toBe(true);
    const del = await call("DELETE", `/api/v1/drops/${dropId}/reservations/${hold.json.reservation.id}`);
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe("conflict");
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ available: 2, held: 0, sold: 1 });
    expectInvariant(item);
  });

  it("the alarm expires holds at their expiry and the units come back", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 2, holdSeconds: 1 });
    const hold = await reserve(dropId, { variantId, quantity: 2, email: "slow@example.com" });
    await expect.poll(async () => (await buyerDrop(dropId)).status, CATCH_UP).toBe("sold_out");
    await sleep(1100);
    await runDurableObjectAlarm(dropStub(dropId));
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ available: 2, held: 0 });
    const res = await dropStub(dropId).getReservation(hold.json.reservation.id);
    expect(res.ok && res.value.status).toBe("expired");
    await expect.poll(async () => (await buyerDrop(dropId)).status, CATCH_UP).toBe("live");
    const late = await dropStub(dropId).commit(hold.json.reservation.id);
    expect(late.ok === false && late.reason).toBe("reservation_expired");
  });

  it("eviction loses no hold and no sale", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 10 });
    const a = await reserve(dropId, { variantId, quantity: 2, email: "a@example.com" });
    const b = await reserve(dropId, { variantId, quantity: 3, email: "b@example.com" });
    await dropStub(dropId).commit(b.json.reservation.id);
    await evictDurableObject(dropStub(dropId));
    const item = (await counts(dropId)).items[0]!;
    expect(item).toMatchObject({ quantity: 10, available: 5, held: 2, sold: 3 });
    const held = await dropStub(dropId).getReservation(a.json.reservation.id);
    expect(held.ok && held.value.status).toBe("held");
  });
});

describe("rate limit and bad input", () => {
  it("the 21st attempt from one IP within 10 s is rate_limited with Retry-After", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 100 });
    const ip = "203.0.113.77";
    await atFreshRateWindow();
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await reserve(dropId, { variantId, quantity: 1, email: email(i) }, { ip }));
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true);
    const limited = results[20]!;
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await counts(dropId)).items[0]!.held).toBe(20);
  });

  it.each([
    [{ quantity: 1, email: "a@example.com" }, "variantId"],
    [{ variantIdPlaceholder: true, quantity: 0, email: "a@example.com" }, "quantity"],
    [{ variantIdPlaceholder: true, quantity: 1.5, email: "a@example.com" }, "quantity"],
    [{ variantIdPlaceholder: true, quantity: 1, email: "not-an-email" }, "email"],
    [{ variantIdPlaceholder: true, quantity: 1, email: "a@example.com", priceCents: 1 }, "priceCents"],
  ])("%o → invalid_input naming %s, nothing held", async (raw, field) => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    const { variantIdPlaceholder, ...body } = raw as Record<string, unknown>;
    const res = await reserve(dropId, variantIdPlaceholder ? { variantId, ...body } : body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await counts(dropId)).items[0]!.held).toBe(0);
  });

  it("unknown drops, variants and reservations are not_found; non-JSON is 415", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    expect((await call("GET", "/api/v1/drops/drp_00000000000000000000000000")).status).toBe(404);
    expect((await call("GET", "/api/v1/drops/nonsense")).status).toBe(404);
    const wrongVariant = await reserve(dropId, { variantId: "var_unknown", quantity: 1, email: "a@example.com" });
    expect(wrongVariant.status).toBe(404);
    expect((await call("DELETE", `/api/v1/drops/${dropId}/reservations/res_00000000000000000000000000`)).status).toBe(404);
    const text = await call("POST", `/api/v1/drops/${dropId}/reservations`, {
      rawBody: JSON.stringify({ variantId, quantity: 1, email: "a@example.com" }),
      headers: { "content-type": "text/plain", "cf-connecting-ip": "198.51.100.9" },
    });
    expect(text.status).toBe(415);
    expect((await counts(dropId)).items[0]!.held).toBe(0);
  });
});
