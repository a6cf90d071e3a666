// Builders for checkout: a reserved unit of a drop turned into a pending order.
import { call, type TestCreator } from "./api";
import { makeDrop, nextIp, reserve } from "./drops";

/** A buyer checkout from its own client IP (checkouts are rate-limited per IP, like reservations). */
export async function checkout(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call("POST", "/api/v1/checkout", { body, headers: { "cf-connecting-ip": nextIp(), ...headers } });
}

export async function pendingDropOrder(creator: TestCreator, opts: Parameters<typeof makeDrop>[1] & { reserveQuantity?: number; email?: string } = {}) {
  const made = await makeDrop(creator, opts);
  const held = await reserve(made.dropId, { variantId: made.variantId, quantity: opts.reserveQuantity ?? 1, email: opts.email ?? "buyer@example.com" });
  if (held.status !== 201) throw new Error(`reserve failed: ${held.status} ${held.text}`);
  const res = await checkout({ dropId: made.dropId, reservationId: held.json.reservation.id });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${res.text}`);
  return { ...made, reservationId: held.json.reservation.id as string, checkout: res.json, order: { id: res.json.order.id as string, checkoutSessionId: res.json.checkoutSessionId as string } };
}

/** The order as its creator sees it (`GET /admin/v1/orders/{id}`): status, payment, refund, items and fulfillment job. */
export async function adminOrder(creator: TestCreator, id: string) {
  const res = await creator.api("GET", `/orders/${id}`);
  if (res.status !== 200) throw new Error(`admin order ${id}: ${res.status} ${res.text}`);
  return res.json.order;
}

/** The order as its buyer sees it (`GET /api/v1/orders/{id}?token=`), downloads included. */
export async function buyerOrder(id: string, token: string) {
  const res = await call("GET", `/api/v1/orders/${id}?token=${token}`);
  if (res.status !== 200) throw new Error(`buyer order ${id}: ${res.status} ${res.text}`);
  return res.json.order;
}
