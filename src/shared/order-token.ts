// Order tokens: the buyer's capability to view an order. Derived (HMAC-SHA256 of the order id with
// SIGNING_SECRET), so nothing secret is stored and a repeated checkout can hand out the same token again.
import { hmacSha256, secretsEqual, toBase64Url } from "./crypto";

export async function orderToken(secret: string, orderId: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `order:${orderId}`));
}

export async function verifyOrderToken(secret: string, orderId: string, token: string | undefined): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return secretsEqual(await orderToken(secret, orderId), token);
}
