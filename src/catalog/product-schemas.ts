// Request and response schemas for products; the routes validate with them and the OpenAPI document is built from them.
import { z } from "@hono/zod-openapi";
import { CursorSchema, CurrencySchema, LimitSchema, PriceCentsSchema, SlugSchema, TitleSchema } from "../shared/fields";
import { moneyAmountIssue } from "../shared/money";

const SkuSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, underscores or hyphens.");
const StockSchema = z.number().int().min(0).max(10_000_000).nullable();
const LowStockSchema = StockSchema.optional().openapi({ description: DOCS ? "inventory.low fires when a tracked variant's available stock falls to or below it (null: never)." : undefined });

const ProductKindSchema = z.enum(["physical", "digital", "membership"]);

/** Terms per kind: download grants (digital) and the tier granted (membership). */
const kindTerms = {
  downloadExpiryDays: z.number().int().min(1).max(3650).optional().openapi({ description: DOCS ? "Digital: days a download link stays valid (default 7)." : undefined }),
  downloadLimit: z.number().int().min(1).max(1000).optional().openapi({ description: DOCS ? "Digital: downloads per link (default 5)." : undefined }),
  membershipTier: z.string().trim().min(1).max(100).optional().openapi({ description: DOCS ? "Membership: tier granted (default: the title)." : undefined }),
  membershipDays: z.number().int().min(1).max(3650).optional().openapi({ description: DOCS ? "Membership: length in days (default 30)." : undefined }),
  minPriceCents: PriceCentsSchema.nullable()
    .optional()
    .openapi({ description: DOCS ? "Digital and membership: pay what you want, at least this much (0 = free allowed); `priceCents` is then the suggested price. null turns it off." : undefined }),
};

const VariantInputSchema = z.strictObject({
  sku: SkuSchema,
  title: TitleSchema,
  priceCents: PriceCentsSchema.optional(),
  stock: StockSchema.optional().openapi({ description: DOCS ? "Units on hand; null or omitted = untracked." : undefined }),
  lowStockThreshold: LowStockSchema,
});

export const CreateProductSchema = z
  .strictObject({
    slug: SlugSchema,
    title: TitleSchema,
    description: z.string().max(10_000).optional(),
    kind: ProductKindSchema,
    priceCents: PriceCentsSchema,
    currency: CurrencySchema.optional(),
    status: z.enum(["draft", "active"]).optional(),
    ...kindTerms,
    stock: StockSchema.optional().openapi({ description: DOCS ? "Stock of the default variant when `variants` is omitted." : undefined }),
    variants: z.array(VariantInputSchema).min(1).max(100).optional(),
  })
  .superRefine((body, ctx) => {
    const skus = (body.variants ?? []).map((v) => v.sku);
    skus.forEach((sku, i) => {
      if (skus.indexOf(sku) !== i) ctx.addIssue({ code: "custom", path: ["variants", i, "sku"], message: "Duplicate SKU." });
    });
    if (body.variants && body.stock !== undefined) {
      ctx.addIssue({ code: "custom", path: ["stock"], message: "Set stock on each variant instead." });
    }
    // With the creator's default currency the use case checks the same rule once it knows the currency.
    if (body.currency) {
      const prices = [{ path: ["priceCents"], amount: body.priceCents }, ...(body.variants ?? []).map((v, i) => ({ path: ["variants", i, "priceCents"], amount: v.priceCents }))];
      for (const { path, amount } of prices) {
        const message = amount === undefined ? null : moneyAmountIssue(amount, body.currency);
        if (message) ctx.addIssue({ code: "custom", path, message });
      }
    }
  })
  .openapi("CreateProduct");

const VariantPatchSchema = z.strictObject({
  id: z.string().max(64).optional().openapi({ description: DOCS ? "An existing variant to change; omit to add a variant." : undefined }),
  sku: SkuSchema.optional(),
  title: TitleSchema.optional(),
  priceCents: PriceCentsSchema.nullable().optional(),
  stock: StockSchema.optional(),
  lowStockThreshold: LowStockSchema,
});

export const UpdateProductSchema = z
  .strictObject({
    slug: SlugSchema.optional(),
    title: TitleSchema.optional(),
    description: z.string().max(10_000).optional(),
    priceCents: PriceCentsSchema.optional(),
    status: z.enum(["draft", "active", "archived"]).optional(),
    ...kindTerms,
    variants: z.array(VariantPatchSchema).min(1).max(100).optional(),
  })
  .superRefine((body, ctx) => {
    body.variants?.forEach((v, i) => {
      if (!v.id && (!v.sku || !v.title)) {
        ctx.addIssue({ code: "custom", path: ["variants", i], message: "A new variant needs sku and title." });
      }
    });
  })
  .openapi("UpdateProduct");

export const ListProductsQuerySchema = z.object({
  limit: LimitSchema,
  cursor: CursorSchema,
  status: z.enum(["draft", "active", "archived"]).optional(),
});

const VariantSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    sku: z.string(),
    title: z.string(),
    priceCents: z.number().int(),
    stock: z.number().int().nullable(),
    lowStockThreshold: z.number().int().nullable(),
  })
  .openapi("Variant");

export const ImageAltSchema = z.string().trim().max(1000);

export const ProductImageSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    url: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    alt: z.string(),
  })
  .openapi("ProductImage", { description: DOCS ? "Width and height are measured at upload (null only for images stored before they were measured)." : undefined });

export const ProductSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    kind: ProductKindSchema,
    priceCents: z.number().int(),
    currency: z.string(),
    status: z.enum(["draft", "active", "archived"]),
    downloadExpiryDays: z.number().int().nullable(),
    downloadLimit: z.number().int().nullable(),
    membershipTier: z.string().nullable(),
    membershipDays: z.number().int().nullable(),
    minPriceCents: z.number().int().nullable().openapi({ description: DOCS ? "Pay what you want: the least a buyer may pay (null: the fixed price)." : undefined }),
    hasFile: z.boolean().optional().openapi({ description: DOCS ? "Digital products only: whether the file is uploaded (without it the product is not for sale)." : undefined }),
    file: z.object({ name: z.string(), contentType: z.string(), size: z.number().int() }).nullable(),
    imageUrl: z.string().nullable().openapi({ description: DOCS ? "The first image's URL (null without images)." : undefined }),
    images: z.array(ProductImageSchema).openapi({ description: DOCS ? "At most 10, in display order." : undefined }),
    variants: z.array(VariantSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Product");

export type CreateProductInput = z.infer<typeof CreateProductSchema>;
export type UpdateProductInput = z.infer<typeof UpdateProductSchema>;
export type Product = z.infer<typeof ProductSchema>;
export type ProductImage = z.infer<typeof ProductImageSchema>;
