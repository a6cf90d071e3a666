// Queue drops (API.md "Fair drops"): joins from queueOpensAt, one ticket per normalized email, spread over shard
// objects; a uniform shuffle of everyone who joined before startsAt; admission in position order, stock-aware and at
// admissionRate; admission tokens bound to the email; sold out told to every waiting ticket at once.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shardObjectName } from "../../src/shared/bindings";
import { shardOfEmail, shardOfTicket } from "../../src/shared/queue";
import { failObjectOnce, watchShards } from "../helpers/faults";
import { admissionToken } from "../../src/shared/order-token";
import { rankCorrelation } from "../../src/shared/queue";
import { call, callWithEnv, makeCreator, makeProduct, unique, type TestCreator } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { CATCH_UP, counts, dropStub, nextIp, reserve, sleep } from "../helpers/drops";
import { connect, until } from "../helpers/live";
import { outboxOf } from "../helpers/stored";

const SIGNING_SECRET = "test-signing-secret";

afterEach(() => vi.restoreAllMocks());

async function queueDrop(c: TestCreator, opts: { units?: number; startsInMs?: number; admissionRate?: number; admissionSeconds?: number; holdSeconds?: number; queueOpensAt?: string; perBuyerLimit?: number } = {}) {
  const units = opts.units ?? 2;
  const product = await makeProduct(c, { variants: [{ sku: unique("Q"), title: "Tee", stock: units }] });
  const variantId: string = product.variants[0].id;
  const startsAt = Date.now() + (opts.startsInMs ?? 3_000);
  const res = await c.api("POST", "/drops", {
    body: {
      slug: unique("queue"),
      title: "Tour Tee Queue",
      startsAt: new Date(startsAt).toISOString(),
      perBuyerLimit: opts.perBuyerLimit ?? 1,
      holdSeconds: opts.holdSeconds,
      admission: "queue",
      queueOpensAt: opts.queueOpensAt,
      admissionRate: opts.admissionRate,
      admissionSeconds: opts.admissionSeconds,
      items: [{ variantId, quantity: units }],
    },
  });
  expect(res.status, res.text).toBe(201);
  return { dropId: res.json.drop.id as string, drop: res.json.drop, variantId, startsAt };
}

const join = (dropId: string, email: string) => call("POST", `/api/v1/drops/${dropId}/queue`, { body: { email }, headers: { "cf-connecting-ip": nextIp() } });

async function ticketOf(dropId: string, t: { id: string; token: string }) {
  const res = await call("GET", `/api/v1/drops/${dropId}/queue/${t.id}?token=${t.token}`);
  expect(res.status, res.text).toBe(200);
  return res.json.ticket;
}

async function joinAll(dropId: string, emails: string[]) {
  const tickets: { id: string; token: string; email: string }[] = [];
  // Sequential, so join order is known (the fairness statistic compares it with positions).
  for (const email of emails) {
    const res = await join(dropId, email);
    expect(res.status, res.text).toBe(201);
    tickets.push({ id: res.json.ticket.id, token: res.json.ticketToken, email });
  }
  return tickets;
}

const emails = (n: number, tag = unique("fan")) => Array.from({ length: n }, (_, i) => `${tag}-${i}@example.com`);

async function untilAt(startsAt: number) {
  const wait = startsAt - Date.now() + 20;
  if (wait > 0) await sleep(wait);
}

