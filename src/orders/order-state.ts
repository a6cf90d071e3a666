// The order state machine of API.md "Lifecycles". Only these transitions exist; every status change in the
// store is a compare-and-set from one of the allowed previous states, so events applied in any order, any
// number of times, end in the same state.
import type { ORDER_STATUSES } from "../db/schema";

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const transitions: Record<OrderStatus, OrderStatus[]> = {
  pending: ["paid", "expired", "refunded"],
  paid: ["fulfilled", "refunded"],
  fulfilled: ["refunded"],
  // A late payment either re-reserves its units (paid) or is refunded automatically (canceled).
  expired: ["paid", "canceled", "refunded"],
  canceled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/**
 * The states in which an order delivers what it sold (downloads, memberships). A refunded or canceled order
 * delivers nothing more; readers join the order's status rather than keep a second copy of it.
 */
export const DELIVERING_STATUSES: readonly OrderStatus[] = ["paid", "fulfilled"];

export const delivers = (status: OrderStatus): boolean => DELIVERING_STATUSES.includes(status);

/** The states an order may be in for a move to `to`. */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(transitions) as OrderStatus[]).filter((from) => transitions[from].includes(to));
}
