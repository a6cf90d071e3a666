import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { adminOrder, buyerOrder } from "../helpers/checkout";
import { bytes, captureJobs, digitalProduct, paidOrder, paidOrderWithoutFile, runConsumer, uploadFile } from "../helpers/fulfillment";
import { imageBytes } from "../helpers/images";
import { deadLettersOf, outboxOf } from "../helpers/stored";

afterEach(() => vi.restoreAllMocks());

const PROVIDER = "https://fulfil.example.com/hook";

async function hmacHex(secret: string, message: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("digital delivery", () => {
  it("the job grants one download per item, acks, and the order becomes fulfilled; a redelivery grants nothing more", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c);
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    expect(jobs).toEqual([{ type: "order.fulfill", orderId, jobId: expect.stringMatching(/^job_/) }]);
    const first = await runConsumer([jobs[0]]);
    expect(first.result.explicitAcks).toEqual(first.ids);
    expect((await adminOrder(c, orderId)).status).toBe("fulfilled");
    const second = await runConsumer([jobs[0], jobs[0]]);
    expect(second.result.explicitAcks).toEqual(second.ids);
    expect((await buyerOrder(orderId, orderToken)).downloads).toHaveLength(1);
    // Sent through the real EMAIL binding, which Miniflare runs locally (it captures the message).
    expect(await outboxOf(orderId)).toEqual([expect.objectContaining({ status: "sent", body: expect.stringContaining("/downloads/") })]);
  });

  it("the download streams the uploaded bytes as an attachment, counts GETs (not HEADs), and ends with 410", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c, { downloadLimit: 2 });
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    await runConsumer(jobs);
    const order = await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`);
    const [link] = order.json.order.downloads;
    expect(link).toMatchObject({ remaining: 2, url: expect.stringMatching(/^http:\/\/localhost\/downloads\/dlg_/) });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const path = new URL(link.url).pathname;
    const head = await call("HEAD", path);
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("4096");
    const got = await (await import("cloudflare:workers")).exports.default.fetch(`http://localhost${path}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-disposition")).toBe('attachment; filename="zine.pdf"');
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes(4096));
    expect((await call("GET", path)).status).toBe(200);
    const exhausted = await call("GET", path);
    expect(exhausted.status).toBe(410);
    expect(exhausted.json.error.code).toBe("gone");
    expect((await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0].remaining).toBe(0);
    const page = await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);
    expect(page.text).toContain("/downloads/dlg_");
  });

  it("a tampered token is 404 and an expired one 410", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c);
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    await runConsumer(jobs);
    const { url } = (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0];
    const path = new URL(url).pathname;
    const tampered = path.slice(0, -3) + (path.endsWith("AAA") ? "BBB" : "AAA");
    expect((await call("GET", tampered)).status).toBe(404);
    expect((await call("GET", "/downloads/garbage")).status).toBe(404);
    await env.DB.prepare("update download_grants set expires_at = ? where order_id = ?").bind(Date.now() - 1000, orderId).run();
    const expired = await call("GET", path);
    expect(expired.status).toBe(410);
  });

  it("a paid order whose product has no file is dead-lettered at once, the creator is told, and the buyer sees a delay", async () => {
    const c = await makeCreator();
    const { jobs, orderId, orderToken } = await paidOrderWithoutFile(c);
    const page = () => call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);
    // Paid, job still queued: the page says the downloads are on their way, not just "thank you".
    expect((await page()).text).toContain("Preparing your downloads…");

    const run = await runConsumer(jobs, { attempts: 1 });
    expect(run.result.retryMessages).toEqual([]);
    expect(run.result.explicitAcks).toEqual(run.ids);
    const letters = (await c.api("GET", "/fulfillment/dead-letters")).json.items;
    expect(letters).toEqual([expect.objectContaining({ orderId, type: "order.fulfill", error: expect.stringContaining("no file"), attempts: 1 })]);
    expect((await c.api("GET", `/orders/${orderId}`)).json.order.fulfillment).toMatchObject({ status: "dead", lastError: expect.stringContaining("no file") });
    const delayed = (await page()).text;
    expect(delayed).toContain("download is delayed");
    expect(delayed).toContain("creator has been notified");
    expect(delayed).not.toContain("Paid — thank you!");
    expect(delayed).not.toContain("Preparing your downloads");
    expect(await outboxOf(orderId, "creator_missing_file")).toEqual([expect.objectContaining({ toAddress: "creator@example.com" })]);
    // No receipt yet: the one receipt carries the download link once there is one.
    expect(await outboxOf(orderId, "receipt")).toEqual([]);
  });

  it("replaying that dead letter after the creator uploads the file delivers the download", async () => {
    const c = await makeCreator();
    const { product, jobs, orderId, orderToken } = await paidOrderWithoutFile(c);
    await runConsumer(jobs);
    const [letter] = (await c.api("GET", "/fulfillment/dead-letters")).json.items;
    expect((await uploadFile(c, product.id, bytes(300))).status).toBe(200);
    const replay = await c.api("POST", `/fulfillment/dead-letters/${letter.id}/replay`);
    expect(replay.status).toBe(202);
    expect(jobs.at(-1)).toEqual(jobs[0]);
    expect((await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`)).text).toContain("Preparing your downloads…");
    const run = await runConsumer([jobs.at(-1)]);
    expect(run.result.explicitAcks).toEqual(run.ids);
    const order = (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order;
    expect(order.status).toBe("fulfilled");
    const got = await call("GET", new URL(order.downloads[0].url).pathname);
    expect(got.status).toBe(200);
    expect(got.text.length).toBe(300);
    const page = (await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`)).text;
    expect(page).toContain("/downloads/dlg_");
    expect(page).not.toContain("delayed");
    expect(await outboxOf(orderId, "receipt")).toHaveLength(1);
  });
});

