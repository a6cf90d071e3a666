// The D1 catalog schema (drizzle). Money is integer minor units; times are epoch milliseconds. Column names are the
// keys in snake_case (`casing: "snake_case"` in the client and in drizzle.config.ts): `createdAt` is `created_at`. A
// `.unique()` column names itself: drizzle-kit names its index after the key otherwise (`…_tokenHash_unique`).
// drizzle-kit turns this file into the SQL migrations in migrations/.

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ORDER_STATUSES } from "../shared/order-states";
import { WEBHOOK_EVENTS, type WebhookEventType } from "../shared/bindings";

const timestamps = {
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
};

export const creators = sqliteTable("creators", {
  id: text().primaryKey(),
  handle: text("handle").notNull().unique(),
  displayName: text().notNull(),
  email: text().notNull(),
  currency: text().notNull(),
  accentColor: text(),
  avatarUrl: text(),
  bannerUrl: text(),
  fulfillmentWebhookUrl: text(),
  fulfillmentWebhookSecret: text(),
  stripeAccountId: text(),
  // Cart limits (null: the defaults in API.md, 10 units per line and 20 per email).
  cartMaxPerLine: integer(),
  cartMaxPerEmail: integer(),
  /** Stripe Tax on this creator's checkout sessions. */
  automaticTax: integer({ mode: "boolean" }).notNull().default(false),
  /** Offered at checkout when physical items are in the order: JSON `[{ name, amountCents, minDays?, maxDays? }]`. */
  shippingRates: text({ mode: "json" }).$type<ShippingRate[]>(),
  ...timestamps,
});

export interface SessionTerms {
  shippingRates: ShippingRate[];
  automaticTax: boolean;
  connect?: { accountId: string; applicationFeeCents: number };
}

export interface ShippingRate {
  name: string;
  amountCents: number;
  minDays?: number;
  maxDays?: number;
}

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    name: text().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    readOnly: integer({ mode: "boolean" }).notNull().default(false),
    createdAt: integer().notNull(),
    lastUsedAt: integer(),
    revokedAt: integer(),
  },
  (t) => [index("api_tokens_creator_idx").on(t.creatorId, t.id)],
);

export const products = sqliteTable(
  "products",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    slug: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    kind: text({ enum: ["physical", "digital", "membership"] }).notNull(),
    priceCents: integer().notNull(),
    currency: text().notNull(),
    status: text({ enum: ["draft", "active", "archived"] }).notNull(),
    // Digital products: the file in R2 and the terms of each download grant.
    fileKey: text(),
    fileName: text(),
    fileContentType: text(),
    fileSize: integer(),
    downloadExpiryDays: integer(),
    downloadLimit: integer(),
    // Memberships: the tier granted and its length.
    membershipTier: text(),
    membershipDays: integer(),
    /** Pay what you want (digital and membership): the least a buyer may pay; `priceCents` is then the suggestion. */
    minPriceCents: integer(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("products_creator_slug_uq").on(t.creatorId, t.slug),
    index("products_creator_status_idx").on(t.creatorId, t.status, t.id),
  ],
);

export const variants = sqliteTable(
  "variants",
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => products.id),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    sku: text().notNull(),
    title: text().notNull(),
    priceCents: integer(),
    // null = untracked (unlimited). For tracked variants a display copy: the variant's inventory object owns the count.
    stock: integer(),
    /** inventory.low fires when the available stock falls to or below it (null: never); the variant's object keeps a copy. */
    lowStockThreshold: integer(),
    position: integer().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("variants_creator_sku_uq").on(t.creatorId, t.sku),
    index("variants_product_idx").on(t.productId, t.position),
  ],
);

// A product's images in display order (the first is its card and share picture). `key` names the original in R2
// (`media/{key}`); width and height are measured at upload, null only for images stored before they were measured.
export const productImages = sqliteTable(
  "product_images",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    key: text().notNull(),
    width: integer(),
    height: integer(),
    alt: text().notNull().default(""),
    position: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("product_images_product_idx").on(t.creatorId, t.productId, t.position)],
);

// Responses of admin/platform POSTs by Idempotency-Key. A row with status_code NULL is a request in flight.
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer(),
    responseBody: text(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);


export const drops = sqliteTable(
  "drops",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    slug: text().notNull(),
    title: text().notNull(),
    startsAt: integer().notNull(),
    endsAt: integer(),
    perBuyerLimit: integer().notNull(),
    holdSeconds: integer().notNull(),
    canceledAt: integer(),
    // How buyers get units: first come ("open"), a fair queue shuffled at startsAt ("queue") or a raffle ("raffle").
    admission: text({ enum: ["open", "queue", "raffle"] }).notNull().default("open"),
    // Raffle: how long a winner's hold lasts, and the SHA-256 of the secret seed, public from creation.
    claimSeconds: integer(),
    raffleCommitment: text(),
    // Queue: when joins open, admissions per second, how long an admission lasts (null in other modes).
    queueOpensAt: integer(),
    admissionRate: integer(),
    admissionSeconds: integer(),
    ...timestamps,
  },
  (t) => [uniqueIndex("drops_creator_slug_uq").on(t.creatorId, t.slug), index("drops_creator_starts_idx").on(t.creatorId, t.startsAt)],
);

