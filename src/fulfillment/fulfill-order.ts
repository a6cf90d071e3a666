// Fulfilling a paid order, one job per order. Each item is done at most once (grants and memberships are
// keyed by order item; items are marked fulfilled with a compare-and-set), so a redelivered or replayed job
// finishes what is left and repeats nothing. Digital and membership items are local; physical items go to the
// creator's provider last, so its outage delays only them. The order becomes `fulfilled` when all items are.
// A digital item whose product has no file cannot be fixed by a retry: everything else is delivered, the creator
// is told, and the job is dead-lettered at once, to be replayed once the file is uploaded.
import { lacksFile } from "../catalog/products";
import type { Db } from "../db/client";
import { findCreatorById } from "../db/creators-store";
import { ensureMembership, latestMembershipEnd, markItemsFulfilled, updateJob } from "../db/fulfillment-store";
import { findOrder, transitionOrder, type OrderItemRow, type OrderWithItems } from "../db/orders-store";
import { findProductsByIds, type ProductRow } from "../db/products-store";
import { newId } from "../shared/ids";
import { log } from "../shared/log";
import { formatMoney } from "../shared/money";
import { downloadLinks, grantDownload } from "./digital";
import { addressLines } from "../shared/address";
import { orderPageLinks, sendOnce, yourOrder, type EmailConfig } from "./email";
import { requestFulfillment } from "./physical";
import { DAY_MS } from "../shared/time";
import { canApply } from "../shared/order-states";

const DEFAULT_MEMBERSHIP_DAYS = 30;

/** A failure that no retry can fix: the message is dead-lettered at once. */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}

export interface FulfillmentDeps {
  db: Db;
  email: EmailConfig;
  signingSecret: string;
}

export async function fulfillOrder(deps: FulfillmentDeps, job: { orderId: string; jobId: string }): Promise<void> {
  const { db } = deps;
  const order = await findOrder(db, job.orderId);
  if (!order) throw new PermanentJobError(`order ${job.orderId} does not exist`);
  if (!canApply("fulfill", order.status)) {
    // Fulfilled already, or refunded/canceled meanwhile: nothing (more) to deliver, except a receipt that failed.
    if (order.status === "fulfilled" && !(await sendReceipt(deps, order))) await retryForReceipt(db, job.jobId);
    await updateJob(db, job.jobId, { status: "done", lastError: null });
    return;
  }
  const products = new Map((await findProductsByIds(db, order.items.map((i) => i.productId))).map((p) => [p.id, p]));
  const open = order.items.filter((i) => i.fulfilledAt === null);
  const now = Date.now();

  const digital = open.filter((i) => i.kind === "digital");
  const fileless = digital.filter((i) => lacksFile(products.get(i.productId)!));
  for (const item of digital) {
    const product = products.get(item.productId)!;
    if (!product.fileKey) continue;
    await grantDownload(db, order, item, { ...product, fileKey: product.fileKey }, now);
    await markItemsFulfilled(db, [item.id], {}, now);
  }
  for (const item of open.filter((i) => i.kind === "membership")) {
    await grantMembership(db, order, item, products.get(item.productId)!, now);
    await markItemsFulfilled(db, [item.id], {}, now);
  }
  // The receipt (sent once) carries every download link, so it waits until none is missing.
  const receiptOut = fileless.length > 0 || (await sendReceipt(deps, order));

  const physical = open.filter((i) => i.kind === "physical");
  if (physical.length) {
    const creator = await findCreatorById(db, order.creatorId);
    // Without a provider the creator ships by hand and marks items shipped through the admin API.
    if (creator?.fulfillmentWebhookUrl && creator.fulfillmentWebhookSecret) {
      const { reference } = await requestFulfillment(creator, order, physical, job.jobId);
      await markItemsFulfilled(db, physical.map((i) => i.id), { providerReference: reference }, Date.now());
    }
  }
  if (fileless.length) {
    const error = `no file to deliver for ${fileless.map((i) => i.productId).join(", ")}: upload it, then replay this job`;
    await notifyMissingFiles(deps, order, fileless);
    await updateJob(db, job.jobId, { lastError: error });
    throw new PermanentJobError(error);
  }
  await completeIfFulfilled(db, order.id);
  if (!receiptOut) await retryForReceipt(db, job.jobId);
  await updateJob(db, job.jobId, { status: "done", lastError: null });
}

/**
 * A receipt that could not be sent (Email Service down) is retried with the job's backoff: the job fails after
 * delivering everything else, and its next run (the order may be fulfilled by then) sends the stored receipt. Out of
 * retries, the job is a dead letter the creator can replay.
 */
