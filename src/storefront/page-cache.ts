// Whole-page edge caching for the storefront. A hit never touches D1 or a Durable Object:
//   1. the creator's page version comes from an in-isolate memo (refreshed from KV `PAGE_CACHE_VERSIONS` at most
//      every VERSION_MEMO_MS, KV's own read cache adds ≤ 30 s), so a catalog change is a new version, i.e. new cache
//      keys, in every data centre within a minute; bumping it is best-effort and never fails or delays a write;
//   2. an in-isolate LRU answers most hits without even a Cache API round trip;
//   3. the Cache API (per data centre) backs it; a miss renders from D1 and fills both.
// Freshness follows `s-maxage=60, stale-while-revalidate=300`: the Cache API ignores stale-while-revalidate, so a
// stale entry is served as a hit while a refresh runs in waitUntil. ETag/If-None-Match answer 304; HEAD has no body.
// Pages carry absolute URLs (canonical, share cards, sitemap) built from the request's origin, so the origin is part of
// the key: a request with another Host header gets its own entry and never rewrites the links others are served.
// So is the stylesheet's and scripts' version: a page cached before a deploy that changed them links to URLs the new
// deploy no longer serves, so it is never served after it.
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { sha256Hex } from "../shared/crypto";
import { errorFields, log } from "../shared/log";
import { ASSET_VERSION } from "./assets";

const FRESH_SECONDS = 60;
const STALE_SECONDS = 300;
const VERSION_MEMO_MS = 2_000;
/** KV takes about one write per second per key: an isolate writes a creator's version at most this often. */
const BUMP_INTERVAL_MS = 1_000;
const MEMORY_ENTRIES = 256;
const CACHE_HOST = "https://page-cache.dropfront.internal";
const CACHE_CONTROL = `public, max-age=0, s-maxage=${FRESH_SECONDS}, stale-while-revalidate=${STALE_SECONDS}`;

interface Entry {
  /** Encoded once, so a hit sends bytes without re-encoding the page. */
  body: Uint8Array;
  /** The same, gzipped once per isolate on the first hit that accepts it (a page is ~5× smaller on the wire). */
  gzip?: Promise<Uint8Array>;
  type: string;
  etag: string;
  storedAt: number;
}

const memory = new Map<string, Entry>();
const versions = new Map<string, { version: string; readAt: number }>();
const refreshing = new Set<string>();

export interface RenderedPage {
  html: string;
  /** The content type when not HTML (the sitemap). */
  type?: string;
  /** Time spent in D1 while rendering, for Server-Timing. */
  dbMs: number;
}

async function pageVersion(env: Env, handle: string, now: number): Promise<string> {
  const memo = versions.get(handle);
  if (memo && now - memo.readAt < VERSION_MEMO_MS) return memo.version;
  const version = (await env.PAGE_CACHE_VERSIONS.get(`v:${handle}`, { cacheTtl: 30 })) ?? "0";
  versions.set(handle, { version, readAt: now });
  return version;
}

const bumps = new Map<string, { lastPutAt: number; pending: boolean }>();
let bumpSeq = 0;

/**
 * A catalog change: every page of the creator gets new cache keys (old entries simply age out). This isolate
 * sees the new version at once; the KV write runs in `waitUntil`, coalesced to one per creator per
 * BUMP_INTERVAL_MS (a burst of writes ends with one trailing put of the latest version), and a failed write is
 * only logged: the change then shows when cached pages expire (s-maxage 60 s) instead of at once.
 */
export function bumpPageVersion(env: Env, handle: string, waitUntil: (work: Promise<unknown>) => void): void {
  const now = Date.now();
  // Unique within the isolate even for two bumps in one millisecond.
  versions.set(handle, { version: `${now.toString(36)}.${(bumpSeq++).toString(36)}`, readAt: now });
  const state = bumps.get(handle) ?? { lastPutAt: 0, pending: false };
  bumps.set(handle, state);
  if (state.pending) return;
  state.pending = true;
  const wait = Math.max(0, state.lastPutAt + BUMP_INTERVAL_MS - now);
  waitUntil(
    (async () => {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      state.pending = false;
      state.lastPutAt = Date.now();
      const version = versions.get(handle)?.version ?? Date.now().toString(36);
      try {
        await env.PAGE_CACHE_VERSIONS.put(`v:${handle}`, version);
      } catch (err) {
        log("warn", "page version bump failed; pages refresh when their cache entries expire", { handle, ...errorFields(err) });
      }
    })(),
  );
}

