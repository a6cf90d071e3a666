import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { call, makeCreator, makeProduct, type TestCreator } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { counts, dropStub, makeDrop, nextIp, reserve, variantStub } from "../helpers/drops";
import { shardObjectName, variantObjectName } from "../../src/shared/bindings";
import { createDb } from "../../src/db/client";
import { eraseCustomer } from "../../src/orders/customers";
import { captureJobs, digitalProduct, paidOrder, paidOrderWithoutFile, runConsumer } from "../helpers/fulfillment";
import { captureLogs } from "../helpers/logs";
import { outboxOf } from "../helpers/stored";

afterEach(() => vi.restoreAllMocks());

const ERASED = /^erased-aud_[0-9a-z]{26}@invalid$/;

async function customers(c: TestCreator, query = "") {
  const res = await c.api("GET", `/customers${query}`);
  if (res.status !== 200) throw new Error(`customers: ${res.status} ${res.text}`);
  return res.json as { items: { email: string; orders: number; totals: { currency: string; totalCents: number }[]; firstOrderAt: string; lastOrderAt: string }[]; nextCursor: string | null };
}

async function auditLog(c: TestCreator, query = "") {
  const res = await c.api("GET", `/audit-log${query}`);
  if (res.status !== 200) throw new Error(`audit log: ${res.status} ${res.text}`);
  return res.json as { items: { id: string; action: string; tokenId: string | null; at: string; details: Record<string, unknown> }[]; nextCursor: string | null };
}

const line = (product: { variants: { id: string }[] }, quantity = 1) => ({ variantId: product.variants[0]!.id, quantity });

/**
 * Writes `n` paid orders straight into D1, one per customer `fan-00000@bulk.test` … (checkout would take minutes
 * for a thousand), plus orders for `extra` emails: what a big store's export reads.
 */
async function bulkCustomers(creatorId: string, n: number, extra: string[] = []) {
  const at = Date.UTC(2026, 0, 1);
  await env.DB.prepare(
    `with recursive seq(i) as (select 0 union all select i + 1 from seq where i + 1 < ?2)
     insert into orders (id, creator_id, status, buyer_email, total_cents, currency, hold_expires_at, needs_shipping, created_at, updated_at)
     select 'ord_bulk' || ?1 || printf('%05d', i), ?1, 'paid', printf('fan-%05d@bulk.test', i), 100 + i, 'usd', ?3, 0, ?3 + i, ?3 + i from seq`,
  )
    .bind(creatorId, n, at)
    .run();
  for (const [i, email] of extra.entries()) {
    await env.DB.prepare(
      "insert into orders (id, creator_id, status, buyer_email, total_cents, currency, hold_expires_at, needs_shipping, created_at, updated_at) values (?1, ?2, 'paid', ?3, 500, 'usd', ?4, 0, ?4, ?4)",
    )
      .bind(`ord_extra${creatorId}${i}`, creatorId, email, at)
      .run();
  }
}

/** The export through the app with a D1 binding that counts the customer-page queries (one per page of D1 reads). */
async function exportWithCountedPages(c: TestCreator) {
  const pages: string[] = [];
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === "prepare") return (query: string) => (query.includes("select distinct") && pages.push(query), target.prepare(query));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const res = await app.fetch(new Request("http://localhost/admin/v1/customers/export", { headers: { authorization: `Bearer ${c.token}` } }), { ...env, DB }, ctx);
  return { res, pages };
}

