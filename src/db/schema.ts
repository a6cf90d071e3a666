// The D1 catalog schema (drizzle). Money is integer minor units; times are epoch milliseconds.
// drizzle-kit turns this file into the SQL migrations in migrations/.

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ORDER_STATUSES } from "../shared/order-states";

const timestamps = {
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
};

export const creators = sqliteTable("creators", {
  id: text("id").primaryKey(),
  handle: text("handle").notNull().unique(),
  displayName: text("display_name").notNull(),
  email: text("email").notNull(),
  currency: text("currency").notNull(),
  accentColor: text("accent_color"),
  avatarUrl: text("avatar_url"),
  bannerUrl: text("banner_url"),
  fulfillmentWebhookUrl: text("fulfillment_webhook_url"),
  fulfillmentWebhookSecret: text("fulfillment_webhook_secret"),
  stripeAccountId: text("stripe_account_id"),
  // Cart limits (null: the defaults in API.md, 10 units per line and 20 per email).
  cartMaxPerLine: integer("cart_max_per_line"),
  cartMaxPerEmail: integer("cart_max_per_email"),
  ...timestamps,
});

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    readOnly: integer("read_only", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_tokens_creator_idx").on(t.creatorId, t.id)],
);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: ["physical", "digital", "membership"] }).notNull(),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["draft", "active", "archived"] }).notNull(),
    // Digital products: the file in R2 and the terms of each download grant.
    fileKey: text("file_key"),
    fileName: text("file_name"),
    fileContentType: text("file_content_type"),
    fileSize: integer("file_size"),
    downloadExpiryDays: integer("download_expiry_days"),
    downloadLimit: integer("download_limit"),
    // Memberships: the tier granted and its length.
    membershipTier: text("membership_tier"),
    membershipDays: integer("membership_days"),
    /** Pay what you want (digital and membership): the least a buyer may pay; `priceCents` is then the suggestion. */
    minPriceCents: integer("min_price_cents"),
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
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    priceCents: integer("price_cents"),
    // null = untracked (unlimited). For tracked variants a display copy: the variant's inventory object owns the count.
    stock: integer("stock"),
    position: integer("position").notNull(),
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
    id: text("id").primaryKey(),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    key: text("key").notNull(),
    width: integer("width"),
    height: integer("height"),
    alt: text("alt").notNull().default(""),
    position: integer("position").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("product_images_product_idx").on(t.creatorId, t.productId, t.position)],
);

// Responses of admin/platform POSTs by Idempotency-Key. A row with status_code NULL is a request in flight.
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);


export const drops = sqliteTable(
  "drops",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at"),
    perBuyerLimit: integer("per_buyer_limit").notNull(),
    holdSeconds: integer("hold_seconds").notNull(),
    canceledAt: integer("canceled_at"),
    // How buyers get units: first come ("open"), a fair queue shuffled at startsAt ("queue") or a raffle ("raffle").
    admission: text("admission", { enum: ["open", "queue", "raffle"] }).notNull().default("open"),
    // Raffle: how long a winner's hold lasts, and the SHA-256 of the secret seed, public from creation.
    claimSeconds: integer("claim_seconds"),
    raffleCommitment: text("raffle_commitment"),
    // Queue: when joins open, admissions per second, how long an admission lasts (null in other modes).
    queueOpensAt: integer("queue_opens_at"),
    admissionRate: integer("admission_rate"),
    admissionSeconds: integer("admission_seconds"),
    ...timestamps,
  },
  (t) => [uniqueIndex("drops_creator_slug_uq").on(t.creatorId, t.slug), index("drops_creator_starts_idx").on(t.creatorId, t.startsAt)],
);

// Drop items. available/held/sold are a display snapshot written by the drop's inventory object; they never decide a sale.
export const dropItems = sqliteTable(
  "drop_items",
  {
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    quantity: integer("quantity").notNull(),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull(),
    position: integer("position").notNull(),
    available: integer("available").notNull(),
    held: integer("held").notNull().default(0),
    sold: integer("sold").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.dropId, t.variantId] }), index("drop_items_variant_idx").on(t.variantId)],
);