describe("uploads", () => {
  it("refuses files on non-digital products, oversized uploads and non-image images", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    expect((await uploadFile(c, tee.id, bytes(10))).status).toBe(409);
    const zine = await makeProduct(c, { kind: "digital" });
    const huge = await call("PUT", `/admin/v1/products/${zine.id}/file`, {
      token: c.token,
      rawBody: bytes(10),
      headers: { "content-type": "application/pdf", "content-length": String(101 * 1024 * 1024) },
    }).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
    const image = await call("PUT", `/admin/v1/products/${tee.id}/image`, { token: c.token, rawBody: bytes(10), headers: { "content-type": "text/plain" } });
    expect(image.status).toBe(415);
    const other = await makeCreator();
    expect((await uploadFile(other, zine.id, bytes(10))).status).toBe(404);
  });

  it("accepts a chunked upload without Content-Length and delivers the same bytes", async () => {
    const c = await makeCreator();
    const product = await makeProduct(c, { kind: "digital", priceCents: 100 });
    const data = bytes(200_000);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= data.length) return controller.close();
        controller.enqueue(data.slice(sent, sent + 65_536));
        sent += 65_536;
      },
    });
    const res = await call("PUT", `/admin/v1/products/${product.id}/file`, { token: c.token, rawBody: stream, headers: { "content-type": "audio/wav" } });
    expect(res.status).toBe(200);
    expect(res.json.product.file).toEqual({ name: product.slug, contentType: "audio/wav", size: 200_000 });
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    await runConsumer(jobs);
    const { url } = (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0];
    const got = await (await import("cloudflare:workers")).exports.default.fetch(url);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(data);
  });

  it("stores a product image served from /media with immutable caching", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c);
    const png = await imageBytes();
    const res = await call("PUT", `/admin/v1/products/${tee.id}/image`, { token: c.token, rawBody: png, headers: { "content-type": "image/png" } });
    expect(res.status).toBe(200);
    const media = await call("GET", res.json.product.imageUrl);
    expect(media.status).toBe(200);
    expect(media.headers.get("cache-control")).toContain("immutable");
    expect(media.headers.get("content-type")).toBe("image/png");
  });
});

