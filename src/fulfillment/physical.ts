// Physical merch: the order's items go to the creator's fulfillment provider as a signed webhook
// (API.md "Outbound fulfillment webhook"). The job id is the Idempotency-Key, identical on every redelivery.
import type { CreatorRow } from "../db/creators-store";
import type { OrderItemRow, OrderWithItems } from "../db/orders-store";
import { hmacSha256Hex } from "../shared/crypto";

export const PROVIDER_TIMEOUT_MS = 10_000;

export async function signFulfillmentBody(secret: string, body: string, nowSeconds: number): Promise<string> {
  return `t=${nowSeconds},v1=${await hmacSha256Hex(secret, `${nowSeconds}.${body}`)}`;
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
  const res = await fetch(creator.fulfillmentWebhookUrl!, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Dropfront-Fulfillment/1",
      "idempotency-key": jobId,
      "dropfront-signature": await signFulfillmentBody(creator.fulfillmentWebhookSecret!, body, Math.floor(now / 1000)),
    },
    body,
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  const text = await res.text().catch(() => "");
  if (!res.ok) throw new Error(`fulfillment provider answered ${res.status}`);
  try {
    const reference = (JSON.parse(text) as { reference?: unknown }).reference;
    return { reference: typeof reference === "string" ? reference.slice(0, 200) : null };
  } catch {
    return { reference: null };
  }
}
