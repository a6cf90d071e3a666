// The buyer's product read (API.md "Buyer API"): a public product's variants with their live stock, the source product
// pages read it from (their cached HTML never carries stock). A tracked variant's stock comes from its inventory object,
// the authority, never from D1's display copy. A malformed, unknown, draft or archived id is a 404 that never reaches
// (or creates) an object. The read goes through a micro-cache of at most 1 s, like the drop read.
import type { Db } from "../db/client";
import { activeProductById } from "../db/storefront-store";
import { variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import { notFound } from "../shared/errors";
import { idPattern } from "../shared/ids";
import { createReadCache } from "./drop-read-cache";

const PRODUCT_ID = idPattern("prd");

export interface PublicProduct {
  id: string;
  slug: string;
  title: string;
  /** `available: null` is untracked stock (never runs out). */
  variants: { id: string; title: string; priceCents: number; currency: string; available: number | null }[];
}

// A product page's visitors poll this on load and on every tab return: each isolate asks D1 and the variants' objects at
// most once a second per product. Writes do not clear it (the write's own answer is the fresh source), so a sale or
// an archive shows here within the second.
const productReads = createReadCache<PublicProduct>({ ttlMs: 1000, maxEntries: 1000 });

export async function readProduct(deps: { db: Db; inventory: InventoryNamespace }, productId: string): Promise<PublicProduct> {
  if (!PRODUCT_ID.test(productId)) throw notFound("Product");
  const { value } = await productReads.read(productId, async () => {
    // Looked up first: only variants of a public product reach an object (addressing one instantiates it).
    const product = await activeProductById(deps.db, productId);
    if (!product) throw notFound("Product");
    const variants = await Promise.all(
      product.variants.map(async (v) => ({
        id: v.id,
        title: v.title,
        priceCents: v.priceCents ?? product.priceCents,
        currency: product.currency,
        // D1's copy only seeds an object never touched before (as a cart's first reservation would).
        available: v.stock === null ? null : (await variantObject(deps.inventory, v.id).stockCounts({ variantId: v.id, seedStock: v.stock })).available,
      })),
    );
    return { id: product.id, slug: product.slug, title: product.title, variants };
  });
  return value;
}