describe("physical hand-off", () => {
  async function physicalOrder() {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: PROVIDER } });
    const secret = (await c.api("GET", "/settings")).json.settings.fulfillmentWebhookSecret as string;
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 2 }]);
    return { c, secret, jobs, orderId };
  }

  it("posts a signed webhook with the job id as idempotency key and records the provider's reference", async () => {
    const { c, secret, jobs, orderId } = await physicalOrder();
    const requests: Request[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return Response.json({ reference: "PRV-123" });
    });
    const run = await runConsumer(jobs);
    expect(run.result.explicitAcks).toEqual(run.ids);
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.url).toBe(PROVIDER);
    expect(req.headers.get("idempotency-key")).toBe(jobs[0].jobId);
    const body = await req.text();
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(req.headers.get("dropfront-signature")!)!;
    expect(v1).toBe(await hmacHex(secret, `${t}.${body}`));
    expect(JSON.parse(body)).toMatchObject({
      type: "fulfillment.requested",
      orderId,
      jobId: jobs[0].jobId,
      buyerEmail: "fan@example.com",
      shippingAddress: { address: { country: "US" } },
      items: [{ itemId: expect.any(String), variantId: expect.any(String), sku: expect.any(String), title: expect.any(String), quantity: 2 }],
    });
    expect(await adminOrder(c, orderId)).toMatchObject({ status: "fulfilled", items: [{ providerReference: "PRV-123", fulfilledAt: expect.any(String) }] });
  });

  it("a provider that redirects is not followed: the 3xx is a failure and the job is retried", async () => {
    const { c, jobs, orderId } = await physicalOrder();
    const requests: Request[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data" } });
    });
    const run = await runConsumer(jobs);
    expect(run.result.retryMessages.map((m) => m.msgId)).toEqual(run.ids);
    expect(requests.map((r) => r.redirect)).toEqual(["manual"]);
    expect((await adminOrder(c, orderId)).status).toBe("paid");
  });

  it("a provider answering an endless body is read only up to 64 KiB, and its 2xx still accepts the job", async () => {
    const { c, jobs, orderId } = await physicalOrder();
    let pulled = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
          if (pulled >= 8 * 1024 * 1024) controller.close();
        },
      });
      return new Response(endless, { status: 200 });
    });
    const run = await runConsumer(jobs);
    expect(run.result.explicitAcks).toEqual(run.ids);
    expect(pulled).toBeLessThan(256 * 1024);
    expect((await adminOrder(c, orderId)).status).toBe("fulfilled");
  });

  it("provider down, then up: retried with backoff and delivered once; the same message again calls nobody", async () => {
    const { c, jobs, orderId } = await physicalOrder();
    let up = false;
    let accepted = 0;
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      if (!up) return new Response("down", { status: 503 });
      accepted++;
      return new Response("", { status: 202 });
    });
    const [m] = [jobs[0]];
    const r1 = await runConsumer([m], { attempts: 1 });
    expect(r1.result.retryMessages).toEqual([{ msgId: r1.ids[0], delaySeconds: 5 }]);
    const r2 = await runConsumer([m], { attempts: 2 });
    expect(r2.result.retryMessages).toEqual([{ msgId: r2.ids[0], delaySeconds: 10 }]);
    expect((await adminOrder(c, orderId)).status).toBe("paid");
    up = true;
    const r3 = await runConsumer([m], { attempts: 3 });
    expect(r3.result.explicitAcks).toEqual(r3.ids);
    expect(accepted).toBe(1);
    const calls = fetchSpy.mock.calls.length;
    const r4 = await runConsumer([m]);
    expect(r4.result.explicitAcks).toEqual(r4.ids);
    expect(fetchSpy.mock.calls.length).toBe(calls);
    expect((await adminOrder(c, orderId)).status).toBe("fulfilled");
  });

  it("without a provider the creator marks items shipped, which fulfills the order", async () => {
    const c = await makeCreator();
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    await runConsumer(jobs);
    expect((await adminOrder(c, orderId)).status).toBe("paid");
    const order = (await c.api("GET", `/orders/${orderId}`)).json.order;
    const res = await c.api("POST", `/orders/${orderId}/items/${order.items[0].id}/shipped`, { body: { carrier: "UPS", trackingNumber: "1Z999" } });
    expect(res.status).toBe(200);
    expect(res.json.order.status).toBe("fulfilled");
    const bad = await c.api("POST", `/orders/${orderId}/items/${order.items[0].id}/shipped`, { body: { carrier: "" } });
    expect(bad.status).toBe(400);
  });
});

