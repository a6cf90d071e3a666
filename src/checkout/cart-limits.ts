// The creator's cart limits (settings `cartLimits`), checked before a cart reserves anything: no line over
// maxPerLine, and no email holding more than maxPerEmail units across its pending orders plus this cart.
import { cartLimitsOf } from "../creators/creators";
import type { CreatorRow } from "../db/creators-store";
import type { Db } from "../db/client";
import { pendingUnitsOfEmail } from "../db/orders-store";
import { normalizeEmail } from "../shared/email";
import { DomainError } from "../shared/errors";

export async function assertCartWithinLimits(
  db: Db,
  creator: CreatorRow,
  input: { email: string; items: { variantId: string; quantity: number }[] },
  now = Date.now(),
): Promise<void> {
  const { maxPerLine, maxPerEmail } = cartLimitsOf(creator);
  const long = input.items.find((i) => i.quantity > maxPerLine);
  if (long) {
    throw new DomainError("limit_exceeded", `At most ${maxPerLine} units of one item per order.`, { variantId: long.variantId, limit: maxPerLine });
  }
  const units = input.items.reduce((sum, i) => sum + i.quantity, 0);
  if (units > maxPerEmail) throw overEmail(maxPerEmail);
  if (units + (await pendingUnitsOfEmail(db, creator.id, normalizeEmail(input.email), now)) > maxPerEmail) throw overEmail(maxPerEmail);
}

const overEmail = (limit: number) =>
  new DomainError("limit_exceeded", `At most ${limit} units per buyer in open orders at this store; finish or cancel a pending order first.`, { limit });
