// The order state machine of API.md "Lifecycles": the only place that says which move is legal. A status change
// names its event; the store moves the order with a compare-and-set from the event's source states, so events
// applied in any order, any number of times, end in the same state.

export const ORDER_STATUSES = ["pending", "paid", "fulfilled", "expired", "canceled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = {
  /** A verified payment (a late one too, once its units were re-reserved). */
  pay: { from: ["pending", "expired"], to: "paid" },
  /** The hold ran out, the session expired, the buyer let go or the checkout failed half-way. */
  expire: { from: ["pending"], to: "expired" },
  /** A late payment that could not be honoured (no units, drop closed, limit reached): refunded automatically. */
  cancel: { from: ["expired"], to: "canceled" },
  /** The money went back (a refund reported before the payment included). */
  refund: { from: ["pending", "expired", "paid", "fulfilled"], to: "refunded" },
  /** Every item delivered. */
  fulfill: { from: ["paid"], to: "fulfilled" },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;

export type OrderEvent = keyof typeof ORDER_EVENTS;

/** Whether `event` may move an order that is `status`. */
export const canApply = (event: OrderEvent, status: OrderStatus): boolean => (ORDER_EVENTS[event].from as readonly OrderStatus[]).includes(status);

/**
 * The states in which an order delivers what it sold (downloads, memberships). A refunded or canceled order
 * delivers nothing more; readers join the order's status rather than keep a second copy of it.
 */
export const DELIVERING_STATUSES: readonly OrderStatus[] = ["paid", "fulfilled"];

export const delivers = (status: OrderStatus): boolean => DELIVERING_STATUSES.includes(status);

/** An order that was paid (refunded ones included): its email is a customer's (API.md "Customers"). */
export const PAID_STATUSES: readonly OrderStatus[] = ["paid", "fulfilled", "refunded"];
