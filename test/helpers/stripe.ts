// Stripe at the HTTP boundary: signed webhook events like Stripe sends them, and an intercepted Stripe API
// (globalThis.fetch) that records each request and answers with realistic bodies.
import Stripe from "stripe";
import { vi } from "vitest";
import { call } from "./api";

const WEBHOOK_SECRET = "whsec_test_dropfront";
let seq = 0;

export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${Date.now()}_${seq++}`) {
  return { id, object: "event", api_version: "2025-10-29", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

export async function signedStripeEvent(event: object, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider: Stripe.createSubtleCryptoProvider() });
  return { payload, signature };
}

export async function deliver(event: object, secret = WEBHOOK_SECRET) {
  const { payload, signature } = await signedStripeEvent(event, secret);
  return call("POST", "/webhooks/stripe", { rawBody: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } });
}

export function sessionObject(order: { id: string; checkoutSessionId: string }, overrides: Record<string, unknown> = {}) {
  return {
    id: order.checkoutSessionId,
    object: "checkout.session",
    mode: "payment",
    status: "complete",
    payment_status: "paid",
    payment_intent: `pi_test_${order.id.slice(4)}`,
    metadata: { orderId: order.id },
    customer_details: { email: "buyer@example.com" },
    collected_information: null,
    ...overrides,
  };
}

interface StripeCall {
  method: string;
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | null;
  authorization: string | null;
}

/**
 * Intercepts api.stripe.com; every other outbound request fails the test (there is no network).
 * `failNext(path, n)` makes the next n requests to a path answer 500, as an outage would.
 */
export function mockStripeApi() {
  const calls: StripeCall[] = [];
  const failures = new Map<string, number>();
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected outbound request to ${url}`);
    // Decoded by hand: workerd warns on every .text() of a form body, which would flood the test output.
    const params = new URLSearchParams(new TextDecoder().decode(await req.arrayBuffer()));
    calls.push({ method: req.method, path: url.pathname, params, idempotencyKey: req.headers.get("idempotency-key"), authorization: req.headers.get("authorization") });
    const reply = (body: object, status = 200, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "request-id": `req_${calls.length}`, ...extra } });
    const failing = [...failures.keys()].find((path) => url.pathname.startsWith(path) && failures.get(path)! > 0);
    if (failing) {
      failures.set(failing, failures.get(failing)! - 1);
      // Stripe-Should-Retry: false keeps the SDK from retrying by itself, so one injected failure fails one call.
      return reply({ error: { type: "api_error", message: "Injected outage" } }, 500, { "stripe-should-retry": "false" });
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const id = `cs_test_${calls.length}_${Date.now()}`;
      return reply({ id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, status: "open", payment_status: "unpaid", expires_at: Number(params.get("expires_at")), metadata: {} });
    }
    const expire = url.pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/);
    if (req.method === "POST" && expire) return reply({ id: expire[1], object: "checkout.session", status: "expired", url: null });
    if (req.method === "POST" && url.pathname === "/v1/refunds") {
      return reply({ id: `re_test_${calls.length}`, object: "refund", status: "succeeded", payment_intent: params.get("payment_intent") });
    }
    return reply({ error: { type: "invalid_request_error", message: `No such route ${url.pathname}` } }, 404);
  });
  return {
    calls,
    restore: () => spy.mockRestore(),
    /** The next `times` calls to a path (prefix) fail with a 500. */
    failNext: (path: string, times = 1) => failures.set(path, times),
  };
}
