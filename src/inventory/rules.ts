// Pure inventory rules shared by the inventory Durable Object and its callers: drop status precedence,
// reservation outcomes and the shapes that cross the RPC boundary (plain objects, never custom errors).

export type DropStatus = "scheduled" | "live" | "sold_out" | "ended" | "canceled";
type HoldStatus = "held" | "committed" | "released" | "expired";

/** Failure reasons an inventory call can return; each is an API error code (API.md). */
export type InventoryFailure =
  | "sold_out"
  | "limit_exceeded"
  | "drop_not_live"
  | "reservation_expired"
  | "not_found"
  | "conflict"
  | "invalid_input"
  | "not_admitted";

/** How buyers get a drop's units: first come, a fair queue shuffled at `startsAt`, or a raffle drawn at `startsAt`. */
type Admission = "open" | "queue" | "raffle";

type Scalar = string | number | boolean | null;
/** Plain, serializable details (RPC drops anything richer). */
export type FailureDetails = Record<string, Scalar> | Record<string, Scalar>[];

export type Result<T> = { ok: true; value: T } | { ok: false; reason: InventoryFailure; message: string; details?: FailureDetails };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (reason: InventoryFailure, message: string, details?: FailureDetails): Result<never> => ({ ok: false, reason, message, details });

export interface DropWindow {
  startsAt: number;
  endsAt: number | null;
  canceledAt: number | null;
}

/** API.md: canceled > ended > sold_out > live > scheduled; start and end are driven by the clock alone. */
export function dropStatus(window: DropWindow, anyAvailable: boolean, now: number): DropStatus {
  if (window.canceledAt !== null) return "canceled";
  if (window.endsAt !== null && now >= window.endsAt) return "ended";
  if (now < window.startsAt) return "scheduled";
  return anyAvailable ? "live" : "sold_out";
}

/** Live stock messages are coalesced to at most one per this interval. */
export const BROADCAST_INTERVAL_MS = 200;

export interface ItemCounts {
  variantId: string;
  quantity: number;
  available: number;
  held: number;
  sold: number;
  returned: number;
}

export interface Reservation {
  id: string;
  dropId: string;
  variantId: string;
  quantity: number;
  status: HoldStatus;
  expiresAt: string;
}

export interface PublicDrop {
  id: string;
  slug: string;
  title: string;
  status: DropStatus;
  startsAt: string;
  endsAt: string | null;
  perBuyerLimit: number;
  holdSeconds: number;
  items: { variantId: string; title: string; priceCents: number; currency: string; quantity: number; available: number }[];
  admission: Admission;
  queueOpensAt: string | null;
  /** Queue mode: admissions per second and how long an admission lasts (null in other modes). */
  admissionRate: number | null;
  admissionSeconds: number | null;
  raffle: RafflePublic | null;
  /** The object's clock when it answered: pages count down against it, not against the buyer's device. */
  serverTime: string;
}

/** API.md "Fair drops": the raffle's public record; the seed is revealed after the draw. */
interface RafflePublic {
  entries: number;
  commitment: string;
  seed: string | null;
  algorithm: string;
  claimSeconds: number;
}

type EntryStatus = "entered" | "won" | "lost" | "claimed" | "expired";

export interface RaffleEntry {
  id: string;
  status: EntryStatus;
  variantId: string;
  reservationId: string | null;
  claimUntil: string | null;
}

export interface DropConfig {
  dropId: string;
  creatorId: string;
  slug: string;
  title: string;
  startsAt: number;
  endsAt: number | null;
  perBuyerLimit: number;
  holdSeconds: number;
  items: { variantId: string; title: string; priceCents: number; currency: string; quantity: number; tracked: boolean }[];
  admission: Admission;
  /** Raffle: how long a winner's hold lasts. */
  claimSeconds: number;
  /** Queue: when joins open, admissions per second, how long an admission lasts. */
  queueOpensAt: number | null;
  admissionRate: number;
  admissionSeconds: number;
  /** Shard objects for queue joins and live sockets (fixed for the drop's life). */
  shardCount: number;
}

/** Internal to the Worker: the drop read carries the shard count (routing), the public answer leaves it out. */
export interface DropRead extends PublicDrop {
  shardCount: number;
}

export interface ReserveInput {
  variantId: string;
  quantity: number;
  email: string;
  idempotencyKey?: string;
  /** Used by carts: hold length for this reservation, overriding the object's default. */
  holdSeconds?: number;
  /** Queue mode: the admitted ticket, from an admission token the Worker verified (signature, email, expiry). */
  admission?: { ticketId: string; position: number };
  /** What the email became if it was erased here before (erasedEmail): its holds still count against the limit. */
  erasedAs?: string;
}