describe("dead letters", () => {
  it("retries exhausted land via the DLQ with the last error; replay re-enqueues and finishes the job", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: PROVIDER } });
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    let up = false;
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => (up ? new Response("", { status: 202 }) : new Response("down", { status: 503 })));
    // Retries fail (provider down) and record the last error on the job…
    await runConsumer(jobs, { attempts: 5 });
    // …then the queue gives up and moves the message to the dead-letter queue.
    const dlq = await runConsumer(jobs, { queue: "dropfront-fulfillment-dlq", attempts: 5 });
    expect(dlq.result.explicitAcks).toEqual(dlq.ids);
    const list = await c.api("GET", "/fulfillment/dead-letters");
    expect(list.json.items).toEqual([expect.objectContaining({ orderId, type: "order.fulfill", error: expect.stringContaining("503"), replayedAt: null })]);
    expect((await c.api("GET", "/stats")).json.fulfillment.deadLetters).toBe(1);
    expect((await (await makeCreator()).api("GET", "/fulfillment/dead-letters")).json.items).toEqual([]);

    up = true;
    const replay = await c.api("POST", `/fulfillment/dead-letters/${list.json.items[0].id}/replay`);
    expect(replay.status).toBe(202);
    expect(jobs.at(-1)).toEqual(jobs[0]);
    const run = await runConsumer([jobs.at(-1)]);
    expect(run.result.explicitAcks).toEqual(run.ids);
    expect((await adminOrder(c, orderId)).status).toBe("fulfilled");
  });

  it("an invalid message or a missing order is dead-lettered at once", async () => {
    const run = await runConsumer([{ type: "order.fulfill" }, { type: "order.fulfill", orderId: "ord_missing", jobId: "job_x" }]);
    expect(run.result.explicitAcks).toEqual(run.ids);
    expect(await deadLettersOf(run.ids)).toHaveLength(2);
  });
});

describe("memberships, email and stats", () => {
  it("grants a membership with the product's tier and length; a second purchase extends it", async () => {
    const c = await makeCreator();
    const club = await makeProduct(c, { kind: "membership", priceCents: 500, membershipTier: "Inner Circle", membershipDays: 30 });
    const jobs = captureJobs();
    await paidOrder(c, [{ variantId: club.variants[0].id, quantity: 1 }], "member@example.com");
    await paidOrder(c, [{ variantId: club.variants[0].id, quantity: 1 }], "member@example.com");
    await runConsumer(jobs);
    const res = await c.api("GET", "/memberships");
    expect(res.status).toBe(200);
    const [second, first] = res.json.items;
    expect(first).toMatchObject({ buyerEmail: "member@example.com", tier: "Inner Circle", active: true });
    expect(Date.parse(first.endsAt) - Date.parse(first.startsAt)).toBe(30 * 86_400_000);
    expect(second.startsAt).toBe(first.endsAt);
  });

  it("without the EMAIL binding, sends email through the configured HTTP API, and an email outage never blocks fulfillment", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c);
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("boom", { status: 500 }));
    const run = await runConsumer(jobs, { env: { EMAIL: undefined, EMAIL_API_URL: "https://mail.example.com/send", EMAIL_API_KEY: "k" } });
    // The order is fulfilled all the same; the job is retried (with backoff) only for the receipt.
    expect((await adminOrder(c, orderId)).status).toBe("fulfilled");
    expect(run.result.retryMessages.map((r) => r.msgId)).toEqual(run.ids);
    const req = new Request(...(fetchSpy.mock.calls[0] as [RequestInfo, RequestInit]));
    expect(req.url).toBe("https://mail.example.com/send");
    expect(await req.json()).toMatchObject({ to: "fan@example.com", subject: "Your Test Creator order" });
    expect(await outboxOf(orderId)).toEqual([expect.objectContaining({ status: "failed", lastError: expect.stringContaining("500") })]);
  });

  it("stats count orders, revenue by currency, sell-through and the backlog", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c);
    captureJobs();
    await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 2 }]);
    const stats = (await c.api("GET", "/stats")).json;
    expect(stats.orders).toEqual({ total: 1, byStatus: { paid: 1 } });
    expect(stats.revenue).toEqual([{ currency: "usd", grossCents: 1600, refundedCents: 0, netCents: 1600, discountCents: 0 }]);
    expect(stats.fulfillment).toEqual({ backlog: 1, deadLetters: 0 });
  });
});
