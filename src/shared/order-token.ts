// Buyer capability tokens: to view an order, a raffle entry or a queue ticket, and a queue admission. Derived (HMAC-SHA256 of the kind and id with
// SIGNING_SECRET), so nothing secret is stored and a repeated checkout or entry can hand out the same token again.
import { hmacSha256, secretsEqual, toBase64Url } from "./crypto";

/** The buyer's order page (the token is URL-safe); links that leave the site put the storefront's origin before it. */
export const orderPagePath = (handle: string, orderId: string, token: string) => `/${handle}/orders/${orderId}?token=${token}`;

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

export async function ticketToken(secret: string, ticketId: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `ticket:${ticketId}`));
}

export async function verifyTicketToken(secret: string, ticketId: string, token: string | undefined): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return secretsEqual(await ticketToken(secret, ticketId), token);
}

/** What an admission token grants: this ticket's position may reserve on this drop, for this email, until `until`. */
export interface Admission {
  ticketId: string;
  position: number;
  until: number;
}

const admissionMessage = (dropId: string, a: Admission, email: string) => `admission:${dropId}:${a.ticketId}:${a.position}:${a.until}:${email}`;

/** A queue admission (API.md "Fair drops"): `{ticketId}.{position}.{until ms}.{HMAC}`, bound to the normalized email. */
export async function admissionToken(secret: string, dropId: string, admission: Admission, normalizedEmail: string): Promise<string> {
  const mac = toBase64Url(await hmacSha256(secret, admissionMessage(dropId, admission, normalizedEmail)));
  return `${admission.ticketId}.${admission.position}.${admission.until}.${mac}`;
}

/** The admission a token grants to this email now, or null (another email, expired, tampered or malformed). */
export async function verifyAdmissionToken(secret: string, dropId: string, token: string | undefined, normalizedEmail: string, now: number): Promise<Admission | null> {
  if (!token || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 4 || !/^\d{1,9}$/.test(parts[1]!) || !/^\d{1,15}$/.test(parts[2]!)) return null;
  const admission = { ticketId: parts[0]!, position: Number(parts[1]), until: Number(parts[2]) };
  if (admission.until <= now) return null;
  const expected = await admissionToken(secret, dropId, admission, normalizedEmail);
  return (await secretsEqual(expected, token)) ? admission : null;
}
