// Raffle drops (API.md "Fair drops"): entries until startsAt, one per normalized email; the draw on the alarm at
// startsAt, reproducible by anyone from the revealed seed (commit-reveal); winners hold a unit for claimSeconds and
// pay with the ordinary drop checkout; an unclaimed unit passes down the same shuffled standby list.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { raffleCommitment, raffleDraw } from "../../src/shared/raffle";
import { call, callWithEnv, makeCreator, makeProduct, unique, type TestCreator } from "../helpers/api";
import { buyerOrder, checkout } from "../helpers/checkout";
import { dropStub, nextIp, reserve, sleep, variantStub } from "../helpers/drops";
import { runConsumer } from "../helpers/fulfillment";
import { outboxOf } from "../helpers/stored";
import { deliver, sessionObject, stripeEvent } from "../helpers/stripe";

afterEach(() => vi.restoreAllMocks());

async function raffleDrop(c: TestCreator, opts: { units?: number; claimSeconds?: number; startsInMs?: number } = {}) {
  const product = await makeProduct(c, { variants: [{ sku: unique("R"), title: "Signed", stock: opts.units ?? 2 }] });
  const variantId: string = product.variants[0].id;
  const startsAt = Date.now() + (opts.startsInMs ?? 2_000);
  const res = await c.api("POST", "/drops", {
    body: {
      slug: unique("raffle"),
      title: "Signed Vinyl Raffle",
      startsAt: new Date(startsAt).toISOString(),
      perBuyerLimit: 1,
      admission: "raffle",
      claimSeconds: opts.claimSeconds,
      items: [{ variantId, quantity: opts.units ?? 2 }],
    },
  });
  expect(res.status).toBe(201);
  return { dropId: res.json.drop.id as string, drop: res.json.drop, variantId, startsAt };
}

const enter = (dropId: string, email: string, variantId: string) =>
  call("POST", `/api/v1/drops/${dropId}/entries`, { body: { email, variantId }, headers: { "cf-connecting-ip": nextIp() } });

async function drawn(dropId: string, startsAt: number) {
  const wait = startsAt - Date.now() + 50;
  if (wait > 0) await sleep(wait);
  await runDurableObjectAlarm(dropStub(dropId));
}