describe("the customer list", () => {
  it("shows each email with a paid order once: its orders, totals per currency net of refunds, first and last order; pending orders make no customer", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { priceCents: 2500 });
    const print = await makeProduct(c, { priceCents: 4000, currency: "eur" });
    await paidOrder(c, [line(tee)], "ada@example.com");
    await paidOrder(c, [line(tee, 2)], "ada@example.com");
    await paidOrder(c, [line(print)], "ada@example.com");
    const refunded = await paidOrder(c, [line(tee)], "bo@example.com");
    expect((await c.api("POST", `/orders/${refunded.orderId}/refund`)).status).toBe(202);
    expect((await checkout({ handle: c.creator.handle, email: "cy@example.com", items: [line(tee)] })).status).toBe(201);

    const { items, nextCursor } = await customers(c);
    expect(items.map(({ firstOrderAt, lastOrderAt, ...rest }) => rest)).toEqual([
      { email: "ada@example.com", orders: 3, totals: [{ currency: "eur", totalCents: 4000 }, { currency: "usd", totalCents: 7500 }] },
      { email: "bo@example.com", orders: 1, totals: [{ currency: "usd", totalCents: 0 }] },
    ]);
    expect(nextCursor).toBeNull();
    const adaOrders = (await c.api("GET", "/orders")).json.items.filter((o: { buyerEmail: string }) => o.buyerEmail === "ada@example.com");
    const created = adaOrders.map((o: { createdAt: string }) => o.createdAt).sort();
    expect(items[0]).toMatchObject({ firstOrderAt: created[0], lastOrderAt: created.at(-1) });
    expect(Date.parse(items[0]!.firstOrderAt)).toBeLessThan(Date.parse(items[0]!.lastOrderAt));
  });

  it("pages by email with a cursor, and `q` finds the emails containing it, whatever its case", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    for (const email of ["cat@example.com", "ann@example.com", "bea@shop.test"]) await paidOrder(c, [line(tee)], email);
    const first = await customers(c, "?limit=2");
    expect(first.items.map((i) => i.email)).toEqual(["ann@example.com", "bea@shop.test"]);
    const second = await customers(c, `?limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ items: [{ email: "cat@example.com" }], nextCursor: null });
    expect((await customers(c, "?q=EXAMPLE.com")).items.map((i) => i.email)).toEqual(["ann@example.com", "cat@example.com"]);
    expect((await customers(c, "?q=nobody")).items).toEqual([]);
    expect((await c.api("GET", "/customers?cursor=not-a-cursor")).json.error.code).toBe("invalid_input");
  });

  it("one creator never sees, exports or erases another's customers", async () => {
    const a = await makeCreator();
    const b = await makeCreator();
    await paidOrder(a, [line(await makeProduct(a))], "fan@example.com");
    expect((await customers(b)).items).toEqual([]);
    expect((await b.api("GET", "/customers/export")).text).toBe("email,orders,currency,totalCents,firstOrderAt,lastOrderAt\r\n");
    expect((await b.api("POST", "/customers/erase", { body: { email: "fan@example.com" } })).json).toEqual({ erasedOrders: 0 });
    expect((await customers(a)).items.map((i) => i.email)).toEqual(["fan@example.com"]);
    expect((await auditLog(a)).items).toEqual([]);
  });

  it("a read-only token may list and export, never erase", async () => {
    const c = await makeCreator();
    await paidOrder(c, [line(await makeProduct(c))], "fan@example.com");
    const { token } = (await c.api("POST", "/tokens", { body: { name: "accountant", readOnly: true } })).json;
    expect((await call("GET", "/admin/v1/customers", { token })).json.items).toHaveLength(1);
    const exported = await call("GET", "/admin/v1/customers/export", { token });
    expect(exported.status).toBe(200);
    expect(exported.text).toContain("fan@example.com");
    const erase = await call("POST", "/admin/v1/customers/erase", { token, body: { email: "fan@example.com" } });
    expect(erase.status).toBe(403);
    expect(erase.json.error.code).toBe("forbidden");
    expect((await customers(c)).items.map((i) => i.email)).toEqual(["fan@example.com"]);
  });
});

describe("the CSV export", () => {
  it("is a text/csv attachment with a header row, one line per customer and currency, cells that could run as formulas made text", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { priceCents: 2500 });
    const print = await makeProduct(c, { priceCents: 4000, currency: "eur" });
    await paidOrder(c, [line(tee)], "+fan@example.com");
    await paidOrder(c, [line(print)], "+fan@example.com");
    await paidOrder(c, [line(tee)], "-2+3@example.com");
    await paidOrder(c, [line(tee)], "zed@example.com");
    const res = await c.api("GET", "/customers/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = res.text.split("\r\n");
    expect(header).toBe("email,orders,currency,totalCents,firstOrderAt,lastOrderAt");
    expect(rows.at(-1)).toBe("");
    expect(rows.slice(0, -1).map((r) => r.split(",").slice(0, 4).join(","))).toEqual([
      "'+fan@example.com,1,eur,4000",
      "'+fan@example.com,1,usd,2500",
      "'-2+3@example.com,1,usd,2500",
      "zed@example.com,1,usd,2500",
    ]);
    for (const row of rows.slice(0, -1)) expect(row.split(",").slice(4).every((t) => !Number.isNaN(Date.parse(t)))).toBe(true);
  });

  it("streams a store of 1,200 customers through several pages of D1 reads, reading the next page only as the client reads", async () => {
    const c = await makeCreator();
    await bulkCustomers(c.creator.id, 1200, ['=HYPERLINK("https://evil.test","a,b")@x.test', "@SUM(1)@x.test", "line\nbreak@x.test"]);
    const { res, pages } = await exportWithCountedPages(c);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const header = (await reader.read()).value;
    expect(header).toBe("email,orders,currency,totalCents,firstOrderAt,lastOrderAt\r\n");
    let text = `${header}${(await reader.read()).value}`;
    // The client has taken one page: D1 has been read for it and at most the next one, never the whole list.
    expect(pages.length).toBeLessThanOrEqual(2);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    // 1,203 customers at 500 a page: three pages, and an empty one that ends the file.
    expect(pages).toHaveLength(4);
    const rows = text.split("\r\n").slice(1, -1);
    expect(rows).toHaveLength(1203);
    const withoutTimes = (row: string) => row.slice(0, row.lastIndexOf(",", row.lastIndexOf(",") - 1));
    expect(rows.slice(0, 3).map(withoutTimes)).toEqual([
      `"'=HYPERLINK(""https://evil.test"",""a,b"")@x.test",1,usd,500`,
      "'@SUM(1)@x.test,1,usd,500",
      "fan-00000@bulk.test,1,usd,100",
    ]);
    expect(rows.slice(-2).map(withoutTimes)).toEqual(["fan-01199@bulk.test,1,usd,1299", `"line\nbreak@x.test",1,usd,500`]);
    expect(new Set(rows.map((r) => r.split(",")[0])).size).toBe(1203);
  });
});

describe("erasing a customer on request", () => {
  it("a checkout's idempotency key is stored without the buyer's address, so an erasure leaves none behind there", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c);
    const started = await checkout({ handle: c.creator.handle, email: "Keyed.Buyer@Example.com", items: [line(zine)] }, { "idempotency-key": "k-1" });
    expect(started.status).toBe(201);
    const { results } = await env.DB.prepare("select scope from idempotency_keys where key = 'k-1'").all<{ scope: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.scope).toMatch(new RegExp(`^checkout:cart:${c.creator.handle}:[0-9a-f]{64}\\|POST /api/v1/checkout$`));
    expect(JSON.stringify(results).toLowerCase()).not.toContain("keyed.buyer");
  });

  it("an order still pending at the erasure and paid later sends no email to the pseudonym", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c);
    const jobs = captureJobs();
    const started = await checkout({ handle: c.creator.handle, email: "gone@example.com", items: [line(zine)] });
    expect(started.status).toBe(201);
    expect((await c.api("POST", "/customers/erase", { body: { email: "gone@example.com" } })).status).toBe(200);
    const send = vi.fn(async () => ({ messageId: "m" }));
    expect((await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`)).json.order.status).toBe("paid");
    await runConsumer(jobs, { env: { EMAIL: { send } as unknown as SendEmail } });
    expect(send).not.toHaveBeenCalled();
    expect(await outboxOf(started.json.order.id, "receipt")).toEqual([expect.objectContaining({ status: "logged" })]);
  });

  it("replaces the email and address in every order of this creator, ends downloads and memberships, keeps the amounts, and is idempotent", async () => {
    const c = await makeCreator();
    const other = await makeCreator();
    const zine = await digitalProduct(c);
    const club = await makeProduct(c, { kind: "membership", priceCents: 500, membershipTier: "Inner Circle", membershipDays: 30 });
    const tee = await makeProduct(c, { priceCents: 2500 });
    const jobs = captureJobs();
    const digital = await paidOrder(c, [line(zine), line(club)], "fan@example.com");
    const merch = await paidOrder(c, [line(tee)], "fan@example.com");
    await paidOrder(c, [line(tee)], "someone@example.com");
    await paidOrder(other, [line(await makeProduct(other))], "fan@example.com");
    await runConsumer(jobs);
    const download = new URL((await call("GET", `/api/v1/orders/${digital.orderId}?token=${digital.orderToken}`)).json.order.downloads[0].url).pathname;
    expect((await call("GET", download)).status).toBe(200);
    expect((await c.api("GET", `/orders/${merch.orderId}`)).json.order.shippingAddress).not.toBeNull();
    const statsBefore = (await c.api("GET", "/stats")).json;
    const logs = captureLogs();

    const erased = await c.api("POST", "/customers/erase", { body: { email: " Fan@Example.com " } });
    expect(erased.status).toBe(200);
    expect(erased.json).toEqual({ erasedOrders: 2 });

    const orders = (await c.api("GET", "/orders")).json.items;
    const mine = orders.filter((o: { id: string }) => [digital.orderId, merch.orderId].includes(o.id));
    const pseudonym = mine[0].buyerEmail;
    expect(pseudonym).toMatch(ERASED);
    expect(mine.map((o: { buyerEmail: string; shippingAddress: unknown }) => [o.buyerEmail, o.shippingAddress])).toEqual([[pseudonym, null], [pseudonym, null]]);
    expect((await call("GET", download)).status).toBe(410);
    expect((await c.api("GET", "/memberships")).json.items).toEqual([expect.objectContaining({ buyerEmail: pseudonym, active: false })]);
    expect((await c.api("GET", "/stats")).json).toEqual(statsBefore);
    expect((await customers(c)).items.map((i) => [i.email, i.orders, i.totals])).toEqual([
      [pseudonym, 2, [{ currency: "usd", totalCents: 800 + 500 + 2500 }]],
      ["someone@example.com", 1, [{ currency: "usd", totalCents: 2500 }]],
    ]);
    const everything = [
      JSON.stringify(orders),
      (await c.api("GET", "/customers/export")).text,
      JSON.stringify(await auditLog(c)),
      JSON.stringify(await outboxOf(digital.orderId)),
      JSON.stringify(await outboxOf(merch.orderId)),
      JSON.stringify(logs),
    ].join("\n");
    expect(everything).not.toContain("fan@example.com");
    // The receipt named the address it ships to: its stored text goes too.
    expect(JSON.stringify(await outboxOf(merch.orderId))).not.toContain("1 Test Street");
    expect((await auditLog(c)).items[1]).toMatchObject({ action: "customer.erased", details: { email: pseudonym, erasedOrders: 2 } });
    // Another creator's order by the same buyer is not this creator's to erase.
    expect((await customers(other)).items.map((i) => i.email)).toEqual(["fan@example.com"]);

    const again = await c.api("POST", "/customers/erase", { body: { email: "fan@example.com" } });
    expect(again.json).toEqual({ erasedOrders: 0 });
    expect((await c.api("GET", "/orders")).json.items.filter((o: { buyerEmail: string }) => o.buyerEmail === pseudonym)).toHaveLength(2);
    expect((await auditLog(c)).items[0]).toMatchObject({ action: "customer.erased", details: { erasedOrders: 0 } });
  });

  it("refuses an invalid email", async () => {
    const c = await makeCreator();
    const res = await c.api("POST", "/customers/erase", { body: { email: "not an email" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
  });
});

describe("erasing a customer from the inventory objects", () => {
  const MARK = /^erased-[0-9a-f]{64}@invalid$/;
  /** The emails an object keeps in `table` (its holds, raffle entries). */
  const emails = (stub: DurableObjectStub, table: string) =>
    runInDurableObject(stub, (_o, state: DurableObjectState) => state.storage.sql.exec(`select email from ${table} order by email`).toArray().map((r) => r.email as string));

  it("holds, raffle entries, queue tickets and a cart's hold lose the email; open holds are released; the limits, one entry and one ticket still hold", async () => {
    const c = await makeCreator();
    const fan = "fan@example.com";
    const open = await makeDrop(c, { quantity: 5, perBuyerLimit: 1 });
    const held = await reserve(open.dropId, { variantId: open.variantId, quantity: 1, email: fan }, { key: "k-1" });
    expect(held.status).toBe(201);
    expect((await reserve(open.dropId, { variantId: open.variantId, quantity: 1, email: "other@example.com" })).status).toBe(201);
    const raffle = await makeDrop(c, { admission: "raffle", startsAt: new Date(Date.now() + 60_000).toISOString() });
    const enter = () => call("POST", `/api/v1/drops/${raffle.dropId}/entries`, { body: { email: fan, variantId: raffle.variantId }, headers: { "cf-connecting-ip": nextIp() } });
    expect((await enter()).status).toBe(201);
    const queued = await makeDrop(c, { admission: "queue", startsAt: new Date(Date.now() + 60_000).toISOString(), queueOpensAt: new Date(Date.now() - 1000).toISOString() });
    const join = () => call("POST", `/api/v1/drops/${queued.dropId}/queue`, { body: { email: fan }, headers: { "cf-connecting-ip": nextIp() } });
    expect((await join()).status).toBe(201);
    const tee = await makeProduct(c, { variants: [{ sku: `TEE-${Date.now()}`, title: "M", stock: 3 }] });
    expect((await checkout({ handle: c.creator.handle, email: fan, items: [{ variantId: tee.variants[0].id, quantity: 1 }] })).status).toBe(201);

    expect((await c.api("POST", "/customers/erase", { body: { email: fan } })).json).toEqual({ erasedOrders: 1 });
    expect(await emails(dropStub(open.dropId), "holds")).toEqual([expect.stringMatching(MARK), "other@example.com"]);
    expect(await emails(dropStub(raffle.dropId), "entries")).toEqual([expect.stringMatching(MARK)]);
    expect(await emails(variantStub(tee.variants[0].id), "holds")).toEqual([expect.stringMatching(MARK)]);
    const shards = Array.from({ length: Number(env.DROP_SHARD_COUNT) }, (_, shard) => env.DROP_SHARDS.get(env.DROP_SHARDS.idFromName(shardObjectName(queued.dropId, shard))));
    const tickets = await Promise.all(shards.map((s) => emails(s, "tickets").catch(() => [])));
    expect(tickets.flat()).toEqual([expect.stringMatching(MARK)]);
    // The open hold was released (its unit is for sale again), so nothing checks out under an erased address.
    expect((await counts(open.dropId)).items[0]).toMatchObject({ held: 1, available: 4 });
    const late = await checkout({ dropId: open.dropId, reservationId: held.json.reservation.id });
    expect(late.status).toBe(409);
    expect(await runInDurableObject(dropStub(open.dropId), (_o, state: DurableObjectState) => state.storage.sql.exec("select count(*) as n from idem where key like 'fan@%'").one().n)).toBe(0);

    // The same email coming back still meets one entry, one ticket and its limit: erasure is no second chance.
    const entered = await enter();
    expect([entered.status, entered.json.entryToken]).toEqual([200, null]);
    expect((await join()).status).toBe(200);
    expect(await emails(dropStub(raffle.dropId), "entries")).toHaveLength(1);
    expect((await reserve(open.dropId, { variantId: open.variantId, quantity: 1, email: fan })).status).toBe(201);
    // Told again, nothing is left to change, and the answer is the same.
    expect((await c.api("POST", "/customers/erase", { body: { email: fan } })).json).toEqual({ erasedOrders: 0 });
  });

  it("an object that fails once fails the erasure before any order changes; the repeat reaches every object and the orders", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    expect((await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" })).status).toBe(201);
    const tee = await makeProduct(c, { variants: [{ sku: `TEE-${Date.now()}`, title: "M", stock: 3 }] });
    const started = await checkout({ handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: tee.variants[0].id, quantity: 1 }] });
    let failures = 1;
    // The inventory namespace as the use case sees it, whose variant object fails its first erasure (an outbound call failing once).
    const inventory = new Proxy(env.INVENTORY, {
      get: (target, key) =>
        key === "get"
          ? (id: DurableObjectId) => {
              const stub = target.get(id);
              return id.equals(env.INVENTORY.idFromName(variantObjectName(tee.variants[0].id)))
                ? new Proxy(stub, { get: (s, k) => (k === "eraseEmail" && failures-- > 0 ? async () => Promise.reject(new Error("injected: object unavailable")) : Reflect.get(s, k)) })
                : stub;
            }
          : Reflect.get(target, key).bind?.(target) ?? Reflect.get(target, key),
    });
    const actor = { creatorId: c.creator.id, tokenId: null };
    const deps = { db: createDb(env.DB), inventory };
    await expect(eraseCustomer(deps, actor, "fan@example.com")).rejects.toThrow(/injected/);
    expect((await c.api("GET", `/orders/${started.json.order.id}`)).json.order.buyerEmail).toBe("fan@example.com");
    expect(await eraseCustomer(deps, actor, "fan@example.com")).toEqual({ erasedOrders: 1 });
    expect(await emails(variantStub(tee.variants[0].id), "holds")).toEqual([expect.stringMatching(MARK)]);
    expect(await emails(dropStub(dropId), "holds")).toEqual([expect.stringMatching(MARK)]);
  });

  it("a paid buyer's limit survives the erasure: their sold unit still counts", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5, perBuyerLimit: 1 });
    const held = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    const started = await checkout({ dropId, reservationId: held.json.reservation.id });
    expect((await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`)).json.order.status).toBe("paid");
    expect((await c.api("POST", "/customers/erase", { body: { email: "fan@example.com" } })).json).toEqual({ erasedOrders: 1 });
    const again = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("limit_exceeded");
  });
});

describe("the audit log", () => {
  it("records tokens, payout and webhook settings, refunds, replays and exports with the acting token, newest first, page by page", async () => {
    const c = await makeCreator();
    const [own] = (await c.api("GET", "/tokens")).json.items;
    const created = (await c.api("POST", "/tokens", { body: { name: "ci" } })).json;
    expect((await c.api("DELETE", `/tokens/${created.id}`)).status).toBe(200);
    expect((await c.api("PATCH", "/settings", { body: { stripeAccountId: "acct_1234567890" } })).status).toBe(200);
    expect((await c.api("PATCH", "/settings", { body: { displayName: "Renamed", stripeAccountId: "acct_1234567890" } })).status).toBe(200);
    const product = await makeProduct(c);
    const { orderId } = await paidOrder(c, [line(product)]);
    expect((await c.api("POST", `/orders/${orderId}/refund`)).status).toBe(202);
    expect((await c.api("GET", "/customers/export")).status).toBe(200);

    const { items } = await auditLog(c);
    expect(items.map(({ action, tokenId, details }) => ({ action, tokenId, details }))).toEqual([
      { action: "customers.exported", tokenId: own.id, details: {} },
      { action: "order.refund_requested", tokenId: own.id, details: { orderId } },
      { action: "settings.updated", tokenId: own.id, details: { stripeAccountId: { from: null, to: "acct_1234567890" } } },
      { action: "token.revoked", tokenId: own.id, details: { id: created.id, name: "ci" } },
      { action: "token.created", tokenId: own.id, details: { id: created.id, name: "ci", readOnly: false } },
    ]);
    expect(items.every((i) => !Number.isNaN(Date.parse(i.at)) && /^aud_/.test(i.id))).toBe(true);
    const first = await auditLog(c, "?limit=2");
    const rest = await auditLog(c, `?limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items]).toEqual(items);
    expect(rest.nextCursor).toBeNull();
    expect((await auditLog(await makeCreator())).items).toEqual([]);
  });

  it("records a dead letter's replay", async () => {
    const c = await makeCreator();
    const { jobs } = await paidOrderWithoutFile(c);
    await runConsumer(jobs);
    const [letter] = (await c.api("GET", "/fulfillment/dead-letters")).json.items;
    expect((await c.api("POST", `/fulfillment/dead-letters/${letter.id}/replay`)).status).toBe(202);
    expect((await auditLog(c)).items).toEqual([expect.objectContaining({ action: "dead_letter.replayed", details: { id: letter.id, orderId: letter.orderId } })]);
  });
});
