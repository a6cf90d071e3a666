// Test builders that drive the Worker through its public HTTP surface (the same path buyers and creators use).
import { exports } from "cloudflare:workers";
import { type CallOptions, httpClient } from "./http";

export const PLATFORM_TOKEN = "test-platform-token";
let seq = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export type { CallOptions };

/** The Worker's own fetch handler, as buyers and creators reach it. */
export const call = httpClient((request) => exports.default.fetch(request), "http://localhost");

export async function makeCreator(overrides: Partial<{ handle: string; displayName: string; email: string; currency: string }> = {}) {
  const body = { handle: unique("c"), displayName: "Test Creator", email: "creator@example.com", ...overrides };
  const res = await call("POST", "/platform/v1/creators", { token: PLATFORM_TOKEN, body });
  if (res.status !== 201) throw new Error(`makeCreator failed: ${res.status} ${res.text}`);
  const token: string = res.json.token;
  return {
    creator: res.json.creator as { id: string; handle: string; currency: string },
    token,
    api: (method: string, path: string, opts: Omit<CallOptions, "token"> = {}) => call(method, `/admin/v1${path}`, { ...opts, token }),
  };
}

export type TestCreator = Awaited<ReturnType<typeof makeCreator>>;

export async function makeProduct(creator: TestCreator, overrides: Record<string, unknown> = {}) {
  const body = { slug: unique("p"), title: "Tour Tee", kind: "physical", priceCents: 2500, ...overrides };
  const res = await creator.api("POST", "/products", { body });
  if (res.status !== 201) throw new Error(`makeProduct failed: ${res.status} ${res.text}`);
  return res.json.product;
}

/** Calls the app with some bindings overridden (e.g. ENVIRONMENT=production) — for behaviour gated by configuration. */
export async function callWithEnv(overrides: Partial<Env>, method: string, path: string, opts: CallOptions = {}) {
  const { app } = await import("../../src/app");
  const { env } = await import("cloudflare:workers");
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  return httpClient((request) => app.fetch(request, { ...env, ...overrides }, ctx), "http://localhost")(method, path, opts);
}

/** The creator's catalog as it lists it (`GET /admin/v1/products`: active products, first page). */
export async function listedProducts(creator: TestCreator): Promise<{ id: string; slug: string }[]> {
  const res = await creator.api("GET", "/products");
  if (res.status !== 200) throw new Error(`listing products failed: ${res.status} ${res.text}`);
  return res.json.items;
}