describe("a queue drop", () => {
  it("fills in its defaults, takes one ticket per normalized email, hides a repeated join's ticket, and refuses direct reservations", async () => {
    const c = await makeCreator();
    const { dropId, drop, variantId, startsAt } = await queueDrop(c, { startsInMs: 60_000 });
    expect(drop).toMatchObject({ admission: "queue", queueOpensAt: new Date(startsAt - 30 * 60_000).toISOString(), admissionRate: 50, admissionSeconds: 120 });
    const read = await call("GET", `/api/v1/drops/${dropId}`);
    expect(read.json.drop).toMatchObject({ admission: "queue", queueOpensAt: drop.queueOpensAt, raffle: null, status: "scheduled" });
    expect(read.json.drop.shardCount).toBeUndefined();

    const first = await join(dropId, "Fan@Example.com");
    expect(first.status).toBe(201);
    expect(first.json.ticket).toMatchObject({ status: "waiting", position: null, ahead: null, admittedUntil: null, admissionToken: null });
    expect(first.json.ticketToken).toEqual(expect.any(String));
    const again = await join(dropId, "  fan@example.com ");
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ticket: { id: first.json.ticket.id }, ticketToken: null });
    expect((await outboxOf(first.json.ticket.id, "queue_ticket_link")).length).toBe(1);

    expect((await call("GET", `/api/v1/drops/${dropId}/queue/${first.json.ticket.id}?token=${first.json.ticketToken}`)).json.ticket.status).toBe("waiting");
    expect((await call("GET", `/api/v1/drops/${dropId}/queue/${first.json.ticket.id}?token=wrong`)).status).toBe(404);
    expect((await call("GET", `/api/v1/drops/${dropId}/queue/tkt_00000000000000000000000000?token=x`)).status).toBe(404);

    const direct = await reserve(dropId, { variantId, quantity: 1, email: "fan@example.com" });
    expect(direct.status).toBe(403);
    expect(direct.json.error.code).toBe("not_admitted");
  });

  it("with TURNSTILE_SECRET_KEY set, a join needs a token siteverify accepts; refused joins take no ticket", async () => {
    const c = await makeCreator();
    const { dropId } = await queueDrop(c, { startsInMs: 60_000 });
    const TURNSTILE = { TURNSTILE_SECRET_KEY: "0x4AAAAAAAturnstile-secret", TURNSTILE_SITE_KEY: "0x4AAAAAAAsite" };
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      if (!req.url.startsWith("https://challenges.cloudflare.com/turnstile/v0/siteverify")) throw new Error(`unexpected outbound request to ${req.url}`);
      const form = new URLSearchParams(await req.text());
      if (form.get("response") === "while-siteverify-is-down") throw new TypeError("Network connection lost.");
      return Response.json({ success: form.get("response") === "good-token" });
    });
    const joinWith = (turnstileToken?: string) =>
      callWithEnv(TURNSTILE, "POST", `/api/v1/drops/${dropId}/queue`, { body: { email: "human@example.com", turnstileToken }, headers: { "cf-connecting-ip": "198.51.100.19" } });
    for (const token of [undefined, "bad-token", "while-siteverify-is-down"]) {
      const refused = await joinWith(token);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("forbidden");
    }
    const joined = await joinWith("good-token");
    expect(joined.status).toBe(201); // the first ticket for this email: the refused attempts took none
  });

  it("refuses joins before queueOpensAt, options on other modes, and a queue that opens after the start", async () => {
    const c = await makeCreator();
    const { dropId } = await queueDrop(c, { startsInMs: 3_600_000, queueOpensAt: new Date(Date.now() + 1_800_000).toISOString() });
    const early = await join(dropId, "early@example.com");
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("drop_not_live");
    const product = await makeProduct(c);
    const startsAt = new Date(Date.now() + 60_000).toISOString();
    const items = [{ variantId: product.variants[0].id, quantity: 1 }];
    const wrongMode = await c.api("POST", "/drops", { body: { slug: unique("d"), title: "Open", startsAt, perBuyerLimit: 1, admissionRate: 5, items } });
    expect(wrongMode.status).toBe(400);
    const late = await c.api("POST", "/drops", {
      body: { slug: unique("d"), title: "Q", startsAt, perBuyerLimit: 1, admission: "queue", queueOpensAt: new Date(Date.now() + 120_000).toISOString(), items },
    });
    expect(late.status).toBe(400);
    const openDrop = await c.api("POST", "/drops", { body: { slug: unique("d"), title: "Open", startsAt, perBuyerLimit: 1, items } });
    expect((await join(openDrop.json.drop.id, "x@example.com")).json.error.code).toBe("invalid_input");
  });

  it("shuffles every pre-opening ticket uniformly at the opening and admits no more buyers than units", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 5, startsInMs: 8_000, admissionRate: 1_000 });
    const tickets = await joinAll(dropId, emails(120));
    expect(Date.now()).toBeLessThan(startsAt); // all of them pre-opening
    await untilAt(startsAt);
    const placed = await until(async () => {
      const all = await Promise.all(tickets.map((t) => ticketOf(dropId, t)));
      return all.every((t) => t.position !== null) ? all : undefined;
    });
    const positions = placed.map((t) => t.position as number);
    expect([...positions].sort((a, b) => a - b)).toEqual(tickets.map((_, i) => i + 1));
    // Arriving early buys nothing: positions do not follow join order. Spearman's ρ over 120 tickets has a standard
    // deviation of ~0.09 under a uniform shuffle; |ρ| ≥ 0.4 would be a 4.4σ event.
    expect(Math.abs(rankCorrelation(tickets.map((_, i) => i), positions))).toBeLessThan(0.4);
    // Stock-aware: 5 units, so 5 admitted (the first five positions), everyone else waits with an honest count ahead.
    const admitted = placed.filter((t) => t.status === "admitted");
    expect(admitted.map((t) => t.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    for (const t of placed.filter((x) => x.status === "waiting")) {
      expect(t.ahead).toBe(t.position - 6);
      expect(t.estimate.unitsLeft).toBe(5);
    }
    expect(admitted.every((t) => typeof t.admissionToken === "string" && t.admittedUntil)).toBe(true);
    // Still only five after a few more ticks.
    await sleep(1_500);
    const later = await Promise.all(tickets.map((t) => ticketOf(dropId, t)));
    expect(later.filter((t) => t.status === "admitted").length).toBe(5);
  });

  it("shuffles at startsAt itself, not at the next slow pre-opening tick: a page polling at the opening gets its place within half a second", async () => {
    const c = await makeCreator();
    // The queue is open from creation, so the drop's object ticks every 2 s before the opening: at creation, +2 s,
    // +4 s. startsAt falls between two of them.
    const { dropId, startsAt } = await queueDrop(c, { units: 2, startsInMs: 2_500, admissionRate: 1_000 });
    const tickets = await joinAll(dropId, emails(3));
    await untilAt(startsAt + 500);
    const views = await Promise.all(tickets.map((t) => ticketOf(dropId, t)));
    expect(views.map((v) => v.position).sort()).toEqual([1, 2, 3]);
    const admitted = views.filter((v) => v.status === "admitted");
    expect(admitted.length).toBe(2);
    // Each read carries the server's clock: the page counts the admission window (120 s) down against it.
    for (const v of admitted) {
      expect(Math.abs(Date.parse(v.serverTime) - Date.now())).toBeLessThan(2_000);
      const window = Date.parse(v.admittedUntil) - Date.parse(v.serverTime);
      expect(window).toBeGreaterThan(118_000);
      expect(window).toBeLessThanOrEqual(120_000);
    }
  });

  it("shuffles at a startsAt the creator moved earlier, even when the slow tick already planned lay past the new start", async () => {
    const c = await makeCreator();
    // The queue opens in 300 ms: the drop's object ticks then, and plans its next pre-opening tick 2 s later.
    const opensAt = Date.now() + 300;
    const { dropId } = await queueDrop(c, { units: 2, startsInMs: 60_000, admissionRate: 1_000, queueOpensAt: new Date(opensAt).toISOString() });
    await untilAt(opensAt + 100);
    const tickets = await joinAll(dropId, emails(3));
    const startsAt = opensAt + 1_300;
    expect(Date.now()).toBeLessThan(startsAt - 300);
    const moved = await c.api("PATCH", `/drops/${dropId}`, { body: { startsAt: new Date(startsAt).toISOString() } });
    expect(moved.status, moved.text).toBe(200);
    await untilAt(startsAt + 400);
    const views = await Promise.all(tickets.map((t) => ticketOf(dropId, t)));
    expect(views.map((v) => v.position).sort()).toEqual([1, 2, 3]);
  });

  it("binds the admission token to its email, its drop and its time; a valid one reserves, and admission resumes when holds expire", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await queueDrop(c, { units: 2, startsInMs: 3_000, admissionRate: 1_000, holdSeconds: 2 });
    const tickets = await joinAll(dropId, emails(4));
    await untilAt(startsAt);
    const views = await until(async () => {
      const all = await Promise.all(tickets.map(async (t) => ({ ...t, view: await ticketOf(dropId, t) })));
      return all.filter((t) => t.view.status === "admitted").length === 2 ? all : undefined;
    });
    const [a, b] = views.filter((t) => t.view.status === "admitted");
    const waiting = views.filter((t) => t.view.status === "waiting");
    const reserveWith = (token: string | undefined, email: string) =>
      call("POST", `/api/v1/drops/${dropId}/reservations`, {
        body: { variantId, quantity: 1, email },
        headers: { "cf-connecting-ip": nextIp(), ...(token && { "drop-admission": token }) },
      });
    const refused = async (token: string | undefined, email: string) => {
      const res = await reserveWith(token, email);
      expect(res.status, res.text).toBe(403);
      expect(res.json.error.code).toBe("not_admitted");
    };
    await refused(a!.view.admissionToken, waiting[0]!.email); // another email
    await refused(a!.view.admissionToken.replace(/\.(\d+)\./, (_: string, p: string) => `.${Number(p) + 10}.`), a!.email); // tampered position
    await refused(`${a!.view.admissionToken.slice(0, -2)}xx`, a!.email); // tampered signature
    const expired = await admissionToken(SIGNING_SECRET, dropId, { ticketId: a!.id, position: a!.view.position, until: Date.now() - 1 }, a!.email);
    await refused(expired, a!.email);
    // A token the Worker would accept, for a position the drop's object never admitted: the object says no.
    const forged = await admissionToken(SIGNING_SECRET, dropId, { ticketId: waiting[0]!.id, position: waiting[0]!.view.position, until: Date.now() + 60_000 }, waiting[0]!.email);
    await refused(forged, waiting[0]!.email);

    for (const t of [a!, b!]) expect((await reserveWith(t.view.admissionToken, t.email)).status).toBe(201);
    // Both units held: nobody else is admitted meanwhile.
    await sleep(800);
    expect((await Promise.all(waiting.map((t) => ticketOf(dropId, t)))).every((v) => v.status === "waiting")).toBe(true);
    // The holds run out unpaid: their units come back and the next two positions are admitted.
    const next = await until(async () => {
      const all = await Promise.all(waiting.map((t) => ticketOf(dropId, t)));
      return all.every((v) => v.status === "admitted") ? all : undefined;
    });
    expect(next.map((v) => v.position).sort((x, y) => x - y)).toEqual([3, 4]);
    const counted = await counts(dropId);
    expect(counted.items[0]).toMatchObject({ quantity: 2, sold: 0 });
  });

  it("tells every waiting ticket sold out once the last unit is paid, and live sockets hear the queue", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 3_000, admissionRate: 1_000 });
    const socket = await connect(dropId);
    const tickets = await joinAll(dropId, emails(6));
    await untilAt(startsAt);
    const winner = await until(async () => {
      for (const t of tickets) {
        const v = await ticketOf(dropId, t);
        if (v.status === "admitted") return { ...t, view: v };
      }
      return undefined;
    });
    await until(() => socket.messages.find((m) => m.type === "queue" && m.status === "live" && m.admittedThrough === 1 && m.waiting === 5));
    const held = await call("POST", `/api/v1/drops/${dropId}/reservations`, {
      body: { variantId, quantity: 1, email: winner.email },
      headers: { "cf-connecting-ip": nextIp(), "drop-admission": winner.view.admissionToken },
    });
    expect(held.status).toBe(201);
    const started = await checkout({ dropId, reservationId: held.json.reservation.id });
    expect(started.status).toBe(201);
    const paid = await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`);
    expect(paid.status).toBe(200);
    const others = tickets.filter((t) => t.id !== winner.id);
    const soldOut = await until(async () => {
      const all = await Promise.all(others.map((t) => ticketOf(dropId, t)));
      return all.every((v) => v.status === "sold_out") ? all : undefined;
    }, CATCH_UP.timeout);
    expect(soldOut.every((v) => v.ahead === null)).toBe(true);
    await until(() => socket.messages.find((m) => m.type === "queue" && m.status === "sold_out" && m.waiting === 0));
    // The winner's ticket keeps its admission; a join after the sell-out is told so.
    expect((await ticketOf(dropId, winner)).status).toBe("admitted");
    const lateJoin = await join(dropId, "too-late@example.com");
    expect(lateJoin.status).toBe(409);
    expect(lateJoin.json.error.code).toBe("sold_out");
    socket.ws.close();
  });

  it("places later joiners after everyone before them, in arrival order, and expires waiting tickets when the drop is canceled", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 2_000, admissionRate: 1_000 });
    const early = await joinAll(dropId, emails(3));
    await untilAt(startsAt);
    await until(async () => ((await ticketOf(dropId, early[0]!)).position !== null ? true : undefined));
    const late = await joinAll(dropId, emails(4, unique("late")));
    const placed = await until(async () => {
      const all = await Promise.all(late.map((t) => ticketOf(dropId, t)));
      return all.every((v) => v.position !== null) ? all : undefined;
    });
    expect(placed.map((v) => v.position)).toEqual([4, 5, 6, 7]);
    expect(placed.map((v) => v.ahead)).toEqual([2, 3, 4, 5]);
    const canceled = await c.api("POST", `/drops/${dropId}/cancel`);
    expect(canceled.status).toBe(200);
    const after = await until(async () => {
      const all = await Promise.all(late.map((t) => ticketOf(dropId, t)));
      return all.every((v) => v.status === "expired") ? all : undefined;
    });
    expect(after.map((v) => v.position)).toEqual([4, 5, 6, 7]);
    expect((await join(dropId, "after-cancel@example.com")).json.error.code).toBe("drop_not_live");
  });
});

describe("the shards", () => {
  it("spread a crowd's joins: one ticket per email however many join at once, each in one shard", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 50, startsInMs: 6_000, admissionRate: 1_000 });
    const crowd = emails(300);
    // Everyone at once, and everyone twice: 600 parallel joins.
    const answers = await Promise.all([...crowd, ...crowd.map((e) => e.toUpperCase())].map((e) => join(dropId, e)));
    expect(answers.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const created = answers.filter((r) => r.status === 201);
    expect(created.length).toBe(300);
    const ids = new Set(created.map((r) => r.json.ticket.id));
    expect(ids.size).toBe(300);
    await untilAt(startsAt);
    const views = await until(async () => {
      const all = await Promise.all(created.map((r) => ticketOf(dropId, { id: r.json.ticket.id, token: r.json.ticketToken })));
      return all.every((v) => v.position !== null) ? all : undefined;
    });
    expect(new Set(views.map((v) => v.position)).size).toBe(300);
    expect(views.filter((v) => v.status === "admitted").length).toBe(50);
    const shardsUsed = new Set([...ids].map((id) => id.slice(-2)));
    expect(shardsUsed.size).toBeGreaterThan(8); // 300 emails over 16 shards
    expect(env.DROP_SHARD_COUNT).toBe("16");
  });
});

describe("moments of a queue drop", () => {
  async function admittedTickets(dropId: string, tickets: { id: string; token: string; email: string }[], n: number) {
    return until(async () => {
      const all = await Promise.all(tickets.map(async (t) => ({ ...t, view: await ticketOf(dropId, t) })));
      const admitted = all.filter((t) => t.view.status === "admitted");
      return admitted.length >= n ? admitted : undefined;
    });
  }

  it("a shard that fails its opening tick is asked again: the shuffle waits for every shard, then places everyone", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 3, startsInMs: 2_500, admissionRate: 1_000 });
    const tickets = await joinAll(dropId, emails(10));
    const failing = failObjectOnce(shardObjectName(dropId, shardOfTicket(tickets[0]!.id)), "sync", { ns: env.DROP_SHARDS });
    await untilAt(startsAt);
    const placed = await until(async () => {
      const all = await Promise.all(tickets.map((t) => ticketOf(dropId, t)));
      return all.every((v) => v.position !== null) ? all : undefined;
    });
    expect(failing.failed).toBe(1);
    expect(placed.map((v) => v.position).sort((a, b) => a - b)).toEqual(tickets.map((_, i) => i + 1));
    expect(placed.filter((v) => v.status === "admitted").length).toBe(3);
  });

  it("a late payment does not take a unit promised to an admitted ticket", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 2_000, admissionRate: 1_000, holdSeconds: 1 });
    const tickets = await joinAll(dropId, emails(2));
    await untilAt(startsAt);
    const [first] = await admittedTickets(dropId, tickets, 1);
    const held = await call("POST", `/api/v1/drops/${dropId}/reservations`, {
      body: { variantId, quantity: 1, email: first!.email },
      headers: { "cf-connecting-ip": nextIp(), "drop-admission": first!.view.admissionToken },
    });
    expect(held.status).toBe(201);
    const started = await checkout({ dropId, reservationId: held.json.reservation.id });
    expect(started.status).toBe(201);
    // The hold runs out unpaid; its unit is promised to the next position at once.
    const second = tickets.find((t) => t.id !== first!.id)!;
    const next = await until(async () => {
      const v = await ticketOf(dropId, second);
      return v.status === "admitted" ? v : undefined;
    });
    const late = await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`);
    expect(late.status).toBe(200);
    expect(late.json.order.status).not.toBe("paid");
    const mine = await call("POST", `/api/v1/drops/${dropId}/reservations`, {
      body: { variantId, quantity: 1, email: second.email },
      headers: { "cf-connecting-ip": nextIp(), "drop-admission": next.admissionToken },
    });
    expect(mine.status, mine.text).toBe(201);
    expect((await counts(dropId)).items[0]).toMatchObject({ quantity: 1, held: 1, sold: 0 });
  });

  it("live sockets spread over the shards, and every one of them hears a change", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await queueDrop(c, { units: 2, startsInMs: 2_000, admissionRate: 1_000 });
    const sockets = await Promise.all(Array.from({ length: 24 }, () => connect(dropId)));
    const subscribed = await runInDurableObject(dropStub(dropId), (_, state) => state.storage.sql.exec<{ n: number }>("select count(*) as n from fanout").one().n);
    expect(subscribed).toBeGreaterThan(1);
    const [t] = await joinAll(dropId, emails(1));
    await untilAt(startsAt);
    const [admitted] = await admittedTickets(dropId, [t!], 1);
    const held = await call("POST", `/api/v1/drops/${dropId}/reservations`, {
      body: { variantId, quantity: 1, email: admitted!.email },
      headers: { "cf-connecting-ip": nextIp(), "drop-admission": admitted!.view.admissionToken },
    });
    expect(held.status).toBe(201);
    for (const s of sockets) await until(() => s.messages.find((m) => m.type === "stock" && m.items[0].available === 1));
    for (const s of sockets) s.ws.close();
  });

  it("moving a queue drop's start keeps its queue's lead; its settings change only before the start", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { startsInMs: 3_600_000 });
    const moved = await c.api("PATCH", `/drops/${dropId}`, { body: { startsAt: new Date(startsAt + 600_000).toISOString(), admissionRate: 200 } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.drop).toMatchObject({ queueOpensAt: new Date(startsAt + 600_000 - 1_800_000).toISOString(), admissionRate: 200, admissionSeconds: 120 });
    const bad = await c.api("PATCH", `/drops/${dropId}`, { body: { queueOpensAt: new Date(startsAt + 3_600_000).toISOString() } });
    expect(bad.status).toBe(400);
    const read = await call("GET", `/api/v1/drops/${dropId}`);
    expect(read.json.drop.queueOpensAt).toBe(moved.json.drop.queueOpensAt);
  });
});

