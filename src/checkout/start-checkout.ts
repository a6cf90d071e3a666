// Starting checkout: a pending order priced from the catalog or the drop (never from the client), its order
// token, and a processor checkout session. A drop checkout turns an existing hold into an order (a second
// checkout for the same reservation returns the same order); a cart reserves all its lines or none first.
// Checkout never extends a hold: when the hold runs out, its object announces it and the order expires. A discount
// code is priced from the catalog's lines and its redemption held with the order (discount-codes.ts), undone with it.
import { itemTitle, lacksFile } from "../catalog/products";
import { findCreatorByHandle, findCreatorById } from "../db/creators-store";
import { isUniqueViolation } from "../db/errors";
import { findOrderByReservation, fixSessionTerms, insertOrder, setCheckoutSession, findOrder, transitionOrder, type OrderItemRow, type OrderRow, type OrderWithItems } from "../db/orders-store";
import { findVariantsWithProducts, type ProductRow, type VariantRow } from "../db/products-store";
import { dropObject, releaseCart, reserveCart, unwrap, variantObject } from "../inventory/inventory-client";
import { orderPagePath, orderToken } from "../shared/order-token";
import type { OrderDeps } from "../orders/order-deps";
import { DomainError, notFound } from "../shared/errors";
import { assertChargeableAmounts, formatMoney, minimumCharge, minorUnitExponent } from "../shared/money";
import { payOrder } from "../orders/pay-order";
import { newId } from "../shared/ids";
import { assertCartWithinLimits } from "./cart-limits";
import { assertDropExists } from "./known-drops";
import { STRIPE_MAX_SESSION_MS, STRIPE_MIN_SESSION_MS, type CheckoutLine } from "../payments/processor";
import { releaseDiscountUse } from "../orders/order-deps";
import { holdRedemption, priceDiscount, type PricedDiscount, type PricedLine } from "./discount-codes";

const CART_HOLD_SECONDS = 30 * 60;
/** Stripe's largest charge, in any currency's minor unit. */
const MAX_CHARGE = 99_999_999;

/** The creator's shipping rates, offered when the order is in the creator's currency (the rates' own). */
const ratesFor = (creator: { shippingRates: { name: string; amountCents: number }[] | null; currency: string }, currency: string) =>
  creator.currency === currency ? (creator.shippingRates ?? []) : [];
const UNFULFILLED = { fulfilledAt: null, providerReference: null, carrier: null, trackingNumber: null, shippedAt: null };

/** What starting a checkout needs, besides the storefront origin the buyer is on (links in the session). */
export interface CheckoutDeps extends OrderDeps {
  signingSecret: string;
  platformFeeBps: number;
}

export interface CheckoutResult {
  order: { id: string; status: string; totalCents: number; currency: string; discountCents: number };
  orderToken: string;
  /** Null for a free order: it is paid at once, and `checkoutUrl` is its order page. */
  checkoutSessionId: string | null;
  checkoutUrl: string;
}

