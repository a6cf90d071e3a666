// Creator webhooks end to end (API.md "Webhooks", "Outbound webhooks"): subscriptions through the admin API, events
// from the order use cases and the inventory objects, fanned out and delivered by the jobs consumer to an endpoint
// intercepted at fetch, with retries, dead letters and replays.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCreator, makeProduct, unique, type TestCreator } from "../helpers/api";
import { adminOrder, checkout, pendingDropOrder } from "../helpers/checkout";
import { dropStub, makeDrop, reserve, sleep } from "../helpers/drops";
import { fakeQueue } from "../helpers/faults";
import { digitalProduct, paidOrder, runConsumer } from "../helpers/fulfillment";
import { storedIdempotentResponses } from "../helpers/stored";
import type { JobMessage } from "../../src/shared/bindings";
import { deliver, sessionObject, stripeEvent } from "../helpers/stripe";

afterEach(() => vi.restoreAllMocks());

const HOOK = "https://hooks.example.com/in";

async function hmacHex(secret: string, message: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function subscribe(c: TestCreator, events: string[], url = HOOK) {
  const res = await c.api("POST", "/webhooks", { body: { url, events } });
  expect(res.status).toBe(201);
  return res.json.webhook as { id: string; secret: string };
}

/** The creator's endpoint: records every request and answers `status(n)` to the n-th (200 by default). */
function endpoint(status: (n: number) => number = () => 200) {
  const received: { url: string; headers: Headers; body: string; event: any }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const body = await req.text();
    received.push({ url: req.url, headers: req.headers, body, event: JSON.parse(body) });
    return new Response(null, { status: status(received.length) });
  });
  return received;
}

/** Feeds the consumer every webhook job the queue accepted (events, then the deliveries they fan out to) until none is left. */
async function drain(queue: ReturnType<typeof fakeQueue>) {
  const runs = [];
  for (let done = 0; done < queue.sent.length; ) {
    const jobs = queue.sent.slice(done).filter((m) => m.type.startsWith("webhook."));
    done = queue.sent.length;
    if (jobs.length) runs.push(await runConsumer(jobs));
  }
  return runs;
}

async function deliveries(c: TestCreator, webhookId: string) {
  const res = await c.api("GET", `/webhooks/${webhookId}/deliveries`);
  expect(res.status).toBe(200);
  return res.json.items as { id: string; eventId: string; type: string; status: string; attempts: number; lastResponseStatus: number | null; lastAttemptAt: string | null }[];
}

const types = (received: { event: { type: string } }[]) => received.map((r) => r.event.type);

