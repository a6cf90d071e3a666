// Schemas for creators, their settings and their admin tokens.
import { z } from "@hono/zod-openapi";
import { CurrencySchema, EmailSchema, HandleSchema, PriceCentsSchema, TitleSchema, publicUrlSchema } from "../shared/fields";

export const CreateCreatorSchema = z
  .strictObject({
    handle: HandleSchema,
    displayName: TitleSchema,
    email: EmailSchema,
    currency: CurrencySchema.optional(),
  })
  .openapi("CreateCreator");

export const CreatorSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    handle: z.string(),
    displayName: z.string(),
    email: z.string(),
    currency: z.string(),
    createdAt: z.string(),
  })
  .openapi("Creator");

export const CreateTokenSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    readOnly: z.boolean().optional(),
  })
  .openapi("CreateToken");

export const TokenSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    name: z.string(),
    readOnly: z.boolean(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("Token");

/** A cart line holds at most 100 units (the checkout schema), a cart at most 50 lines. */
const MAX_CART_LINE_UNITS = 100;
const MAX_CART_EMAIL_UNITS = 5_000;

const AccentColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #7c3aed.");

export function settingsPatchSchema(allowLoopback: boolean) {
  const url = publicUrlSchema(allowLoopback);
  const theme = {
    accentColor: AccentColorSchema.nullable().optional(),
    avatarUrl: url.nullable().optional(),
    bannerUrl: url.nullable().optional(),
  };
  return z
    .strictObject({
      displayName: TitleSchema.optional(),
      theme: z.strictObject(theme).optional(),
      ...theme,
      fulfillmentWebhookUrl: url.nullable().optional(),
      stripeAccountId: z
        .string()
        .regex(/^acct_[A-Za-z0-9]{6,64}$/, "Use a Stripe Connect account id (acct_…).")
        .nullable()
        .optional(),
      cartLimits: z
        .strictObject({
          maxPerLine: z.number().int().min(1).max(MAX_CART_LINE_UNITS).nullable().optional(),
          maxPerEmail: z.number().int().min(1).max(MAX_CART_EMAIL_UNITS).nullable().optional(),
        })
        .optional()
        .openapi({ description: DOCS ? "Units one cart line, and one email across its pending orders, may hold (defaults 10 and 20; null restores the default)." : undefined }),
      automaticTax: z.boolean().optional().openapi({ description: DOCS ? "Stripe Tax on checkout sessions (orders then carry taxCents)." : undefined }),
      shippingRates: z
        .array(
          z
            .strictObject({ name: TitleSchema, amountCents: PriceCentsSchema, minDays: z.number().int().min(1).max(365).optional(), maxDays: z.number().int().min(1).max(365).optional() })
            .refine((r) => r.minDays === undefined || r.maxDays === undefined || r.minDays <= r.maxDays, { message: "minDays must not exceed maxDays.", path: ["maxDays"] }),
        )
        .max(5)
        .refine((rates) => new Set(rates.map((r) => r.name.toLowerCase())).size === rates.length, "Each rate needs its own name.")
        .optional()
        .openapi({ description: DOCS ? "Offered at checkout when physical items are in the order (at most 5; Stripe's limit); [] offers none." : undefined }),
    });
}

export const SettingsPatchSchema = settingsPatchSchema(false);

export const SettingsSchema = /* @__PURE__ */ z
  .object({
    handle: z.string(),
    displayName: z.string(),
    email: z.string(),
    currency: z.string(),
    theme: z.object({
      accentColor: z.string().nullable(),
      avatarUrl: z.string().nullable(),
      bannerUrl: z.string().nullable(),
    }),
    accentColor: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    bannerUrl: z.string().nullable(),
    fulfillmentWebhookUrl: z.string().nullable(),
    fulfillmentWebhookSecret: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: DOCS ? "Shown to write tokens only; omitted for read-only tokens." : undefined }),
    stripeAccountId: z.string().nullable(),
    automaticTax: z.boolean(),
    shippingRates: z.array(z.object({ name: z.string(), amountCents: z.number().int(), minDays: z.number().int().optional(), maxDays: z.number().int().optional() })),
    cartLimits: z
      .object({ maxPerLine: z.number().int(), maxPerEmail: z.number().int() })
      .openapi({ description: DOCS ? "A cart over either answers 409 limit_exceeded; units in the email's pending orders count toward maxPerEmail." : undefined }),
  })
  .openapi("Settings");

export type CreateCreatorInput = z.infer<typeof CreateCreatorSchema>;
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type Token = z.infer<typeof TokenSchema>;
