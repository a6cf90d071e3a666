// Physical merch: the order's items go to the creator's fulfillment provider as a signed webhook
// (API.md "Outbound fulfillment webhook"). The job id is the Idempotency-Key, identical on every redelivery.
import type { CreatorRow } from "../db/creators-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import { hmacSha256Hex } from "../shared/crypto";

const PROVIDER_TIMEOUT_MS = 10_000;
/** A provider answers with a small JSON `{ reference }`; nothing past this is read. */
const PROVIDER_REPLY_MAX_BYTES = 64 * 1024;

/**
 * POSTs a JSON body signed as API.md "Outbound fulfillment webhook" says (`Dropfront-Signature: t=…,v1=…` over
 * "{t}.{body}"), with `key` as its Idempotency-Key; creator webhooks are signed the same way. No answer within 10 s
 * aborts it. Redirects are not followed (a 3xx is a failure): the URL was checked to be public, its target was not.
 */
export async function postSigned(url: string, secret: string, key: string, body: string, now = Date.now()): Promise<Response> {
  const t = Math.floor(now / 1000);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Dropfront-Webhook/1",
      "idempotency-key": key,
      "dropfront-signature": `t=${t},v1=${await hmacSha256Hex(secret, `${t}.${body}`)}`,
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
}

/** At most `max` bytes of a reply body, as text; the rest is never pulled from the network. */
async function readUpTo(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.subarray(0, max - size));
    size += Math.min(value.byteLength, max - size);
  }
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Sends the job; any 2xx accepts it. Anything else, or no answer within 10 s, throws (the job is retried). */
export async function requestFulfillment(creator: CreatorRow, order: OrderWithItems, items: OrderItemRow[], jobId: string, now = Date.now()) {
  const body = JSON.stringify({
    type: "fulfillment.requested",
    orderId: order.id,
    jobId,
    buyerEmail: order.buyerEmail,
    shippingAddress: order.shippingAddress ?? null,
    items: items.map((i) => ({ itemId: i.id, variantId: i.variantId, sku: i.sku, title: i.title, quantity: i.quantity })),
  });
  const res = await postSigned(creator.fulfillmentWebhookUrl!, creator.fulfillmentWebhookSecret!, jobId, body, now);
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`fulfillment provider answered ${res.status}`);
  }
  const text = await readUpTo(res, PROVIDER_REPLY_MAX_BYTES).catch(() => "");
  try {
    const reference = (JSON.parse(text) as { reference?: unknown }).reference;
    return { reference: typeof reference === "string" ? reference.slice(0, 200) : null };
  } catch {
    return { reference: null };
  }
}
