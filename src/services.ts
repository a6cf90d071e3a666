// The composition root: every dependency a use case may need, built once per request (app middleware) or per queue
// batch (the consumer) from the Worker's bindings and configuration, and handed to use cases typed and complete.
// Use cases declare the slice they need (OrderDeps, CatalogDeps, …); `Services` satisfies each of them.
import { createMediaStore } from "./catalog/media-store";
import { handleStripeWebhook } from "./checkout/stripe-events";
import { createDb, createReplicaDb, type Db } from "./db/client";
import type { EmailConfig } from "./fulfillment/email";
import type { DiscountNamespace, InventoryNamespace, ShardNamespace } from "./inventory/inventory-client";
import { DEFAULT_SHARDS, MAX_SHARDS } from "./shared/queue";
import type { PaymentProcessor } from "./payments/processor";
import { createSimulatedProcessor } from "./payments/simulated-processor";
import { createStripeProcessor } from "./payments/stripe-processor";
import type { JobQueue } from "./shared/bindings";
import { DomainError } from "./shared/errors";
import type { MediaStore } from "./shared/uploads";

export interface Services {
  db: Db;
  /** Public catalog reads for cached pages, from a D1 read replica when one is nearer (db/client.ts). */
  replicaDb: () => Db;
  inventory: InventoryNamespace;
  /** One object per discount code: the only place a redemption is decided. */
  discounts: DiscountNamespace;
  /** A drop's shard objects: queue tickets and live sockets. */
  shards: ShardNamespace;
  /** Shard objects each new drop gets (DROP_SHARD_COUNT, 1–256). */
  dropShardCount: number;
  queue: JobQueue;
  files: R2Bucket;
  /** The Images binding: checks uploads, makes the resized copies pages show. */
  images: ImagesBinding;
  /** Where use cases store images (originals in R2, checked by the Images binding). */
  media: MediaStore;
  /** Static files served through the Worker (the admin OpenAPI document). */
  assets: Fetcher;
  email: EmailConfig;
  /** Keys order tokens and download links (HMAC). */
  signingSecret: string;
  /** Verifies Stripe's webhook signatures (and signs the simulated processor's events). */
  webhookSecret: string;
  /** Development without a Stripe key: the simulated processor (and its checkout page) is on. */
  simulatedPayments: boolean;
  /** ENVIRONMENT=development: dev routes answer, loopback webhook URLs are allowed. */
  development: boolean;
  /** Cloudflare Turnstile: the secret verifies raffle entries (empty: no bot check), the site key renders the widget. */
  turnstileSecret: string;
  turnstileSiteKey: string;
  /** The platform's fee on Connect destination charges, in basis points. */
  platformFeeBps: number;
  /** The payment processor, built on first use (only the routes that take or return money pay for Stripe's client). */
  processor: () => PaymentProcessor;
}

const DEV_SIGNING_SECRET = "dropfront-development-signing-secret";
/** Used only in development when STRIPE_WEBHOOK_SECRET is empty; production never accepts it. */
const DEV_WEBHOOK_SECRET = "whsec_dropfront_development_only";

/** The simulated processor runs only in development without a Stripe key (the deployed default fails closed). */
function isSimulated(env: Pick<Env, "ENVIRONMENT" | "STRIPE_SECRET_KEY">): boolean {
  return DEV_TOOLS && env.ENVIRONMENT === "development" && !env.STRIPE_SECRET_KEY;
}

function webhookSecret(env: Pick<Env, "ENVIRONMENT" | "STRIPE_WEBHOOK_SECRET">): string {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (env.ENVIRONMENT === "development") return DEV_WEBHOOK_SECRET;
  throw new DomainError("payments_unavailable", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).");
}

export function signingSecret(env: Pick<Env, "SIGNING_SECRET" | "ENVIRONMENT">): string {
  if (env.SIGNING_SECRET) return env.SIGNING_SECRET;
  if (env.ENVIRONMENT === "development") return DEV_SIGNING_SECRET;
  throw new Error("SIGNING_SECRET is not set");
}

function dropShardCount(env: Env): number {
  const n = Number(env.DROP_SHARD_COUNT ?? DEFAULT_SHARDS);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SHARDS ? n : DEFAULT_SHARDS;
}

function platformFeeBps(env: Env): number {
  const fee = Number(env.PLATFORM_FEE_BPS ?? 0);
  return Number.isInteger(fee) && fee >= 0 && fee <= 10_000 ? fee : 0;
}

export function buildServices(env: Env): Services {
  let processor: PaymentProcessor | undefined;
  const services: Services = {
    db: createDb(env.DB),
    replicaDb: () => createReplicaDb(env.DB),
    inventory: env.INVENTORY,
    discounts: env.DISCOUNTS,
    shards: env.DROP_SHARDS,
    dropShardCount: dropShardCount(env),
    queue: env.FULFILLMENT_QUEUE as JobQueue,
    files: env.FILES,
    images: env.IMAGES,
    media: createMediaStore(env.FILES, env.IMAGES),
    assets: env.ASSETS,
    email: { EMAIL: env.EMAIL, assets: env.ASSETS, EMAIL_API_URL: env.EMAIL_API_URL, EMAIL_API_KEY: env.EMAIL_API_KEY, EMAIL_FROM: env.EMAIL_FROM },
    get signingSecret() {
      // Read when used: a route that never signs anything works without the secret.
      return signingSecret(env);
    },
    get webhookSecret() {
      return webhookSecret(env);
    },
    simulatedPayments: isSimulated(env),
    development: env.ENVIRONMENT === "development",
    turnstileSecret: env.TURNSTILE_SECRET_KEY ?? "",
    turnstileSiteKey: env.TURNSTILE_SITE_KEY ?? "",
    platformFeeBps: platformFeeBps(env),
    processor: () => {
      if (processor) return processor;
      if (env.STRIPE_SECRET_KEY) processor = createStripeProcessor(env.STRIPE_SECRET_KEY);
      else if (DEV_TOOLS && services.simulatedPayments) {
        // The simulated processor's events take the very path Stripe's deliveries take.
        const secret = services.webhookSecret;
        processor = createSimulatedProcessor({ secret, deliver: (raw, signature) => handleStripeWebhook(services, raw, signature, secret) });
      } else throw new DomainError("payments_unavailable", "Payments are not configured for this store yet.");
      return processor;
    },
  };
  return services;
}