export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id")
      .notNull()
      .references(() => creators.id),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    buyerEmail: text("buyer_email").notNull(),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    dropId: text("drop_id").references(() => drops.id),
    // A drop order's hold; unique so a second checkout for the same reservation finds the same order.
    reservationId: text("reservation_id").unique(),
    checkoutSessionId: text("checkout_session_id").unique(),
    checkoutUrl: text("checkout_url"),
    paymentIntentId: text("payment_intent_id"),
    // Set when the charge is a Connect destination charge, so its refund reverses the transfer and the fee.
    connectAccountId: text("connect_account_id"),
    applicationFeeCents: integer("application_fee_cents"),
    holdExpiresAt: integer("hold_expires_at").notNull(),
    shippingAddress: text("shipping_address", { mode: "json" }).$type<Record<string, unknown>>(),
    needsShipping: integer("needs_shipping", { mode: "boolean" }).notNull(),
    // The storefront origin the buyer checked out on: links in emails sent later (from the queue) point there.
    origin: text("origin"),
    cancelReason: text("cancel_reason"),
    paidAt: integer("paid_at"),
    refundRequestedAt: integer("refund_requested_at"),
    refundedAt: integer("refunded_at"),
    // The refund in flight (automatic or the creator's): retried until the processor confirms it.
    refundStatus: text("refund_status", { enum: ["pending", "succeeded", "failed"] }),
    refundAmountCents: integer("refund_amount_cents"),
    refundAttempts: integer("refund_attempts").notNull().default(0),
    refundLastError: text("refund_last_error"),
    // While a payment is being applied (holds committed, status moved), no other delivery may apply one.
    paymentLeaseUntil: integer("payment_lease_until"),
    ...timestamps,
  },
  (t) => [
    index("orders_creator_status_idx").on(t.creatorId, t.status, t.id),
    index("orders_creator_idx").on(t.creatorId, t.id),
    index("orders_payment_intent_idx").on(t.paymentIntentId),
    // Customers: one creator's orders by buyer (the list pages by email; an erasure finds every order of one).
    index("orders_creator_email_idx").on(t.creatorId, t.buyerEmail),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    kind: text("kind", { enum: ["physical", "digital", "membership"] }).notNull(),
    title: text("title").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    // The hold behind this line: the drop reservation, or the variant object's hold for a cart line (null: untracked).
    holdId: text("hold_id"),
    holdScope: text("hold_scope", { enum: ["drop", "variant"] }),
    position: integer("position").notNull(),
    fulfilledAt: integer("fulfilled_at"),
    providerReference: text("provider_reference"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    shippedAt: integer("shipped_at"),
  },
  (t) => [index("order_items_order_idx").on(t.orderId, t.position)],
);

// Each Stripe event id is processed once; processed_at NULL means a delivery is (or was) mid-way and may resume.
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  orderId: text("order_id"),
  // For charge events: the payment intent, so a refund that arrives before its order knows the intent is found later.
  paymentIntentId: text("payment_intent_id"),
  receivedAt: integer("received_at").notNull(),
  processedAt: integer("processed_at"),
}, (t) => [index("stripe_events_payment_intent_idx").on(t.paymentIntentId)]);

// The outbox of fulfillment jobs: one row per order, written before the queue message, so no paid order is lost.
export const fulfillmentJobs = sqliteTable(
  "fulfillment_jobs",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .unique()
      .references(() => orders.id),
    creatorId: text("creator_id").notNull(),
    status: text("status", { enum: ["queued", "done", "dead"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    ...timestamps,
  },
  (t) => [index("fulfillment_jobs_creator_status_idx").on(t.creatorId, t.status)],
);

export const downloadGrants = sqliteTable(
  "download_grants",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    orderItemId: text("order_item_id").notNull().unique(),
    productId: text("product_id").notNull(),
    creatorId: text("creator_id").notNull(),
    fileKey: text("file_key").notNull(),
    fileName: text("file_name").notNull(),
    expiresAt: integer("expires_at").notNull(),
    maxDownloads: integer("max_downloads").notNull(),
    downloadCount: integer("download_count").notNull().default(0),
    // The last GET that counted: ranges not starting at byte 0 within an hour of it are free (resuming).
    lastCountedAt: integer("last_counted_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("download_grants_order_idx").on(t.orderId)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    creatorId: text("creator_id").notNull(),
    orderId: text("order_id").notNull(),
    orderItemId: text("order_item_id").notNull().unique(),
    productId: text("product_id").notNull(),
    buyerEmail: text("buyer_email").notNull(),
    tier: text("tier").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("memberships_creator_idx").on(t.creatorId, t.id), index("memberships_buyer_idx").on(t.creatorId, t.buyerEmail, t.tier)],
);

// Jobs that failed for good, with their last error, for the creator to inspect and replay.
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id").notNull().unique(),
    creatorId: text("creator_id"),
    orderId: text("order_id"),
    jobId: text("job_id"),
    type: text("type").notNull(),
    body: text("body", { mode: "json" }).notNull(),
    error: text("error").notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: integer("created_at").notNull(),
    replayedAt: integer("replayed_at"),
  },
  (t) => [index("dead_letters_creator_idx").on(t.creatorId, t.id)],
);

// Buyer email outbox: written once per order and kind; delivery failures never block fulfillment.
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull(),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The HTML alternative, rendered once with the text so a retry sends the same message (null: text only). */
    html: text("html"),
    status: text("status", { enum: ["pending", "sent", "logged", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
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
