// Time units and the one way the APIs write a time (ISO 8601 UTC, null stays null).
export const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** How long an Idempotency-Key and its answer are kept, wherever they are stored (API.md: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * HOUR_MS;

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