function remember(key: string, entry: Entry) {
  memory.delete(key);
  memory.set(key, entry);
  if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

const gzipped = async (body: Uint8Array) => new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());

async function respond(c: Context<AppEnv>, entry: Entry, timing: string): Promise<Response> {
  const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
  // The gzip variant's ETag is weak: same page, other bytes. Either matches If-None-Match.
  const headers = new Headers({
    "content-type": entry.type,
    "cache-control": CACHE_CONTROL,
    etag: gzip ? `W/${entry.etag}` : entry.etag,
    "server-timing": timing,
    vary: "accept-encoding",
  });
  if (c.req.header("if-none-match")?.split(/\s*,\s*/).some((tag) => tag.replace(/^W\//, "") === entry.etag)) return new Response(null, { status: 304, headers });
  if (c.req.method === "HEAD") return new Response(null, { status: 200, headers });
  const packed = gzip ? await (entry.gzip ??= gzipped(entry.body)).catch(() => (entry.gzip = undefined)) : undefined;
  if (!packed) return new Response(entry.body, { status: 200, headers });
  headers.set("content-encoding", "gzip");
  return new Response(packed, { status: 200, headers, encodeBody: "manual" });
}

async function render(key: string, renderPage: () => Promise<RenderedPage | null>): Promise<{ entry: Entry; dbMs: number } | null> {
  const page = await renderPage();
  if (!page) return null;
  const entry: Entry = { body: new TextEncoder().encode(page.html), type: page.type ?? "text/html; charset=utf-8", etag: `"${(await sha256Hex(page.html)).slice(0, 32)}"`, storedAt: Date.now() };
  remember(key, entry);
  const stored = new Response(entry.body, {
    headers: { "content-type": entry.type, "cache-control": `public, s-maxage=${FRESH_SECONDS + STALE_SECONDS}`, etag: entry.etag, "x-stored-at": String(entry.storedAt) },
  });
  await caches.default.put(key, stored);
  return { entry, dbMs: page.dbMs };
}

/**
 * Serves a storefront page through the cache. `renderPage` returns null for "not found" (never cached), in which
 * case this returns null and the caller renders its 404.
 */
export async function cachedPage(c: Context<AppEnv>, handle: string, renderPage: () => Promise<RenderedPage | null>): Promise<Response | null> {
  const now = Date.now();
  const url = new URL(c.req.url);
  const key = `${CACHE_HOST}/${ASSET_VERSION}/${encodeURIComponent(url.origin)}/${encodeURIComponent(handle)}/${await pageVersion(c.env, handle, now)}${url.pathname}`;
  let entry = memory.get(key);
  if (!entry) {
    const match = await caches.default.match(key);
    if (match) {
      entry = { body: new Uint8Array(await match.arrayBuffer()), type: match.headers.get("content-type")!, etag: match.headers.get("etag") ?? "", storedAt: Number(match.headers.get("x-stored-at") ?? 0) };
      remember(key, entry);
    }
  }
  if (entry) {
    const age = (now - entry.storedAt) / 1000;
    if (age < FRESH_SECONDS) return respond(c, entry, 'cache;desc="hit"');
    if (age < FRESH_SECONDS + STALE_SECONDS) {
      // One background refresh per page and isolate, however many buyers hit the stale copy meanwhile.
      if (!refreshing.has(key)) {
        refreshing.add(key);
        c.executionCtx.waitUntil(render(key, renderPage).catch(() => undefined).finally(() => refreshing.delete(key)));
      }
      return respond(c, entry, 'cache;desc="hit", stale;desc="revalidating"');
    }
  }
  const fresh = await render(key, renderPage);
  if (!fresh) return null;
  return respond(c, fresh.entry, `cache;desc="miss", db;dur=${fresh.dbMs.toFixed(1)}`);
}

/** Measures the D1 time of a render step. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}