describe("queue drops under an audit's moments", () => {
  const alarmIn = (name: string) =>
    runInDurableObject(env.INVENTORY.get(env.INVENTORY.idFromName(name)), async (_, state) => {
      const at = await state.storage.getAlarm();
      return at === null ? null : at - Date.now();
    });

  it("a queue drop canceled before its queue opens (or whose creation failed) leaves no alarm spinning", async () => {
    const c = await makeCreator();
    const { dropId } = await queueDrop(c, { startsInMs: 2 * 3_600_000 }); // the queue opens in 1.5 h
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    const product = await makeProduct(c, { variants: [{ sku: unique("Q"), title: "Tee", stock: 1 }] });
    const names: string[] = [];
    const idFromName = env.INVENTORY.idFromName.bind(env.INVENTORY);
    vi.spyOn(env.INVENTORY, "idFromName").mockImplementation((name: string) => {
      names.push(name);
      return idFromName(name);
    });
    const failed = await c.api("POST", "/drops", {
      body: { slug: unique("queue"), title: "Too many", startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), perBuyerLimit: 1, admission: "queue", items: [{ variantId: product.variants[0].id, quantity: 5 }] },
    });
    expect(failed.status).toBe(409);
    vi.restoreAllMocks();
    const orphan = names.find((n) => n.startsWith("drop:"))!;
    await sleep(1_500);
    for (let i = 0; i < 4; i++) {
      for (const name of [`drop:${dropId}`, orphan]) {
        const at = await alarmIn(name);
        // Nothing is due soon (the failed creation's object checks D1 for its row after a minute): never "now" again and again.
        expect(at === null || at > 30_000, `${name}: next alarm in ${at} ms`).toBe(true);
      }
      await sleep(150);
    }
  });

  it("after a cancel, a shard that keeps failing is told again at the tick's pace, not in a tight loop", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 1_500, admissionRate: 1_000 });
    await joinAll(dropId, emails(1));
    await untilAt(startsAt + 1_000);
    const calls = watchShards(dropId, "sync", (shard) => shard === 0);
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    calls.calls = 0;
    await sleep(2_000);
    // 16 shards a tick, a tick every 500 ms: about 64 syncs in 2 s (a tight loop made thousands).
    expect(calls.calls).toBeLessThan(200);
    expect(calls.calls).toBeGreaterThan(0);
  });

  it("the opening shuffle runs at startsAt, and a later joiner on an idle queue has its place within about a second", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 5, startsInMs: 3_000, admissionRate: 1_000 });
    await joinAll(dropId, emails(1));
    await untilAt(startsAt + 1_500);
    const cfg = await runInDurableObject(dropStub(dropId), (_, s) => s.storage.sql.exec<{ shuffled_at: number | null; starts_at: number }>("select shuffled_at, starts_at from config").one());
    expect(cfg.shuffled_at! - cfg.starts_at).toBeLessThan(400);
    await sleep(1_000); // nobody waits now: the queue idles
    const [late] = await joinAll(dropId, emails(1, unique("late")));
    const joinedAt = Date.now();
    await until(async () => ((await ticketOf(dropId, late!)).position !== null ? true : undefined), 15_000);
    expect(Date.now() - joinedAt).toBeLessThan(2_500);
  });

  it("admission is sized for the per-buyer limit: every admitted buyer finds a unit", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await queueDrop(c, { units: 3, perBuyerLimit: 2, startsInMs: 2_500, admissionRate: 1_000 });
    const tickets = await joinAll(dropId, emails(4));
    await untilAt(startsAt);
    const views = await until(async () => {
      const all = await Promise.all(tickets.map(async (t) => ({ ...t, view: await ticketOf(dropId, t) })));
      return all.every((t) => t.view.position !== null) && all.some((t) => t.view.status === "admitted") ? all : undefined;
    });
    await sleep(1_000);
    const admitted = (await Promise.all(views.map(async (t) => ({ ...t, view: await ticketOf(dropId, t) })))).filter((t) => t.view.status === "admitted");
    // 3 units, up to 2 each: two buyers in (the second may find only one unit), never a third.
    expect(admitted.map((t) => t.view.position).sort()).toEqual([1, 2]);
    const reserveWith = (t: (typeof admitted)[number], quantity: number) =>
      call("POST", `/api/v1/drops/${dropId}/reservations`, { body: { variantId, quantity, email: t.email }, headers: { "cf-connecting-ip": nextIp(), "drop-admission": t.view.admissionToken } });
    const first = admitted.find((t) => t.view.position === 1)!;
    const second = admitted.find((t) => t.view.position === 2)!;
    // The second one in cannot take the first one's units, even by asking first…
    const greedy = await reserveWith(second, 2);
    expect(greedy.status).toBe(409);
    expect(greedy.json.error).toMatchObject({ code: "sold_out", message: "Only 1 left for you." });
    expect((await reserveWith(second, 1)).status).toBe(201);
    // …so the first one's full limit is still there.
    expect((await reserveWith(first, 2)).status).toBe(201);
  });

  it("later joiners keep their arrival order across shards even when one shard misses ticks", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 1_500, admissionRate: 1_000 });
    const [p] = await joinAll(dropId, emails(1));
    await untilAt(startsAt);
    await until(async () => ((await ticketOf(dropId, p!)).position !== null ? true : undefined));
    const tag = unique("ord");
    const emailA = `${tag}-a@example.com`;
    let emailB = "";
    for (let i = 0; !emailB; i++) if (shardOfEmail(`${tag}-b${i}@example.com`, 16) !== shardOfEmail(emailA, 16)) emailB = `${tag}-b${i}@example.com`;
    const failing = { on: true };
    const watched = watchShards(dropId, "sync", (shard) => failing.on && shard === shardOfEmail(emailA, 16));
    const [a] = await joinAll(dropId, [emailA]);
    await sleep(20);
    const [b] = await joinAll(dropId, [emailB]);
    await sleep(1_500);
    expect((await ticketOf(dropId, b!)).position).toBeNull(); // B waits for A's shard: nothing is placed past it
    failing.on = false;
    const both = await until(async () => {
      const [va, vb] = [await ticketOf(dropId, a!), await ticketOf(dropId, b!)];
      return va.position !== null && vb.position !== null ? { a: va.position, b: vb.position } : undefined;
    });
    expect(watched.failed).toBeGreaterThan(0);
    expect(both).toEqual({ a: 2, b: 3 });
  });
});

