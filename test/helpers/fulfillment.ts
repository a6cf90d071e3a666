// Builders for fulfillment tests: paid orders whose queue messages are captured instead of auto-delivered,
// and consumer runs over explicit batches.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../src/index";
import { call, makeProduct, type TestCreator } from "./api";
import { checkout } from "./checkout";

/** Captures jobs sent to the queue (so tests deliver them explicitly, in the order they choose). */
export function captureJobs() {
  const sent: any[] = [];
  vi.spyOn(env.FULFILLMENT_QUEUE, "send").mockImplementation(async (body: unknown) => {
    sent.push(body);
    return {} as QueueSendResponse;
  });
  return sent;
}

export async function paidOrder(creator: TestCreator, items: { variantId: string; quantity: number }[], email = "fan@example.com") {
  const started = await checkout({ handle: creator.creator.handle, email, items });
  if (started.status !== 201) throw new Error(`checkout failed: ${started.status} ${started.text}`);
  const paid = await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`);
  if (paid.json?.order?.status !== "paid") throw new Error(`payment failed: ${paid.text}`);
  return { orderId: started.json.order.id as string, orderToken: started.json.orderToken as string };
}

let seq = 0;
export async function runConsumer(bodies: unknown[], opts: { queue?: string; attempts?: number; env?: Partial<Env>; ids?: string[] } = {}) {
  const messages = bodies.map((body, i) => ({ id: opts.ids?.[i] ?? `msg-${Date.now()}-${seq++}`, timestamp: new Date(), attempts: opts.attempts ?? 1, body }));
  const batch = createMessageBatch(opts.queue ?? "dropfront-fulfillment", messages);
  // The test harness records that a message was retried but not its delay: record it here.
  const delays: Record<string, number | undefined> = {};
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    Object.defineProperty(m, "retry", { value: (o?: QueueRetryOptions) => ((delays[m.id] = o?.delaySeconds), retry(o)) });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...opts.env }, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ids: messages.map((m) => m.id), result: { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays[r.msgId] })) } };
}

export async function uploadFile(creator: TestCreator, productId: string, bytes: Uint8Array, contentType = "application/pdf", fileName = "zine.pdf") {
  return call("PUT", `/admin/v1/products/${productId}/file?filename=${encodeURIComponent(fileName)}`, {
    token: creator.token,
    rawBody: bytes,
    headers: { "content-type": contentType, "content-length": String(bytes.byteLength) },
  });
}

export const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31) % 256);

/** A digital product with its file uploaded (`size` bytes of `bytes(size)`). */
export async function digitalProduct(creator: TestCreator, overrides: Record<string, unknown> = {}, size = 4096) {
  const product = await makeProduct(creator, { kind: "digital", priceCents: 800, ...overrides });
  const uploaded = await uploadFile(creator, product.id, bytes(size));
  if (uploaded.status !== 200) throw new Error(`upload failed: ${uploaded.status} ${uploaded.text}`);
  return product;
}

/**
 * A paid order for a digital product that has no file by the time it is fulfilled: an order from before
 * checkout refused such products. Checkout cannot make one any more, so the file is taken away in D1.
 */
export async function paidOrderWithoutFile(creator: TestCreator, email = "fan@example.com") {
  const product = await digitalProduct(creator);
  const jobs = captureJobs();
  const order = await paidOrder(creator, [{ variantId: product.variants[0].id, quantity: 1 }], email);
  await env.DB.prepare("update products set file_key = null, file_name = null, file_content_type = null, file_size = null where id = ?").bind(product.id).run();
  return { product, jobs, ...order };
}
