// Facts no public API shows (the email outbox, the hold behind each order line, dead letters of messages that name
// no order), read in one named place each so tests never read snake_case columns inline. Prefer the API when it shows a fact.
import { env } from "cloudflare:workers";

export interface OutboxEmail {
  kind: string;
  toAddress: string;
  subject: string;
  body: string;
  status: "pending" | "sent" | "logged" | "failed";
  lastError: string | null;
}

/** The emails written for an order (oldest first), optionally of one kind (`receipt`, `canceled_refunded`, …; a kind matches its `kind:…` variants too). */
export async function outboxOf(orderId: string, kind?: string): Promise<OutboxEmail[]> {
  const rows = await env.DB.prepare(
    `select kind, to_address as toAddress, subject, body, status, last_error as lastError from email_outbox
     where order_id = ?1 and (?2 is null or kind = ?2 or kind like ?2 || ':%') order by created_at, id`,
  )
    .bind(orderId, kind ?? null)
    .all<OutboxEmail>();
  return rows.results;
}

/** When the order's holds run out (checkout never extends a hold; buyers see it only on the reservation). */
export async function holdExpiryOf(orderId: string): Promise<number> {
  const row = await env.DB.prepare("select hold_expires_at as holdExpiresAt from orders where id = ?").bind(orderId).first<{ holdExpiresAt: number }>();
  if (!row) throw new Error(`no order ${orderId}`);
  return row.holdExpiresAt;
}

/** The inventory hold behind each line of an order (a cart holds one per variant). */
export async function holdsOf(orderId: string): Promise<{ variantId: string; holdId: string }[]> {
  const rows = await env.DB.prepare("select variant_id as variantId, hold_id as holdId from order_items where order_id = ?").bind(orderId).all<{ variantId: string; holdId: string }>();
  return rows.results;
}

/** Dead letters recorded for these queue message ids, including messages no creator's API can list (no order). */
export async function deadLettersOf(messageIds: string[]): Promise<{ messageId: string; error: string }[]> {
  const rows = await env.DB.prepare(`select message_id as messageId, error from dead_letters where message_id in (${messageIds.map(() => "?").join(", ")})`)
    .bind(...messageIds)
    .all<{ messageId: string; error: string }>();
  return rows.results;
}

/** What D1 keeps of a creator's API tokens (only hashes, never the token). */
export async function storedTokensOf(creatorId: string): Promise<{ tokenHash: string }[]> {
  return (await env.DB.prepare("select token_hash as tokenHash from api_tokens where creator_id = ?").bind(creatorId).all<{ tokenHash: string }>()).results;
}

/** Every response kept for Idempotency-Key replays, as stored. */
export async function storedIdempotentResponses(): Promise<string[]> {
  return (await env.DB.prepare("select response_body as body from idempotency_keys").all<{ body: string }>()).results.map((r) => r.body);
}

/**
 * Leaves an order's payment lease as a delivery that died mid-payment would (held until `until`): the lease is
 * internal bookkeeping no API shows.
 */
export async function leavePaymentLease(orderId: string, until: number): Promise<void> {
  await env.DB.prepare("update orders set payment_lease_until = ? where id = ?").bind(until, orderId).run();
}