describe("queue drops under a second audit's moments", () => {
  it("a shard failing at the opening is retried at the tick's pace, not in a tight loop", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { units: 1, startsInMs: 2_000 });
    expect((await join(dropId, "one@example.com")).status).toBe(201);
    const calls = watchShards(dropId, "sync", (shard) => shard === 0);
    await sleep(Math.max(0, startsAt - Date.now()) + 300);
    calls.calls = 0;
    await sleep(2_000);
    // 16 shards a tick, a tick every 500 ms: about 64 syncs in 2 s.
    expect(calls.calls).toBeLessThan(200);
  });

  it("a queue that opened, was postponed (its lead kept) and then canceled expires its waiting tickets", async () => {
    const c = await makeCreator();
    const { dropId, startsAt } = await queueDrop(c, { startsInMs: 3_600_000, queueOpensAt: new Date(Date.now() - 1_000).toISOString() });
    const joined = await join(dropId, "early@example.com");
    expect(joined.status, joined.text).toBe(201);
    const ticket = { id: joined.json.ticket.id as string, token: joined.json.ticketToken as string };
    // Postponed by 2 h: queueOpensAt moves with it (API.md: moving startsAt alone keeps the queue's lead), so it is in the future again.
    const moved = await c.api("PATCH", `/drops/${dropId}`, { body: { startsAt: new Date(startsAt + 2 * 3_600_000).toISOString() } });
    expect(moved.status, moved.text).toBe(200);
    expect(Date.parse(moved.json.drop.queueOpensAt)).toBeGreaterThan(Date.now());
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    await sleep(2_500);
    const view = await call("GET", `/api/v1/drops/${dropId}/queue/${ticket.id}?token=${ticket.token}`);
    // API.md: "when the drop ends or is canceled, waiting tickets become expired".
    expect(view.json.ticket.status).toBe("expired");
  });
});
