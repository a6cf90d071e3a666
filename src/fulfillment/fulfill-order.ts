// Fulfilling a paid order, one job per order. Each item is done at most once (grants and memberships are
// keyed by order item; items are marked fulfilled with a compare-and-set), so a redelivered or replayed job
// finishes what is left and repeats nothing. Digital and membership items are local; physical items go to the
// creator's provider last, so its outage delays only them. The order becomes `fulfilled` when all items are.
import type { Db } from "../db/client";
import { findCreatorById } from "../db/creators-store";
import { ensureMembership, latestMembershipEnd, markItemsFulfilled, updateJob } from "../db/fulfillment-store";
import { findOrder, transitionOrder, type OrderItemRow, type OrderWithItems } from "../db/orders-store";
import { findProductsByIds, type ProductRow } from "../db/products-store";
import { newId } from "../shared/ids";
import { formatMoney } from "../shared/money";
import { downloadLinks, grantDownload } from "./digital";
import { sendOnce, type EmailConfig } from "./email";
import { requestFulfillment } from "./physical";

export const DEFAULT_MEMBERSHIP_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

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
  if (order.status !== "paid") {
    // Fulfilled already, or refunded/canceled meanwhile: nothing (more) to deliver.
    await updateJob(db, job.jobId, { status: "done" });
    return;
  }
  const products = new Map((await findProductsByIds(db, order.items.map((i) => i.productId))).map((p) => [p.id, p]));
  const open = order.items.filter((i) => i.fulfilledAt === null);
  const now = Date.now();

  for (const item of open.filter((i) => i.kind === "digital")) {
    await grantDownload(db, order, item, products.get(item.productId)!, now);
    await markItemsFulfilled(db, [item.id], {}, now);
  }
  for (const item of open.filter((i) => i.kind === "membership")) {
    await grantMembership(db, order, item, products.get(item.productId)!, now);
    await markItemsFulfilled(db, [item.id], {}, now);
  }
  await sendReceipt(deps, order);

  const physical = open.filter((i) => i.kind === "physical");
  if (physical.length) {
    const creator = await findCreatorById(db, order.creatorId);
    // Without a provider the creator ships by hand and marks items shipped through the admin API.
    if (creator?.fulfillmentWebhookUrl && creator.fulfillmentWebhookSecret) {
      const { reference } = await requestFulfillment(creator, order, physical, job.jobId);
      await markItemsFulfilled(db, physical.map((i) => i.id), { providerReference: reference }, Date.now());
    }
  }
  await completeIfFulfilled(db, order.id);
  await updateJob(db, job.jobId, { status: "done", lastError: null });
}

export async function completeIfFulfilled(db: Db, orderId: string): Promise<void> {
  const fresh = await findOrder(db, orderId);
  if (fresh && fresh.items.every((i) => i.fulfilledAt !== null)) await transitionOrder(db, orderId, ["paid"], "fulfilled");
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

async function sendReceipt(deps: FulfillmentDeps, order: OrderWithItems) {
  const links = await downloadLinks(deps.db, deps.signingSecret, order.origin ?? "", order.id);
  const lines = [
    `Thank you for your order ${order.id}.`,
    "",
    ...order.items.map((i) => `${i.quantity} × ${i.title}`),
    `Total: ${formatMoney(order.totalCents, order.currency)}`,
    ...(links.length ? ["", "Your downloads:", ...links.map((l) => `${l.fileName}: ${l.url} (until ${l.expiresAt}, ${l.remaining} downloads)`)] : []),
  ];
  await sendOnce(deps.db, deps.email, { orderId: order.id, kind: "receipt", to: order.buyerEmail, subject: "Your order", body: lines.join("\n") });
}
