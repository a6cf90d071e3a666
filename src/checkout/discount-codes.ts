// Discount codes at checkout (API.md "Discounts"): the code checked against its terms in D1, the discount priced over
// the lines in its scope, and a redemption held for the order in the code's own object (DiscountDO), which alone
// decides — atomically, however many checkouts race — whether the code has a use left for this buyer.
import type { Db } from "../db/client";
import { findDiscountByCode, type DiscountRow } from "../db/discounts-store";
import { discountObject, type DiscountNamespace } from "../inventory/inventory-client";
import { sha256Hex } from "../shared/crypto";
import { normalizeEmail } from "../shared/email";
import { DomainError } from "../shared/errors";

const REFUSALS = {
  unknown: "Unknown discount code.",
  inactive: "This code is inactive.",
  not_started: "This code is not valid yet.",
  expired: "This code has expired.",
  used_up: "This code is used up.",
  buyer_limit: "You have used this code already.",
  not_applicable: "This code does not apply here.",
};

const refused = (reason: keyof typeof REFUSALS) => new DomainError("discount_unavailable", REFUSALS[reason], { reason });

export interface PricedLine {
  productId: string;
  dropId: string | null;
  unitPriceCents: number;
  quantity: number;
}

export interface PricedDiscount {
  discount: DiscountRow;
  /** Each line's share of the discount, in line order (0 outside the scope). */
  shares: number[];
}

/**
 * The discount a code gives these lines: `percentOff` of the eligible subtotal rounded down, or the fixed amount in
 * the order's currency capped at it. Shared over the eligible lines in proportion, the leftover minor units one by
 * one from the first line, so the shares add up exactly and none exceeds its line.
 */
export async function priceDiscount(db: Db, creatorId: string, code: string, lines: PricedLine[], currency: string, now = Date.now()): Promise<PricedDiscount> {
  const discount = await findDiscountByCode(db, creatorId, code);
  if (!discount) throw refused("unknown");
  if (!discount.active) throw refused("inactive");
  if (discount.startsAt !== null && now < discount.startsAt) throw refused("not_started");
  if (discount.endsAt !== null && now >= discount.endsAt) throw refused("expired");
  const { productIds, dropIds } = discount;
  const inScope = (l: PricedLine) => (!productIds && !dropIds) || !!productIds?.includes(l.productId) || (l.dropId !== null && !!dropIds?.includes(l.dropId));
  const subtotals = lines.map((l) => (inScope(l) ? l.unitPriceCents * l.quantity : 0));
  const eligible = subtotals.reduce((a, b) => a + b, 0);
  if (eligible === 0 || (discount.currency !== null && discount.currency !== currency)) throw refused("not_applicable");
  const off = discount.percentOff !== null ? Math.floor((eligible * discount.percentOff) / 100) : Math.min(discount.amountOffCents!, eligible);
  const shares = subtotals.map((s) => Math.floor((off * s) / eligible));
  let left = off - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i++) if (shares[i]! < subtotals[i]!) (shares[i]!++, left--);
  return { discount, shares };
}

/** Holds one use of the code for a pending order until its hold runs out (the order's id makes a retry harmless). */
export async function holdRedemption(ns: DiscountNamespace, discount: DiscountRow, order: { id: string; buyerEmail: string; holdExpiresAt: number }): Promise<void> {
  const refusal = await discountObject(ns, discount.id).hold({
    orderId: order.id,
    email: await sha256Hex(normalizeEmail(order.buyerEmail)),
    expiresAt: order.holdExpiresAt,
    maxRedemptions: discount.maxRedemptions,
    perBuyerLimit: discount.perBuyerLimit,
  });
  if (refusal) throw refused(refusal);
}