// Drop items. available/held/sold are a display snapshot written by the drop's inventory object; they never decide a sale.
export const dropItems = sqliteTable(
  "drop_items",
  {
    dropId: text()
      .notNull()
      .references(() => drops.id),
    variantId: text()
      .notNull()
      .references(() => variants.id),
    quantity: integer().notNull(),
    priceCents: integer().notNull(),
    currency: text().notNull(),
    position: integer().notNull(),
    available: integer().notNull(),
    held: integer().notNull().default(0),
    sold: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.dropId, t.variantId] }), index("drop_items_variant_idx").on(t.variantId)],
);

// Discount codes. Their redemptions are decided by one DiscountDO per code (src/inventory/discount-do.ts); D1 keeps
// the code's terms, and the orders that used it (`orders.discount_id`) are its history.
export const discounts = sqliteTable(
  "discounts",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    code: text().notNull(),
    // The code as looked up: lowercase, so codes are case-insensitive and unique per creator.
    codeKey: text().notNull(),
    percentOff: integer(),
    amountOffCents: integer(),
    currency: text(),
    maxRedemptions: integer(),
    perBuyerLimit: integer(),
    startsAt: integer(),
    endsAt: integer(),
    // Scope: null applies to every item; otherwise only items of these products or sold in these drops.
    productIds: text({ mode: "json" }).$type<string[]>(),
    dropIds: text({ mode: "json" }).$type<string[]>(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("discounts_creator_code_uq").on(t.creatorId, t.codeKey), index("discounts_creator_idx").on(t.creatorId, t.id)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    buyerEmail: text().notNull(),
    /** Items − discount until paid; then + shipping + tax, as charged. */
    totalCents: integer().notNull(),
    shippingCents: integer().notNull().default(0),
    taxCents: integer().notNull().default(0),
    currency: text().notNull(),
    dropId: text().references(() => drops.id),
    // A drop order's hold; unique so a second checkout for the same reservation finds the same order.
    reservationId: text("reservation_id").unique(),
    checkoutSessionId: text("checkout_session_id").unique(),
    checkoutUrl: text(),
    paymentIntentId: text(),
    // Set when the charge is a Connect destination charge, so its refund reverses the transfer and the fee.
    connectAccountId: text(),
    applicationFeeCents: integer(),
    holdExpiresAt: integer().notNull(),
    shippingAddress: text({ mode: "json" }).$type<Record<string, unknown>>(),
    needsShipping: integer({ mode: "boolean" }).notNull(),
    /** The creator's terms the first session attempt used (rates, tax, Connect), so every retry sends the same. */
    sessionTerms: text({ mode: "json" }).$type<SessionTerms>(),
    // The storefront origin the buyer checked out on: links in emails sent later (from the queue) point there.
    origin: text(),
    cancelReason: text(),
    paidAt: integer(),
    refundRequestedAt: integer(),
    refundedAt: integer(),
    // The refund in flight (automatic or the creator's): retried until the processor confirms it.
    refundStatus: text({ enum: ["pending", "succeeded", "failed"] }),
    refundAmountCents: integer(),
    refundAttempts: integer().notNull().default(0),
    refundLastError: text(),
    // While a payment is being applied (holds committed, status moved), no other delivery may apply one.
    paymentLeaseUntil: integer(),
    // The discount code applied at checkout (as the buyer typed it) and what it took off the items.
    discountId: text().references(() => discounts.id),
    discountCode: text(),
    discountCents: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("orders_creator_status_idx").on(t.creatorId, t.status, t.id),
    index("orders_discount_idx").on(t.discountId, t.status),
    index("orders_creator_idx").on(t.creatorId, t.id),
    index("orders_payment_intent_idx").on(t.paymentIntentId),
    // Customers: one creator's orders by buyer (the list pages by email; an erasure finds every order of one).
    index("orders_creator_email_idx").on(t.creatorId, t.buyerEmail),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    variantId: text()
      .notNull()
      .references(() => variants.id),
    kind: text({ enum: ["physical", "digital", "membership"] }).notNull(),
    title: text().notNull(),
    sku: text().notNull(),
    quantity: integer().notNull(),
    unitPriceCents: integer().notNull(),
    // This line's share of the order's discount (the processor is sent the discounted line).
    discountCents: integer().notNull().default(0),
    // The hold behind this line: the drop reservation, or the variant object's hold for a cart line (null: untracked).
    holdId: text(),
    holdScope: text({ enum: ["drop", "variant"] }),
    position: integer().notNull(),
    fulfilledAt: integer(),
    providerReference: text(),
    carrier: text(),
    trackingNumber: text(),
    shippedAt: integer(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId, t.position)],
);