async function retryForReceipt(db: Db, jobId: string): Promise<never> {
  const error = "the receipt email could not be sent; retrying";
  await updateJob(db, jobId, { lastError: error });
  throw new Error(error);
}

/** Tells the creator (log and one email per order) that a paid order waits for a product file. */
async function notifyMissingFiles(deps: FulfillmentDeps, order: OrderWithItems, items: OrderItemRow[]) {
  log("warn", "paid order waits for a product file; creator notified", { orderId: order.id, creatorId: order.creatorId, productIds: items.map((i) => i.productId) });
  const creator = await findCreatorById(deps.db, order.creatorId);
  if (!creator) return;
  const body = [
    `Order ${order.id} is paid, but these digital products have no file to deliver:`,
    ...items.map((i) => `- ${i.title} (product ${i.productId})`),
    "",
    "Upload the file (PUT /admin/v1/products/{id}/file), then replay the order's dead letter",
    "(POST /admin/v1/fulfillment/dead-letters/{id}/replay): the buyer gets the download then.",
  ].join("\n");
  await sendOnce(deps.db, deps.email, { orderId: order.id, kind: "creator_missing_file", to: creator.email, subject: "A paid order waits for your file", body, brand: { name: creator.displayName, accent: creator.accentColor } });
}

/** A failed attempt that will be retried: the job shows its attempts and last error to the creator meanwhile. */
export async function noteFulfillmentAttempt(db: Db, jobId: string, attempts: number, error: string): Promise<void> {
  await updateJob(db, jobId, { attempts, lastError: error });
}

export async function completeIfFulfilled(db: Db, orderId: string): Promise<void> {
  const fresh = await findOrder(db, orderId);
  if (fresh && fresh.items.every((i) => i.fulfilledAt !== null)) await transitionOrder(db, orderId, "fulfill");
}

/** A membership starts now, or when the buyer's current one of the same tier ends (renewals stack). */
async function grantMembership(db: Db, order: OrderWithItems, item: OrderItemRow, product: ProductRow, now: number) {
  const tier = product.membershipTier ?? product.title;
  const days = (product.membershipDays ?? DEFAULT_MEMBERSHIP_DAYS) * item.quantity;
  const currentEnd = await latestMembershipEnd(db, order.creatorId, order.buyerEmail, tier);
  const startsAt = Math.max(now, currentEnd ?? 0);
  await ensureMembership(db, {
    id: newId("mem", now),
    creatorId: order.creatorId,
    orderId: order.id,
    orderItemId: item.id,
    productId: product.id,
    buyerEmail: order.buyerEmail,
    tier,
    startsAt,
    endsAt: startsAt + days * DAY_MS,
    createdAt: now,
  });
}

/** Whether the receipt is out (sent, or kept and logged where no email is configured). */
async function sendReceipt(deps: FulfillmentDeps, order: OrderWithItems): Promise<boolean> {
  const links = await downloadLinks(deps.db, deps.signingSecret, order.origin ?? "", order);
  const creator = await findCreatorById(deps.db, order.creatorId);
  const lines = [
    `Thank you for your order ${order.id}.`,
    "",
    ...order.items.map((i) => `${i.quantity} × ${i.title} — ${formatMoney(i.unitPriceCents * i.quantity, order.currency)}`),
    ...(order.discountCode ? [`Discount (${order.discountCode}): −${formatMoney(order.discountCents, order.currency)}`] : []),
    ...(order.shippingCents ? [`Shipping: ${formatMoney(order.shippingCents, order.currency)}`] : []),
    ...(order.taxCents ? [`Tax: ${formatMoney(order.taxCents, order.currency)}`] : []),
    `Total: ${formatMoney(order.totalCents, order.currency)}`,
    ...(links.length ? ["", "Your downloads:", ...links.map((l) => `${l.fileName} (until ${new Date(l.expiresAt).toUTCString().slice(0, 22)} UTC, ${l.remaining} downloads)`)] : []),
    ...(order.shippingAddress ? ["", "Ship to:", ...addressLines(order.shippingAddress)] : []),
  ];
  return sendOnce(deps.db, deps.email, {
    orderId: order.id,
    kind: "receipt",
    to: order.buyerEmail,
    subject: yourOrder(creator),
    body: lines.join("\n"),
    links: [...links.map((l) => ({ label: `Download ${l.fileName}`, url: l.url })), ...(await orderPageLinks(deps.signingSecret, order, creator))],
    brand: creator && { name: creator.displayName, accent: creator.accentColor },
  });
}