describe("a raffle drop", () => {
  it("takes one entry per normalized email before the draw, publishes its commitment, and refuses direct reservations", async () => {
    const c = await makeCreator();
    const { dropId, drop, variantId } = await raffleDrop(c, { startsInMs: 60_000 });
    expect(drop).toMatchObject({ admission: "raffle", claimSeconds: 86_400, raffleCommitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const first = await enter(dropId, "Fan@Example.com", variantId);
    expect(first.status).toBe(201);
    expect(first.json.entry).toMatchObject({ status: "entered", reservationId: null });
    const again = await enter(dropId, " fan@example.com ", variantId);
    expect(again.status).toBe(200);
    expect(again.json.entry.id).toBe(first.json.entry.id);
    const read = await call("GET", `/api/v1/drops/${dropId}`);
    expect(read.json.drop).toMatchObject({ admission: "raffle", queueOpensAt: null, raffle: { entries: 1, commitment: drop.raffleCommitment, seed: null, algorithm: "fy-sha256-v1" } });
    const direct = await reserve(dropId, { variantId, quantity: 1, email: "sneaky@example.com" });
    expect(direct.status).toBe(403);
    expect(direct.json.error.code).toBe("not_admitted");
    const wrongToken = await call("GET", `/api/v1/drops/${dropId}/entries/${first.json.entry.id}?token=nope`);
    expect(wrongToken.status).toBe(404);
    const own = await call("GET", `/api/v1/drops/${dropId}/entries/${first.json.entry.id}?token=${first.json.entryToken}`);
    expect(own.json.entry.status).toBe("entered");
  });

  it("draws at startsAt; anyone recomputes the winners from the revealed seed; a winner pays and claims", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 2 });
    const entries = new Map<string, { token: string; email: string }>();
    for (let n = 0; n < 7; n++) {
      const res = await enter(dropId, `fan${n}@example.com`, variantId);
      entries.set(res.json.entry.id, { token: res.json.entryToken, email: `fan${n}@example.com` });
    }
    await drawn(dropId, startsAt);
    expect((await enter(dropId, "late@example.com", variantId)).json.error.code).toBe("drop_not_live");

    const { drop } = (await call("GET", `/api/v1/drops/${dropId}`)).json;
    expect(drop.raffle.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(await raffleCommitment(drop.raffle.seed)).toBe(drop.raffle.commitment);
    const list = (await call("GET", `/api/v1/drops/${dropId}/entries`)).json;
    expect(list.ids).toHaveLength(7);
    const recomputed = await raffleDraw(drop.raffle.seed, list.ids.map((id: string, i: number) => ({ id, variantId: list.variantIds[i] })), { [variantId]: 2 });
    expect(list.winners).toEqual(recomputed.winners);

    const statuses = await Promise.all(
      list.ids.map(async (id: string) => (await call("GET", `/api/v1/drops/${dropId}/entries/${id}?token=${entries.get(id)!.token}`)).json.entry),
    );
    expect(statuses.filter((e) => e.status === "won")).toHaveLength(2);
    expect(statuses.filter((e) => e.status === "lost")).toHaveLength(5);
    const winner = statuses.find((e) => e.status === "won")!;
    expect(winner.claimUntil).toBeTruthy();

    // The winner pays through the ordinary drop checkout for the reservation the draw gave them.
    const co = await checkout({ dropId, reservationId: winner.reservationId });
    expect(co.status).toBe(201);
    await deliver(stripeEvent("checkout.session.completed", sessionObject({ id: co.json.order.id, checkoutSessionId: co.json.checkoutSessionId })));
    expect((await buyerOrder(co.json.order.id, co.json.orderToken)).status).toBe("paid");
    const claimed = await call("GET", `/api/v1/drops/${dropId}/entries/${winner.id}?token=${entries.get(winner.id)!.token}`);
    expect(claimed.json.entry.status).toBe("claimed");
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.items[0]).toMatchObject({ quantity: 2, sold: 1, held: 1, available: 0 });
  });

  it("winners are emailed once with a link back to the drop; an unclaimed unit passes down the standby list", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 1, claimSeconds: 1 });
    const tokens = new Map<string, string>();
    for (let n = 0; n < 3; n++) {
      const res = await enter(dropId, `fan${n}@example.com`, variantId);
      tokens.set(res.json.entry.id, res.json.entryToken);
    }
    const sendBatch = vi.spyOn(env.FULFILLMENT_QUEUE, "sendBatch");
    await drawn(dropId, startsAt);
    const list = (await call("GET", `/api/v1/drops/${dropId}/entries`)).json;
    const [first] = list.winners as string[];
    const notices = () => sendBatch.mock.calls.flatMap(([msgs]) => [...msgs].map((m) => m.body as { type: string; entryId: string }));
    expect(notices()).toContainEqual({ type: "raffle.won", dropId, entryId: first });
    await runConsumer([{ type: "raffle.won", dropId, entryId: first }]);
    const [mail] = await outboxOf(first!);
    expect(mail).toMatchObject({ subject: expect.stringContaining("You won"), toAddress: expect.stringMatching(/^fan\d@example\.com$/) });
    expect(mail!.body).toContain(`/drops/`);
    expect(mail!.body).toContain(`entry=${first}`);

    // The winner lets the claim run out: the unit passes to the next entry of the same shuffle.
    await sleep(1_100);
    await runDurableObjectAlarm(dropStub(dropId));
    const expired = await call("GET", `/api/v1/drops/${dropId}/entries/${first}?token=${tokens.get(first!)}`);
    expect(expired.json.entry.status).toBe("expired");
    const rest = list.ids.filter((id: string) => id !== first);
    const states = await Promise.all(rest.map(async (id: string) => (await call("GET", `/api/v1/drops/${dropId}/entries/${id}?token=${tokens.get(id)}`)).json.entry.status));
    expect(states.filter((s) => s === "won")).toHaveLength(1);
    const passedTo = rest[states.indexOf("won")];
    expect(notices()).toContainEqual({ type: "raffle.won", dropId, entryId: passedTo });
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.items[0]).toMatchObject({ quantity: 1, held: 1, available: 0 });
  });

  it("with TURNSTILE_SECRET_KEY set, an entry needs a token siteverify accepts (missing or invalid → 403 forbidden)", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await raffleDrop(c, { startsInMs: 60_000 });
    const TURNSTILE = { TURNSTILE_SECRET_KEY: "0x4AAAAAAAturnstile-secret", TURNSTILE_SITE_KEY: "0x4AAAAAAAsite" };
    const verified: URLSearchParams[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      if (!req.url.startsWith("https://challenges.cloudflare.com/turnstile/v0/siteverify")) throw new Error(`unexpected outbound request to ${req.url}`);
      const form = new URLSearchParams(await req.text());
      verified.push(form);
      if (form.get("response") === "while-siteverify-is-down") throw new TypeError("Network connection lost.");
      return Response.json({ success: form.get("response") === "good-token" });
    });
    const enterWith = (turnstileToken?: string) =>
      callWithEnv(TURNSTILE, "POST", `/api/v1/drops/${dropId}/entries`, { body: { email: "human@example.com", variantId, turnstileToken }, headers: { "cf-connecting-ip": "198.51.100.9" } });
    const missing = await enterWith();
    expect(missing.status).toBe(403);
    expect(missing.json.error.code).toBe("forbidden");
    expect((await enterWith("bad-token")).status).toBe(403);
    // siteverify unreachable: the check fails closed (no entry is taken on an unverified token).
    expect((await enterWith("while-siteverify-is-down")).json.error.code).toBe("forbidden");
    const ok = await enterWith("good-token");
    expect(ok.status).toBe(201);
    expect(verified.at(-1)).toEqual(new URLSearchParams({ secret: TURNSTILE.TURNSTILE_SECRET_KEY, response: "good-token", remoteip: "198.51.100.9" }));
    // Nothing was entered by the refused attempts.
    expect((await call("GET", `/api/v1/drops/${dropId}/entries`)).json.ids).toHaveLength(1);
  });

  it("the drop page shows the Turnstile widget (and its CSP allows it) only when a site key is configured", async () => {
    const c = await makeCreator();
    const { drop } = await raffleDrop(c, { startsInMs: 60_000 });
    const plain = await call("GET", `/${c.creator.handle}/drops/${drop.slug}`);
    expect(plain.text).toContain('class="buy raffle-enter"');
    expect(plain.text).not.toContain("cf-turnstile");
    expect(plain.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
    const withKey = await callWithEnv({ TURNSTILE_SITE_KEY: "0x4AAAAAAAsite" }, "GET", `/${c.creator.handle}/drops/${drop.slug}?v=turnstile`);
    expect(withKey.headers.get("content-security-policy")).toContain("https://challenges.cloudflare.com");
  });

  it("entering again with someone's email reveals nothing (no token, no status): the entry's link goes to that address", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await raffleDrop(c, { startsInMs: 60_000 });
    const own = await enter(dropId, "victim@example.com", variantId);
    const copy = await enter(dropId, "VICTIM@example.com", variantId);
    expect(copy.status).toBe(200);
    expect(copy.json).toEqual({ entry: { id: own.json.entry.id }, entryToken: null });
    const [mail] = await outboxOf(own.json.entry.id, "raffle_entry_link");
    expect(mail).toMatchObject({ toAddress: "victim@example.com" });
    expect(mail!.body).toContain(`entry=${own.json.entry.id}&token=${own.json.entryToken}`);
  });

  it("a raffle canceled before its draw is never drawn: the seed stays secret and the entries stay entered", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 2, startsInMs: 1_500 });
    const entry = await enter(dropId, "fan@example.com", variantId);
    expect((await c.api("POST", `/drops/${dropId}/cancel`)).status).toBe(200);
    await drawn(dropId, startsAt);
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.status).toBe("canceled");
    const read = await dropStub(dropId).getDrop();
    expect(read.ok && read.value.raffle).toMatchObject({ seed: null, entries: 1 });
    expect((await call("GET", `/api/v1/drops/${dropId}/entries/${entry.json.entry.id}?token=${entry.json.entryToken}`)).json.entry.status).toBe("entered");
  });

  it("a draw that fails once is drawn by a later alarm, with the same result", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 1 });
    for (let n = 0; n < 3; n++) await enter(dropId, `fan${n}@example.com`, variantId);
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    let failed = false;
    vi.spyOn(crypto.subtle, "digest").mockImplementation(async (algorithm, data) => {
      if (!failed) {
        failed = true;
        throw new Error("injected: digest failed");
      }
      return digest(algorithm, data as BufferSource);
    });
    await drawn(dropId, startsAt);
    expect(failed).toBe(true);
    vi.restoreAllMocks();
    const first = await dropStub(dropId).getDrop();
    if (first.ok && first.value.raffle?.seed === null) await runDurableObjectAlarm(dropStub(dropId));
    const { drop } = (await call("GET", `/api/v1/drops/${dropId}?fresh=1`)).json;
    const again = await dropStub(dropId).getDrop();
    expect(again.ok && again.value.raffle?.seed).toMatch(/^[0-9a-f]{64}$/);
    const list = (await call("GET", `/api/v1/drops/${dropId}/entries`)).json;
    const recomputed = await raffleDraw(again.ok ? again.value.raffle!.seed! : "", list.ids.map((id: string, i: number) => ({ id, variantId: list.variantIds[i] })), { [variantId]: 1 });
    expect(list.winners).toEqual(recomputed.winners);
    expect(drop.admission).toBe("raffle");
  });

  it("with fewer entries than units, the spare units go back to the variant after the draw", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 3 });
    await enter(dropId, "only@example.com", variantId);
    await drawn(dropId, startsAt);
    await runDurableObjectAlarm(dropStub(dropId));
    await runDurableObjectAlarm(dropStub(dropId));
    const counts = await dropStub(dropId).dropCounts();
    expect(counts.ok && counts.value.items[0]).toMatchObject({ quantity: 3, held: 1, available: 0, returned: 2 });
    const stock = await variantStub(variantId).stockCounts({ variantId, seedStock: 0 });
    expect(stock.available).toBe(2);
  });

  it("a winner email the EMAIL binding fails to send once is retried by the queue and ends sent, as HTML and text", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 1 });
    await enter(dropId, "winner@example.com", variantId);
    await drawn(dropId, startsAt);
    const [winner] = (await call("GET", `/api/v1/drops/${dropId}/entries`)).json.winners as string[];
    const sent: { to: string; text: string; html: string }[] = [];
    let calls = 0;
    const EMAIL = { send: async (m: any) => (calls++ === 0 ? Promise.reject(new Error("injected: send failed")) : (sent.push(m), { messageId: "m" })) } as unknown as SendEmail;
    const failing = await runConsumer([{ type: "raffle.won", dropId, entryId: winner }], { env: { EMAIL } });
    expect(failing.result.retryMessages).toHaveLength(1);
    expect((await outboxOf(winner!))[0]).toMatchObject({ status: "failed" });
    const retried = await runConsumer([{ type: "raffle.won", dropId, entryId: winner }], { env: { EMAIL } });
    expect(retried.result.explicitAcks).toHaveLength(1);
    expect(sent).toEqual([expect.objectContaining({ to: "winner@example.com", text: expect.stringContaining(`entry=${winner}`), html: expect.stringContaining(">Claim your unit</a>") })]);
    expect((await outboxOf(winner!))[0]).toMatchObject({ status: "sent" });
  });

  it("a winner email that fails to deliver is retried by the queue, not dropped", async () => {
    const c = await makeCreator();
    const { dropId, variantId, startsAt } = await raffleDrop(c, { units: 1 });
    await enter(dropId, "winner@example.com", variantId);
    await drawn(dropId, startsAt);
    const [winner] = (await call("GET", `/api/v1/drops/${dropId}/entries`)).json.winners as string[];
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("down", { status: 503 }));
    const failing = await runConsumer([{ type: "raffle.won", dropId, entryId: winner }], { env: { EMAIL: undefined, EMAIL_API_URL: "https://mail.example.com/send" } });
    expect(failing.result.retryMessages).toHaveLength(1);
    vi.restoreAllMocks();
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("{}", { status: 200 }));
    const retried = await runConsumer([{ type: "raffle.won", dropId, entryId: winner }], { env: { EMAIL: undefined, EMAIL_API_URL: "https://mail.example.com/send" } });
    expect(retried.result.explicitAcks).toHaveLength(1);
    expect((await outboxOf(winner!))[0]).toMatchObject({ status: "sent" });
  });
});