// Each Stripe event id is processed once; processed_at NULL means a delivery is (or was) mid-way and may resume.
export const stripeEvents = sqliteTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  orderId: text(),
  // For charge events: the payment intent, so a refund that arrives before its order knows the intent is found later.
  paymentIntentId: text(),
  receivedAt: integer().notNull(),
  processedAt: integer(),
}, (t) => [index("stripe_events_payment_intent_idx").on(t.paymentIntentId)]);

// The outbox of fulfillment jobs: one row per order, written before the queue message, so no paid order is lost.
export const fulfillmentJobs = sqliteTable(
  "fulfillment_jobs",
  {
    id: text().primaryKey(),
    orderId: text("order_id")
      .notNull()
      .unique()
      .references(() => orders.id),
    creatorId: text().notNull(),
    status: text({ enum: ["queued", "done", "dead"] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    ...timestamps,
  },
  (t) => [index("fulfillment_jobs_creator_status_idx").on(t.creatorId, t.status)],
);

export const downloadGrants = sqliteTable(
  "download_grants",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    orderItemId: text("order_item_id").notNull().unique(),
    productId: text().notNull(),
    creatorId: text().notNull(),
    fileKey: text().notNull(),
    fileName: text().notNull(),
    expiresAt: integer().notNull(),
    maxDownloads: integer().notNull(),
    downloadCount: integer().notNull().default(0),
    // The last GET that counted: ranges not starting at byte 0 within an hour of it are free (resuming).
    lastCountedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [index("download_grants_order_idx").on(t.orderId)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: text().primaryKey(),
    creatorId: text().notNull(),
    orderId: text().notNull(),
    orderItemId: text("order_item_id").notNull().unique(),
    productId: text().notNull(),
    buyerEmail: text().notNull(),
    tier: text().notNull(),
    startsAt: integer().notNull(),
    endsAt: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index("memberships_creator_idx").on(t.creatorId, t.id), index("memberships_buyer_idx").on(t.creatorId, t.buyerEmail, t.tier)],
);

// Jobs that failed for good, with their last error, for the creator to inspect and replay.
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text().primaryKey(),
    messageId: text("message_id").notNull().unique(),
    creatorId: text(),
    orderId: text(),
    jobId: text(),
    type: text().notNull(),
    body: text({ mode: "json" }).notNull(),
    error: text().notNull(),
    attempts: integer().notNull(),
    createdAt: integer().notNull(),
    replayedAt: integer(),
  },
  (t) => [index("dead_letters_creator_idx").on(t.creatorId, t.id)],
);

// Buyer email outbox: written once per order and kind; delivery failures never block fulfillment.
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text().primaryKey(),
    orderId: text().notNull(),
    kind: text().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    /** The HTML alternative, rendered once with the text so a retry sends the same message (null: text only). */
    html: text(),
    status: text({ enum: ["pending", "sent", "logged", "failed"] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: integer().notNull(),
    sentAt: integer(),
  },
  (t) => [uniqueIndex("email_outbox_order_kind_uq").on(t.orderId, t.kind)],
);


// Sensitive admin actions (erasures, exports, tokens, payout and webhook settings, refunds, replays), for the creator
// to read. `token_id` is the admin token that acted (null: the platform or development tooling). Never a buyer's email.
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id").notNull(),
    tokenId: text("token_id"),
    action: text("action").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("audit_log_creator_idx").on(t.creatorId, t.id)],
);

// Creator webhooks (API.md "Outbound webhooks"): a subscription to some event types, signed with its own secret.
// DELETE sets `deletedAt`; its deliveries stay for the log, and nothing new is sent to it.
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text().primaryKey(),
    creatorId: text()
      .notNull()
      .references(() => creators.id),
    url: text().notNull(),
    events: text({ mode: "json" }).$type<WebhookEventType[]>().notNull(),
    secret: text().notNull(),
    createdAt: integer().notNull(),
    deletedAt: integer(),
  },
  (t) => [index("webhooks_creator_idx").on(t.creatorId, t.id)],
);

// One row per webhook and event (unique: a re-emitted event never makes a second delivery); `payload` is the exact
// body sent on every attempt and replay.
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id),
    eventId: text().notNull(),
    type: text({ enum: WEBHOOK_EVENTS }).notNull(),
    payload: text().notNull(),
    status: text({ enum: ["pending", "delivered", "failed", "dead"] }).notNull(),
    attempts: integer().notNull(),
    lastResponseStatus: integer(),
    lastAttemptAt: integer(),
  },
  (t) => [uniqueIndex("webhook_deliveries_event_uq").on(t.webhookId, t.eventId), index("webhook_deliveries_event_idx").on(t.eventId)],
);