export async function startDropCheckout(ctx: CheckoutDeps, origin: string, input: { dropId: string; reservationId: string; discountCode?: string }): Promise<CheckoutResult> {
  ctx.processor(); // payments_unavailable before anything is reserved or written
  await assertDropExists(ctx.db, input.dropId);
  const existing = await findOrderByReservation(ctx.db, input.reservationId);
  if (existing) {
    if (existing.dropId !== input.dropId) throw notFound("Reservation");
    // The first checkout may have died after writing the order but before linking the hold to it (safe to repeat):
    // without the link, the hold's expiry would never expire the order.
    if (existing.status === "pending") unwrap(await dropObject(ctx.inventory, input.dropId).attachOrder(input.reservationId, existing.id));
    return ensureSession(ctx, origin, existing);
  }
  const details = unwrap(await dropObject(ctx.inventory, input.dropId).holdDetails(input.reservationId));
  const { reservation } = details;
  if (reservation.status !== "held") {
    throw new DomainError("reservation_expired", `This reservation is ${reservation.status}; reserve again to check out.`);
  }
  const [variant] = await findVariantsWithProducts(ctx.db, details.creatorId, [reservation.variantId]);
  if (!variant) throw notFound("Variant");
  // Refused before the order exists, and the hold is left alone: it expires, or the buyer releases it.
  if (lacksFile(variant.product)) throw noFile(variant.variant.id);
  const line = { productId: variant.product.id, dropId: input.dropId, unitPriceCents: details.unitPriceCents, quantity: reservation.quantity };
  const discount = await discountOf(ctx, details.creatorId, input.discountCode, [line], details.currency);
  const now = Date.now();
  const orderId = newId("ord", now);
  const order: OrderRow = {
    ...baseOrder(orderId, details.creatorId, details.email, now, origin),
    ...discount.order,
    currency: details.currency,
    dropId: input.dropId,
    reservationId: reservation.id,
    holdExpiresAt: Date.parse(reservation.expiresAt),
    needsShipping: variant.product.kind === "physical",
  };
  const item: OrderItemRow = {
    id: newId("itm", now),
    orderId,
    productId: variant.product.id,
    variantId: variant.variant.id,
    kind: variant.product.kind,
    title: details.title,
    sku: variant.variant.sku,
    quantity: reservation.quantity,
    unitPriceCents: details.unitPriceCents,
    discountCents: discount.shares[0]!,
    holdId: reservation.id,
    holdScope: "drop",
    position: 0,
    ...UNFULFILLED,
  };
  await discount.hold(order);
  try {
    await insertOrder(ctx.db, order, [item]);
  } catch (err) {
    await discount.release(orderId);
    // A concurrent checkout for the same reservation won the insert: answer with its order.
    if (!isUniqueViolation(err)) throw err;
    const winner = await findOrderByReservation(ctx.db, reservation.id);
    if (!winner) throw err;
    return ensureSession(ctx, origin, winner);
  }
  unwrap(await dropObject(ctx.inventory, input.dropId).attachOrder(reservation.id, orderId));
  return ensureSession(ctx, origin, { ...order, items: [item] });
}

