// Builders for drops and reservations, through the public HTTP API.
import { env } from "cloudflare:workers";
import { call, makeProduct, type TestCreator, unique } from "./api";
import { dropObjectName, variantObjectName } from "../../src/shared/bindings";

let ipSeq = 1;
/** A fresh client IP per call, so tests that are not about rate limits never hit one. */
export const nextIp = () => `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;

export async function makeDrop(
  creator: TestCreator,
  opts: {
    quantity?: number;
    stock?: number | null;
    perBuyerLimit?: number;
    holdSeconds?: number;
    startsAt?: string;
    endsAt?: string | null;
    admission?: "open" | "queue" | "raffle";
    queueOpensAt?: string;
  } = {},
) {
  const quantity = opts.quantity ?? 10;
  const product = await makeProduct(creator, { variants: [{ sku: unique("SKU"), title: "One size", stock: opts.stock === undefined ? quantity : opts.stock }] });
  const variantId: string = product.variants[0].id;
  const res = await creator.api("POST", "/drops", {
    body: {
      slug: unique("drop"),
      title: "Test Drop",
      startsAt: opts.startsAt ?? new Date(Date.now() - 1000).toISOString(),
      endsAt: opts.endsAt,
      perBuyerLimit: opts.perBuyerLimit ?? 100,
      holdSeconds: opts.holdSeconds,
      admission: opts.admission,
      queueOpensAt: opts.queueOpensAt,
      items: [{ variantId, quantity }],
    },
  });
  if (res.status !== 201) throw new Error(`makeDrop failed: ${res.status} ${res.text}`);
  return { drop: res.json.drop, dropId: res.json.drop.id as string, variantId, product };
}

export function reserve(dropId: string, body: Record<string, unknown>, opts: { ip?: string; key?: string } = {}) {
  const headers: Record<string, string> = { "cf-connecting-ip": opts.ip ?? nextIp() };
  if (opts.key) headers["idempotency-key"] = opts.key;
  return call("POST", `/api/v1/drops/${dropId}/reservations`, { body, headers });
}

/**
 * The drop as buyers read it (`GET /api/v1/drops/{id}`). It may lag a write by up to 1 s (API.md's micro-cache): to
 * see a write, poll it (`expect.poll(() => buyerDrop(id), { timeout })`) or read the write's answer or the admin view.
 */
export async function buyerDrop(dropId: string) {
  const res = await call("GET", `/api/v1/drops/${dropId}`);
  if (res.status !== 200) throw new Error(`reading the drop failed: ${res.status} ${res.text}`);
  return res.json.drop;
}

/** Deadline for a buyer read to catch up with a write: the 1 s window, with room for a slow, noisy machine. */
export const CATCH_UP = { timeout: 10_000, interval: 100 };

export const dropStub = (dropId: string) => env.INVENTORY.get(env.INVENTORY.idFromName(dropObjectName(dropId)));
export const variantStub = (variantId: string) => env.INVENTORY.get(env.INVENTORY.idFromName(variantObjectName(variantId)));

export async function counts(dropId: string) {
  const result = await dropStub(dropId).dropCounts();
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The local rate limiter counts in fixed 10 s windows aligned to the clock. A test that must stay inside one
 * window waits for a fresh one when less than `needMs` of the current window is left.
 */
export async function atFreshRateWindow(needMs = 7_000) {
  const left = 10_000 - (Date.now() % 10_000);
  if (left < needMs) await sleep(left + 50);
}