describe("subscriptions", () => {
  it("a paid and then refunded order reaches each webhook only with the events it took, signed with its own secret", async () => {
    const c = await makeCreator();
    const paidHook = await subscribe(c, ["order.paid"]);
    const refundHook = await subscribe(c, ["order.refunded"], "https://other.example.com/hook");
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    await drain(queue);
    expect(received.map((r) => [r.url, r.event.type])).toEqual([[HOOK, "order.paid"]]);
    const [paid] = received;
    expect(paid!.event).toEqual({ id: expect.any(String), type: "order.paid", createdAt: expect.any(String), data: { order: expect.objectContaining({ id: orderId, status: "paid", buyerEmail: "fan@example.com" }) } });
    expect(paid!.headers.get("idempotency-key")).toBe(paid!.event.id);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(paid!.headers.get("dropfront-signature")!)!;
    expect(v1).toBe(await hmacHex(paidHook.secret, `${t}.${paid!.body}`));
    expect(v1).not.toBe(await hmacHex(refundHook.secret, `${t}.${paid!.body}`));

    expect((await c.api("POST", `/orders/${orderId}/refund`)).status).toBe(202);
    await drain(queue);
    expect(received.map((r) => [r.url, r.event.type])).toEqual([[HOOK, "order.paid"], ["https://other.example.com/hook", "order.refunded"]]);
    const refunded = received[1]!;
    expect(refunded.event.data.order).toMatchObject({ id: orderId, status: "refunded" });
    const [, t2, sig2] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(refunded.headers.get("dropfront-signature")!)!;
    expect(sig2).toBe(await hmacHex(refundHook.secret, `${t2}.${refunded.body}`));
    expect(await deliveries(c, paidHook.id)).toEqual([
      { id: expect.any(String), eventId: paid!.event.id, type: "order.paid", status: "delivered", attempts: 1, lastResponseStatus: 200, lastAttemptAt: expect.any(String) },
    ]);
  });

  it("bad input is a 400 invalid_input naming the field, and nothing is stored", async () => {
    const c = await makeCreator();
    for (const body of [
      { url: HOOK, events: ["order.shipped"] },
      { url: HOOK, events: [] },
      { url: "http://hooks.example.com/in", events: ["order.paid"] },
      { url: "https://10.0.0.1/in", events: ["order.paid"] },
      { url: HOOK },
    ]) {
      const res = await c.api("POST", "/webhooks", { body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_input");
    }
    expect((await c.api("GET", "/webhooks")).json.items).toEqual([]);
  });

  it("creation and deletion are in the audit log; the secret is never listed; a deleted webhook gets nothing more", async () => {
    const c = await makeCreator();
    const hook = await subscribe(c, ["order.paid"]);
    const listed = (await c.api("GET", "/webhooks")).json.items;
    expect(listed).toEqual([{ id: hook.id, url: HOOK, events: ["order.paid"], createdAt: expect.any(String) }]);
    expect((await c.api("DELETE", `/webhooks/${hook.id}`)).status).toBe(204);
    expect((await c.api("DELETE", `/webhooks/${hook.id}`)).status).toBe(404);
    expect((await c.api("GET", "/webhooks")).json.items).toEqual([]);
    const actions = (await c.api("GET", "/audit-log")).json.items.map((i: { action: string; details: { id: string } }) => [i.action, i.details.id]);
    expect(actions).toEqual(expect.arrayContaining([["webhook.created", hook.id], ["webhook.deleted", hook.id]]));
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint();
    await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    await drain(queue);
    expect(received).toEqual([]);
  });

  it("another creator's webhook and deliveries are a 404, and its events never reach them", async () => {
    const a = await makeCreator();
    const b = await makeCreator();
    const hook = await subscribe(a, ["order.paid"]);
    await subscribe(b, ["order.paid"], "https://b.example.com/in");
    const tee = await makeProduct(a, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint();
    await paidOrder(a, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    await drain(queue);
    expect(received.map((r) => r.url)).toEqual([HOOK]);
    const [delivery] = await deliveries(a, hook.id);
    expect((await b.api("GET", `/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    expect((await b.api("POST", `/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`)).status).toBe(404);
    expect((await b.api("DELETE", `/webhooks/${hook.id}`)).status).toBe(404);
    expect((await b.api("GET", "/webhooks")).json.items.map((w: { id: string }) => w.id)).not.toContain(hook.id);
    expect((await a.api("GET", "/webhooks")).json.items.map((w: { id: string }) => w.id)).toEqual([hook.id]);
  });
});

describe("delivery", () => {
  async function paidWithHook(status: (n: number) => number) {
    const c = await makeCreator();
    const hook = await subscribe(c, ["order.paid"]);
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint(status);
    await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    return { c, hook, queue, received };
  }

  it("an endpoint answering 500 once: the job is retried with backoff and the log shows 2 attempts, delivered", async () => {
    const { c, hook, queue, received } = await paidWithHook((n) => (n === 1 ? 500 : 204));
    const [, first] = await drain(queue);
    expect(first!.result.retryMessages).toEqual([{ msgId: first!.ids[0], delaySeconds: 5 }]);
    expect(await deliveries(c, hook.id)).toMatchObject([{ status: "failed", attempts: 1, lastResponseStatus: 500 }]);
    const retry = await runConsumer(queue.of("webhook.deliver"), { attempts: 2 });
    expect(retry.result.explicitAcks).toEqual(retry.ids);
    expect(await deliveries(c, hook.id)).toMatchObject([{ status: "delivered", attempts: 2, lastResponseStatus: 204 }]);
    // Both attempts sent the same bytes under the same event id.
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.headers.get("idempotency-key")).toBe(received[0]!.event.id);
  });

  it("an endpoint that always fails: dead after the retries, in the dead letters, and a replay delivers it", async () => {
    let up = false;
    const { c, hook, queue, received } = await paidWithHook(() => (up ? 200 : 503));
    await drain(queue);
    const job = queue.of("webhook.deliver");
    await runConsumer(job, { attempts: 2 });
    await runConsumer(job, { queue: "dropfront-fulfillment-dlq", attempts: 6 });
    const [dead] = await deliveries(c, hook.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 2, lastResponseStatus: 503 });
    // The dead letter says which delivery and event, what the endpoint answered, and the delivery's attempts (not the
    // dead-letter queue's own count).
    expect((await c.api("GET", "/fulfillment/dead-letters")).json.items).toEqual([
      expect.objectContaining({ type: "webhook.deliver", attempts: 2, error: expect.stringMatching(new RegExp(`^webhook delivery ${dead!.id} \\(order\\.paid evt_.+\\): the endpoint answered 503$`)) }),
    ]);

    up = true;
    const replay = await c.api("POST", `/webhooks/${hook.id}/deliveries/${dead!.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.json.delivery).toMatchObject({ id: dead!.id, status: "pending" });
    const replayed = await runConsumer(queue.of("webhook.deliver").slice(1));
    expect(replayed.result.explicitAcks).toEqual(replayed.ids);
    expect(await deliveries(c, hook.id)).toMatchObject([{ id: dead!.id, status: "delivered", attempts: 3, lastResponseStatus: 200 }]);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
  });

  it("a delivery a replay got through before its retries ran out is not dead: no dead letter, still delivered", async () => {
    let up = false;
    const { c, hook, queue } = await paidWithHook(() => (up ? 200 : 503));
    await drain(queue);
    const job = queue.of("webhook.deliver");
    const [failed] = await deliveries(c, hook.id);
    up = true;
    expect((await c.api("POST", `/webhooks/${hook.id}/deliveries/${failed!.id}/replay`)).status).toBe(202);
    await runConsumer(queue.of("webhook.deliver").slice(1));
    await runConsumer(job, { queue: "dropfront-fulfillment-dlq", attempts: 1 });
    expect(await deliveries(c, hook.id)).toMatchObject([{ id: failed!.id, status: "delivered" }]);
    expect((await c.api("GET", "/fulfillment/dead-letters")).json.items).toEqual([]);
  });
});

describe("exactly once per transition", () => {
  it("duplicate and overlapping Stripe deliveries of a payment make one order.paid delivery, even when the first send failed", async () => {
    const c = await makeCreator();
    const hook = await subscribe(c, ["order.paid"]);
    const { order } = await pendingDropOrder(c, { quantity: 5 });
    const queue = fakeQueue();
    const received = endpoint();
    queue.failNext("send");
    const event = stripeEvent("checkout.session.completed", sessionObject(order));
    expect((await deliver(event)).status).toBe(500);
    const again = await Promise.all([deliver(event), deliver(event)]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    // The same payment in another Stripe event re-runs the payment use case, which emits order.paid again.
    expect((await deliver(stripeEvent("checkout.session.async_payment_succeeded", sessionObject(order)))).status).toBe(200);
    expect(queue.of("webhook.event").length).toBeGreaterThanOrEqual(2);
    expect((await adminOrder(c, order.id)).status).toBe("paid");
    await drain(queue);
    await drain(queue);
    expect(types(received)).toEqual(["order.paid"]);
    expect(await deliveries(c, hook.id)).toMatchObject([{ type: "order.paid", status: "delivered" }]);
  });

  it("a drop selling out under many parallel reservations sends exactly one drop.sold_out", async () => {
    const c = await makeCreator();
    await subscribe(c, ["drop.sold_out"]);
    const queue = fakeQueue();
    const received = endpoint();
    const { dropId, variantId, drop } = await makeDrop(c, { quantity: 5 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => reserve(dropId, { variantId, quantity: 1, email: `fan${i}@example.com` })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    await drain(queue);
    expect(received.map((r) => r.event)).toEqual([{ id: `evt_${dropId}_2`, type: "drop.sold_out", createdAt: expect.any(String), data: { drop: { id: dropId, slug: drop.slug, status: "sold_out" } } }]);
  });

  it("a drop's start and end, as time passes on the object's alarm, send one drop.started and one drop.ended", async () => {
    const c = await makeCreator();
    await subscribe(c, ["drop.started", "drop.ended"]);
    const queue = fakeQueue();
    const received = endpoint();
    const startsAt = Date.now() + 3000;
    const { dropId } = await makeDrop(c, { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 2000).toISOString() });
    await drain(queue);
    expect(received).toEqual([]);
    await sleep(startsAt - Date.now() + 50);
    await runDurableObjectAlarm(dropStub(dropId));
    await drain(queue);
    expect(types(received)).toEqual(["drop.started"]);
    await sleep(startsAt + 2050 - Date.now());
    await runDurableObjectAlarm(dropStub(dropId));
    await runDurableObjectAlarm(dropStub(dropId));
    await drain(queue);
    expect(received.map((r) => [r.event.type, r.event.data.drop.status])).toEqual([["drop.started", "live"], ["drop.ended", "ended"]]);
  });

  it("an event whose queue send fails stays in the object's outbox and goes out once when the alarm retries", async () => {
    const c = await makeCreator();
    await subscribe(c, ["drop.started"]);
    const queue = fakeQueue();
    const received = endpoint();
    const startsAt = Date.now() + 2000;
    const { dropId } = await makeDrop(c, { startsAt: new Date(startsAt).toISOString() });
    queue.failNext("sendBatch");
    await sleep(startsAt - Date.now() + 50);
    // The start's alarm (run here, or already by the runtime) records the event; its send fails; a later alarm sends it.
    await runDurableObjectAlarm(dropStub(dropId));
    await sleep(600);
    await runDurableObjectAlarm(dropStub(dropId));
    await runDurableObjectAlarm(dropStub(dropId));
    expect(vi.mocked(env.FULFILLMENT_QUEUE.sendBatch).mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(queue.of("webhook.event").map((m) => m.event.type)).toEqual(["drop.started"]);
    await drain(queue);
    expect(types(received)).toEqual(["drop.started"]);
  });

  it("inventory.low fires once as stock falls to the threshold, not again below it, and again after a restock above it and a new fall", async () => {
    const c = await makeCreator();
    await subscribe(c, ["inventory.low"]);
    const product = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5, lowStockThreshold: 2 }] });
    const variantId: string = product.variants[0].id;
    expect(product.variants[0]).toMatchObject({ stock: 5, lowStockThreshold: 2 });
    const queue = fakeQueue();
    const received = endpoint();
    const setStock = async (stock: number) => expect((await c.api("PATCH", `/products/${product.id}`, { body: { variants: [{ id: variantId, stock }] } })).status).toBe(200);
    expect((await checkout({ handle: c.creator.handle, email: "fan@example.com", items: [{ variantId, quantity: 3 }] })).status).toBe(201);
    await setStock(1);
    await drain(queue);
    // The object names the variant; the fan-out adds what a creator reads: its product, SKU and title.
    const low = { variantId, available: 2, threshold: 2, productId: product.id, sku: product.variants[0].sku, title: `${product.title} — M` };
    expect(received.map((r) => r.event.data)).toEqual([low]);
    await setStock(6);
    await setStock(2);
    await drain(queue);
    expect(received.map((r) => r.event.data)).toEqual([low, low]);
    expect(new Set(received.map((r) => r.event.id)).size).toBe(2);
    const patched = await c.api("PATCH", `/products/${product.id}`, { body: { variants: [{ id: variantId, lowStockThreshold: null }] } });
    expect(patched.json.product.variants[0].lowStockThreshold).toBeNull();
  });
});

describe("the moments between the happy paths", () => {
  it("holds expiring and the drop selling out again: drop.sold_out is told once, the first time", async () => {
    const c = await makeCreator();
    await subscribe(c, ["drop.sold_out", "drop.started"]);
    const queue = fakeQueue();
    const received = endpoint();
    const { dropId, variantId } = await makeDrop(c, { quantity: 2, holdSeconds: 1 });
    expect((await reserve(dropId, { variantId, quantity: 2, email: "a@example.com" })).status).toBe(201);
    await sleep(1300);
    await runDurableObjectAlarm(dropStub(dropId));
    expect((await reserve(dropId, { variantId, quantity: 2, email: "b@example.com" })).status).toBe(201);
    await drain(queue);
    expect(received.map((r) => r.event.type)).toEqual(["drop.started", "drop.sold_out"]);
  });

  it("an alarm whose stages outlast the drop's end judges its events when it reaches them: one drop.ended, not a second round", async () => {
    const c = await makeCreator();
    await subscribe(c, ["drop.started", "drop.sold_out", "drop.ended"]);
    const sent: JobMessage[] = [];
    const queue = env.FULFILLMENT_QUEUE;
    vi.spyOn(queue, "send").mockImplementation(async (body: unknown) => {
      sent.push(body as JobMessage);
      return {} as QueueSendResponse;
    });
    vi.spyOn(queue, "sendBatch").mockImplementation(async (messages: Iterable<MessageSendRequest>) => {
      const bodies = [...messages].map((m) => m.body as JobMessage);
      // The alarm's "announce expired holds" stage is slow: the drop's end passes meanwhile.
      if (bodies.some((b) => b.type === "order.hold_expired")) await sleep(2500);
      sent.push(...bodies);
      return {} as QueueSendBatchResponse;
    });
    const received = endpoint();
    const endsAt = Date.now() + 2500;
    const { dropId } = await pendingDropOrder(c, { quantity: 2, reserveQuantity: 2, holdSeconds: 1, endsAt: new Date(endsAt).toISOString() });
    // The hold runs out at ~+1 s and the runtime's alarm starts; a call after the end records drop.ended meanwhile.
    await sleep(endsAt - Date.now() + 200);
    await dropStub(dropId).release("hld_nonexistent");
    await sleep(3000);
    await runDurableObjectAlarm(dropStub(dropId));
    await dropStub(dropId).release("hld_nonexistent");
    await runConsumer(sent.filter((m) => m.type === "webhook.event"));
    await runConsumer(sent.filter((m) => m.type === "webhook.deliver"));
    expect(received.map((r) => `${r.event.type}:${r.event.data.drop.status}`)).toEqual(["drop.started:live", "drop.sold_out:sold_out", "drop.ended:ended"]);
  }, 30_000);

  it("a threshold changed while stock is already low says nothing again; a PATCH of stock and threshold together is judged by the new one", async () => {
    const c = await makeCreator();
    await subscribe(c, ["inventory.low"]);
    const product = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5, lowStockThreshold: 3 }] });
    const variantId: string = product.variants[0].id;
    const queue = fakeQueue();
    const received = endpoint();
    const patch = async (v: Record<string, unknown>) => expect((await c.api("PATCH", `/products/${product.id}`, { body: { variants: [{ id: variantId, ...v }] } })).status).toBe(200);
    await patch({ stock: 1 });
    await patch({ lowStockThreshold: 2 });
    await patch({ lowStockThreshold: 4 });
    await patch({ stock: 7, lowStockThreshold: 5 }); // above: re-armed
    // 4 would be low by the old threshold (5), not by the new one (3) the same request sets.
    await patch({ stock: 4, lowStockThreshold: 3 });
    await patch({ stock: 3 });
    await drain(queue);
    expect(received.map(({ event: { data } }) => ({ variantId: data.variantId, available: data.available, threshold: data.threshold }))).toEqual([
      { variantId, available: 1, threshold: 3 },
      { variantId, available: 3, threshold: 3 },
    ]);
  });

  it("a free order whose order.paid send fails gets it, and its fulfillment, from the retried checkout", async () => {
    const c = await makeCreator();
    await subscribe(c, ["order.paid"]);
    const zine = await digitalProduct(c, { priceCents: 800, minPriceCents: 0 });
    const queue = fakeQueue();
    const received = endpoint();
    queue.failNext("send");
    const body = { handle: c.creator.handle, email: "free@example.com", items: [{ variantId: zine.variants[0].id, quantity: 1, priceCents: 0 }] };
    expect((await checkout(body, { "idempotency-key": "free-x" })).status).toBe(500);
    const again = await checkout(body, { "idempotency-key": "free-x" });
    await drain(queue);
    expect({ status: again.status, order: again.json.order.status, fulfillJobs: queue.of("order.fulfill").length, events: received.map((r) => r.event.type) }).toEqual({
      status: 201,
      order: "paid",
      fulfillJobs: 1,
      events: ["order.paid"],
    });
  });

  it("fans out to every one of up to 20 webhooks (past D1's bound-parameter limit); a 21st is refused", async () => {
    const c = await makeCreator();
    for (let i = 0; i < 20; i++) await subscribe(c, ["order.paid"], `https://h${i}.example.com/in`);
    const refused = await c.api("POST", "/webhooks", { body: { url: HOOK, events: ["order.paid"] } });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "limit_exceeded", details: { max: 20 } });
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint();
    await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    const [fanOut] = await drain(queue);
    expect(fanOut!.result.retryMessages).toEqual([]);
    expect(new Set(received.map((r) => r.url)).size).toBe(20);
  });

  it("a new webhook's secret is not kept for idempotent replays: the replay says it was redacted", async () => {
    const c = await makeCreator();
    const create = () => c.api("POST", "/webhooks", { body: { url: HOOK, events: ["order.paid"] }, headers: { "idempotency-key": "hook-1" } });
    const first = await create();
    const replay = await create();
    expect(replay.status).toBe(201);
    const { secret, ...rest } = first.json.webhook;
    expect(replay.json.webhook).toEqual({ ...rest, secretRedacted: true });
    expect(JSON.stringify(await storedIdempotentResponses())).not.toContain(secret);
  });

  it("erasing a buyer reaches the order events kept for webhooks: a replay sends the pseudonym, without the address", async () => {
    const c = await makeCreator();
    const hook = await subscribe(c, ["order.paid"]);
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const queue = fakeQueue();
    const received = endpoint();
    await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    await drain(queue);
    expect(received[0]!.body).toContain("fan@example.com");
    expect((await c.api("POST", "/customers/erase", { body: { email: "fan@example.com" } })).json.erasedOrders).toBe(1);
    const [delivery] = (await c.api("GET", `/webhooks/${hook.id}/deliveries`)).json.items;
    expect((await c.api("POST", `/webhooks/${hook.id}/deliveries/${delivery.id}/replay`)).status).toBe(202);
    await drain(queue);
    expect(received).toHaveLength(2);
    expect(received[1]!.body).not.toContain("fan@example.com");
    expect(received[1]!.event.data.order).toMatchObject({ buyerEmail: expect.stringMatching(/^erased-.*@invalid$/), shippingAddress: null });
    expect(received[1]!.event.id).toBe(received[0]!.event.id);
  });
});