export async function startCartCheckout(
  ctx: CheckoutDeps,
  origin: string,
  input: { handle: string; email: string; items: { variantId: string; quantity: number; priceCents?: number; priceText?: string }[]; discountCode?: string },
): Promise<CheckoutResult> {
  ctx.processor(); // payments_unavailable before anything is reserved or written
  const creator = await findCreatorByHandle(ctx.db, input.handle);
  if (!creator) throw notFound("Store");
  await assertCartWithinLimits(ctx.db, creator, input);
  const found = new Map((await findVariantsWithProducts(ctx.db, creator.id, input.items.map((i) => i.variantId))).map((v) => [v.variant.id, v]));
  const unavailable = input.items.filter((i) => found.get(i.variantId)?.product.status !== "active").map((i) => i.variantId);
  if (unavailable.length) throw new DomainError("not_found", `Not for sale: ${unavailable.join(", ")}.`, unavailable.map((variantId) => ({ variantId })));
  const currencies = new Set(input.items.map((i) => found.get(i.variantId)!.product.currency));
  if (currencies.size > 1) {
    throw new DomainError("invalid_input", "All items of a cart must share one currency.", [{ field: "items", message: `Mixed currencies: ${[...currencies].join(", ")}.` }]);
  }
  const fileless = input.items.find((i) => lacksFile(found.get(i.variantId)!.product));
  if (fileless) throw noFile(fileless.variantId);
  const prices = input.items.map((line, i) => unitPrice(found.get(line.variantId)!, line.priceText ?? line.priceCents, i));
  const currency = [...currencies][0]!;
  const ships = input.items.some((i) => found.get(i.variantId)!.product.kind === "physical");
  // The least the session can charge: the items after the discount, plus the cheapest shipping rate when something
  // ships (discountOf checks it).
  const rates = ships ? ratesFor(creator, currency) : [];
  const cheapestShipping = rates.length ? Math.min(...rates.map((r) => r.amountCents)) : 0;
  const lines = input.items.map((line, i) => ({ productId: found.get(line.variantId)!.product.id, dropId: null, unitPriceCents: prices[i]!, quantity: line.quantity }));
  const discount = await discountOf(ctx, creator.id, input.discountCode, lines, currency, { ships, cheapestCents: cheapestShipping });
  const now = Date.now();
  const orderId = newId("ord", now);
  const order: OrderRow = {
    ...baseOrder(orderId, creator.id, input.email, now, origin),
    ...discount.order,
    currency,
    holdExpiresAt: now + CART_HOLD_SECONDS * 1000,
    needsShipping: ships,
  };

  // The code's use first (a refused code touches no stock), then the units; each undone if a later step fails.
  await discount.hold(order);
  const tracked = input.items.filter((i) => found.get(i.variantId)!.variant.stock !== null);
  const holds = await reserveCart(
    ctx.inventory,
    tracked.map((i) => ({ variantId: i.variantId, seedStock: found.get(i.variantId)!.variant.stock!, quantity: i.quantity })),
    { email: input.email, holdSeconds: CART_HOLD_SECONDS },
  ).catch(async (err: unknown) => {
    await discount.release(orderId);
    throw err;
  });
  const holdOf = new Map(holds.map((h) => [h.variantId, h]));
  const items: OrderItemRow[] = input.items.map((line, position) => {
    const { variant, product } = found.get(line.variantId)!;
    return {
      id: newId("itm", now),
      orderId,
      productId: product.id,
      variantId: variant.id,
      kind: product.kind,
      title: itemTitle(product, variant),
      sku: variant.sku,
      quantity: line.quantity,
      unitPriceCents: prices[position]!,
      discountCents: discount.shares[position]!,
      holdId: holdOf.get(line.variantId)?.reservationId ?? null,
      holdScope: holdOf.has(line.variantId) ? "variant" : null,
      position,
      ...UNFULFILLED,
    };
  });
  try {
    await insertOrder(ctx.db, order, items);
    await Promise.all(holds.map((h) => variantObject(ctx.inventory, h.variantId).attachOrder(h.reservationId, orderId).then(unwrap)));
  } catch (err) {
    // Undo all: the holds and the code's use go back, and an order row that was written can never be paid (nor
    // linger as pending).
    await Promise.all([releaseCart(ctx.inventory, holds), discount.release(orderId)]);
    await transitionOrder(ctx.db, orderId, "expire").catch(() => undefined);
    throw err;
  }
  try {
    return await ensureSession(ctx, origin, { ...order, items });
  } catch (err) {
    // No session (the processor refused or could not be reached): nothing can pay this order, so its units go back
    // (and the code's use) now rather than in 30 minutes, and a retry starts a fresh one. A paid free order is never
    // undone.
    if ((await findOrder(ctx.db, orderId))?.status === "pending" && (await transitionOrder(ctx.db, orderId, "expire"))) {
      await Promise.all([releaseCart(ctx.inventory, holds), discount.release(orderId)]);
    }
    throw err;
  }
}

/**
 * What a discount code (if any) does to an order of these lines: its total (the items less the discount), the code
 * and discount it records, each line's share, and the hold of its redemption with its undo. The discounted items,
 * plus the cheapest shipping rate when something ships (a cart's), must still be chargeable; free items that ship
 * need a rate to charge, since only a paid checkout collects the address.
 */
async function discountOf(
  ctx: CheckoutDeps,
  creatorId: string,
  code: string | undefined,
  lines: PricedLine[],
  currency: string,
  shipping = { ships: false, cheapestCents: 0 },
) {
  const priced: PricedDiscount | undefined = code ? await priceDiscount(ctx.db, creatorId, code, lines, currency) : undefined;
  const shares = priced?.shares ?? lines.map(() => 0);
  const discountCents = shares.reduce((a, b) => a + b, 0);
  const totalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0) - discountCents;
  if (shipping.ships && totalCents + shipping.cheapestCents === 0) {
    throw new DomainError("invalid_input", "A free item that ships needs a paid checkout to collect the address: this store has no shipping rate to charge.", [{ field: "items", message: "Free, and ships." }]);
  }
  assertChargeableTotal(totalCents + shipping.cheapestCents, currency);
  return {
    order: { totalCents, discountCents, discountId: priced?.discount.id ?? null, discountCode: priced?.discount.code ?? null },
    shares,
    hold: async (order: OrderRow) => priced && holdRedemption(ctx.discounts, priced.discount, order),
    release: (orderId: string) => releaseDiscountUse(ctx, { id: orderId, discountId: priced?.discount.id ?? null }),
  };
}

