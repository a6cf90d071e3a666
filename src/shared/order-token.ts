// Buyer capability tokens: to view an order, or a raffle entry. Derived (HMAC-SHA256 of the kind and id with
// SIGNING_SECRET), so nothing secret is stored and a repeated checkout or entry can hand out the same token again.
import { hmacSha256, secretsEqual, toBase64Url } from "./crypto";

export async function orderToken(secret: string, orderId: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `order:${orderId}`));
}

export async function verifyOrderToken(secret: string, orderId: string, token: string | undefined): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return secretsEqual(await orderToken(secret, orderId), token);
}

export async function entryToken(secret: string, entryId: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `entry:${entryId}`));
}

export async function verifyEntryToken(secret: string, entryId: string, token: string | undefined): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return secretsEqual(await entryToken(secret, entryId), token);
}
