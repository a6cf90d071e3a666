// The Worker's side of the inventory authority: finds the right object (one per drop, one per tracked variant, one per
// discount code) and turns its result objects into domain errors (only plain data crosses the RPC boundary).
import { BENCH_OBJECT_NAME, dropObjectName, shardObjectName, variantObjectName } from "../shared/bindings";
import { DomainError } from "../shared/errors";
import type { Reservation, Result } from "./rules";

export type InventoryNamespace = Env["INVENTORY"];
export type ShardNamespace = Env["DROP_SHARDS"];
export type DiscountNamespace = Env["DISCOUNTS"];

export const dropObject = (ns: InventoryNamespace, dropId: string) => ns.get(ns.idFromName(dropObjectName(dropId)));
export const shardObject = (ns: ShardNamespace, dropId: string, shard: number) => ns.get(ns.idFromName(shardObjectName(dropId, shard)));
/** A discount code's redemptions (discount-do.ts). */
export const discountObject = (ns: DiscountNamespace, discountId: string) => ns.get(ns.idFromName(`discount:${discountId}`));
export const variantObject = (ns: InventoryNamespace, variantId: string) => ns.get(ns.idFromName(variantObjectName(variantId)));

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.reason, result.message, result.details);
}

export interface CartLine {
  variantId: string;
  /** D1's display copy, used once to initialize a variant object that has never been touched. */
  seedStock: number;
  quantity: number;
}

export interface CartHold {
  variantId: string;
  reservationId: string;
  quantity: number;
  expiresAt: string;
}

/**
 * Reserves every line of a cart in its variant's object, or none: when a line fails, the holds already taken
 * are released and the error names each short variant (`sold_out` details list every line that lacked units).
 */
export async function reserveCart(
  ns: InventoryNamespace,
  lines: CartLine[],
  buyer: { email: string; holdSeconds: number; idempotencyKey?: string },
): Promise<CartHold[]> {
  // Settled, not all: when one object call throws, the holds the other lines took are still known and released.
  const settled = await Promise.allSettled(
    lines.map((line) =>
      variantObject(ns, line.variantId).reserveStock({
        variantId: line.variantId,
        seedStock: line.seedStock,
        quantity: line.quantity,
        email: buyer.email,
        holdSeconds: buyer.holdSeconds,
        idempotencyKey: buyer.idempotencyKey,
      }),
    ),
  );
  const thrown = settled.find((s) => s.status === "rejected");
  if (thrown) {
    await Promise.all(
      settled.map((s, i) => (s.status === "fulfilled" && s.value.ok ? variantObject(ns, lines[i]!.variantId).release(s.value.value.id) : undefined)),
    );
    throw thrown.reason;
  }
  const results = settled.map((s) => (s as PromiseFulfilledResult<Result<Reservation>>).value);
  const failures = results.flatMap((r, i) => (r.ok ? [] : [{ line: lines[i]!, result: r }]));
  if (failures.length === 0) {
    return results.map((r, i) => {
      const value = unwrap(r);
      return { variantId: lines[i]!.variantId, reservationId: value.id, quantity: value.quantity, expiresAt: value.expiresAt };
    });
  }
  await Promise.all(results.map((r, i) => (r.ok ? variantObject(ns, lines[i]!.variantId).release(r.value.id) : undefined)));
  const short = failures.filter((f) => f.result.ok === false && f.result.reason === "sold_out");
  if (short.length > 0) {
    throw new DomainError(
      "sold_out",
      "Some items do not have enough units.",
      short.map((f) => ({ variantId: f.line.variantId, requested: f.line.quantity, available: availableOf(f.result) })),
    );
  }
  const first = failures[0]!.result;
  throw new DomainError(first.ok ? "conflict" : first.reason, first.ok ? "Reservation failed." : first.message, first.ok ? undefined : first.details);
}

function availableOf(result: Result<unknown>): number | undefined {
  if (result.ok || !Array.isArray(result.details)) return undefined;
  return (result.details[0] as { available?: number } | undefined)?.available;
}

export async function releaseCart(ns: InventoryNamespace, holds: { variantId: string; reservationId: string }[]) {
  await Promise.all(holds.map((h) => variantObject(ns, h.variantId).release(h.reservationId)));
}

/** One bare round trip to an inventory object (the benchmarks' baseline). */
export async function pingInventory(ns: InventoryNamespace): Promise<boolean> {
  return (await ns.get(ns.idFromName(BENCH_OBJECT_NAME)).ping()) === 1;
}