/**
 * The processor is sent what each line costs after its share of the discount: a line whose discounted total does not
 * divide by its quantity is split in two (some units one minor unit dearer), so the session's total is exactly the
 * order's and no coupon object has to exist at the processor.
 */
function sessionLines(item: OrderItemRow): CheckoutLine[] {
  const total = item.unitPriceCents * item.quantity - item.discountCents;
  const low = Math.floor(total / item.quantity);
  const dearer = total - low * item.quantity;
  return [
    { title: item.title, unitAmountCents: low, quantity: item.quantity - dearer },
    { title: item.title, unitAmountCents: low + 1, quantity: dearer },
  ].filter((l) => l.quantity > 0);
}

/**
 * A line's unit price: the catalog's, or for a pay-what-you-want product the buyer's (the suggested price when they
 * name none), never below its minimum. A price sent for a fixed-price product is refused, never silently ignored.
 */
function unitPrice({ variant, product }: { variant: VariantRow; product: ProductRow }, asked: number | string | undefined, line: number): number {
  const field = `items.${line}.priceCents`;
  if (product.minPriceCents === null) {
    if (asked !== undefined) throw new DomainError("invalid_input", "This item has a fixed price.", [{ field, message: "Only pay-what-you-want products take a price." }]);
    return variant.priceCents ?? product.priceCents;
  }
  // A typed price (the no-JS form) is in the currency's units: "4.50" is 450 cents, "500" yen is 500.
  const typed = typeof asked === "string" ? Math.round(Number(asked) * 10 ** minorUnitExponent(product.currency)) : asked;
  if (typed !== undefined && !(Number.isSafeInteger(typed) && typed >= 0 && typed <= MAX_CHARGE)) throw new DomainError("invalid_input", "Enter a valid price.", [{ field, message: "Not a price." }]);
  const price = typed ?? variant.priceCents ?? product.priceCents;
  if (price < product.minPriceCents) {
    throw new DomainError("invalid_input", `The least you can pay for ${product.title} is ${formatMoney(product.minPriceCents, product.currency)}.`, [{ field, message: `At least ${product.minPriceCents}.` }]);
  }
  assertChargeableAmounts([{ field, amount: price, currency: product.currency }]);
  return price;
}

/** A total the processor can charge: nothing at all (paid at once), or at least its minimum charge. */
function assertChargeableTotal(total: number, currency: string) {
  if (total > MAX_CHARGE) throw new DomainError("invalid_input", "This is more than one payment can take.", [{ field: "items", message: `Total above ${MAX_CHARGE}.` }]);
  if (total > 0 && total < minimumCharge(currency)) {
    throw new DomainError("invalid_input", `A payment must be at least ${formatMoney(minimumCharge(currency), currency)}, or free.`, [{ field: "items", message: `Total ${total} is below ${minimumCharge(currency)}.` }]);
  }
}

/**
 * A free order (everything at a pay-what-you-want minimum of 0, or priced 0) needs no payment: it is paid at once
 * through the same path a processor's payment takes (holds committed, fulfillment queued), and the buyer goes
 * straight to the order page. Repeating the checkout answers the same.
 */
async function payFreeOrder(ctx: CheckoutDeps, origin: string, order: OrderWithItems, token: string): Promise<CheckoutResult> {
  if (order.status === "pending") await payOrder(ctx, order, { paymentIntentId: null });
  const paid = (await findOrder(ctx.db, order.id))!;
  const creator = await findCreatorById(ctx.db, order.creatorId);
  return {
    order: { id: paid.id, status: paid.status, totalCents: 0, currency: paid.currency, discountCents: paid.discountCents },
    orderToken: token,
    checkoutSessionId: null,
    checkoutUrl: `${order.origin ?? origin}${orderPagePath(creator!.handle, order.id, token)}`,
  };
}

