// Test builders that drive the Worker through its public HTTP surface (the same path buyers and creators use).
import { exports } from "cloudflare:workers";

export const PLATFORM_TOKEN = "test-platform-token";
let seq = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: BodyInit;
}

function request(method: string, path: string, opts: CallOptions): Request {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(`http://localhost${path}`, { method, headers, body, redirect: "manual" });
}

async function read(res: Response) {
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function call(method: string, path: string, opts: CallOptions = {}) {
  return read(await exports.default.fetch(request(method, path, opts)));
}

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
  return read(await app.fetch(request(method, path, opts), { ...env, ...overrides }, ctx));
}