/** A digital product without its file is not for sale: charging for it would sell a download that cannot come. */
function noFile(variantId: string) {
  return new DomainError("conflict", "This item is not available yet.", { variantId, reason: "no_file" });
}

function baseOrder(id: string, creatorId: string, email: string, now: number, origin: string) {
  return {
    origin,
    id,
    creatorId,
    status: "pending" as const,
    buyerEmail: email,
    dropId: null,
    reservationId: null,
    discountId: null,
    discountCode: null,
    discountCents: 0,
    checkoutSessionId: null,
    checkoutUrl: null,
    paymentIntentId: null,
    connectAccountId: null,
    applicationFeeCents: null,
    shippingAddress: null,
    cancelReason: null,
    paidAt: null,
    refundRequestedAt: null,
    refundedAt: null,
    refundStatus: null,
    refundAmountCents: null,
    refundAttempts: 0,
    refundLastError: null,
    paymentLeaseUntil: null,
    shippingCents: 0,
    taxCents: 0,
    sessionTerms: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Creates the order's checkout session once (the processor call is idempotent per order), then answers. */
async function ensureSession(ctx: CheckoutDeps, origin: string, order: OrderWithItems): Promise<CheckoutResult> {
  const token = await orderToken(ctx.signingSecret, order.id);
  // Free and nothing to ship: paid at once. Something to ship goes through checkout, which collects the address.
  if (order.totalCents === 0 && !order.needsShipping) return payFreeOrder(ctx, origin, order, token);
  if (!order.checkoutSessionId || !order.checkoutUrl) {
    if (order.status !== "pending") throw new DomainError("reservation_expired", `This order is ${order.status}.`);
    const creator = (await findCreatorById(ctx.db, order.creatorId))!;
    // Every input below comes from the stored order (its origin too, not this request's; the creator's terms as the
    // first attempt fixed them), so a retry after a lost answer sends Stripe the very request it saw under
    // `checkout:{orderId}`: Stripe refuses a reused key whose parameters differ, which would block the order for good.
    const orderPage = `${order.origin ?? origin}${orderPagePath(creator.handle, order.id, token)}`;
    const terms =
      order.sessionTerms ??
      (await fixSessionTerms(ctx.db, order.id, {
        shippingRates: order.needsShipping ? ratesFor(creator, order.currency) : [],
        automaticTax: creator.automaticTax,
        ...(creator.stripeAccountId && { connect: { accountId: creator.stripeAccountId, applicationFeeCents: Math.floor((order.totalCents * ctx.platformFeeBps) / 10_000) } }),
      }));
    const { connect } = terms;
    const session = await ctx.processor().createCheckoutSession(
      {
        orderId: order.id,
        currency: order.currency,
        email: order.buyerEmail,
        lines: order.items.flatMap(sessionLines),
        // Stripe accepts 30 minutes to 24 hours; a shorter hold ends the session through the API when it runs out.
        // Measured from the order's creation, never from now, so every retry asks for the same expiry.
        expiresAt: Math.min(Math.max(order.holdExpiresAt, order.createdAt + STRIPE_MIN_SESSION_MS + 60_000), order.createdAt + STRIPE_MAX_SESSION_MS),
        successUrl: orderPage,
        cancelUrl: `${orderPage}&canceled=1`,
        metadata: {
          orderId: order.id,
          ...(order.dropId && { dropId: order.dropId }),
          ...(order.reservationId && { reservationId: order.reservationId }),
        },
        collectShipping: order.needsShipping,
        shippingRates: terms.shippingRates,
        automaticTax: terms.automaticTax,
        connect,
      },
      `checkout:${order.id}`,
    );
    await setCheckoutSession(ctx.db, order.id, {
      checkoutSessionId: session.id,
      checkoutUrl: session.url,
      connectAccountId: connect?.accountId ?? null,
      applicationFeeCents: connect?.applicationFeeCents ?? null,
    });
    order = (await findOrder(ctx.db, order.id))!;
  }
  return {
    order: { id: order.id, status: order.status, totalCents: order.totalCents, currency: order.currency, discountCents: order.discountCents },
    orderToken: token,
    checkoutSessionId: order.checkoutSessionId!,
    checkoutUrl: order.checkoutUrl!,
  };
}
