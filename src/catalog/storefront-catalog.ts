// What the storefront pages show, read from the catalog (D1): a creator's home, a product, a drop. Null means not
// found (never cached). Live numbers (stock, status) are never here: pages get them from the buyer API.
import type { Db } from "../db/client";
import { findCreatorByHandle } from "../db/creators-store";
import { activeProductBySlug, activeProducts, dropBySlug, visibleDrops } from "../db/storefront-store";
import { itemTitle, lacksFile } from "./products";

export async function storefrontHome(db: Db, handle: string, now = Date.now()) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const [products, drops] = await Promise.all([activeProducts(db, creator.id), visibleDrops(db, creator.id, now)]);
  return { creator, products, drops };
}

export async function storefrontProduct(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  const product = creator && (await activeProductBySlug(db, creator.id, slug));
  return creator && product ? { creator, product } : null;
}

/** A drop's page data; a canceled drop keeps its page (a shared link says "Canceled", never "not found"). */
export async function storefrontDrop(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  const drop = creator && (await dropBySlug(db, creator.id, slug));
  if (!creator || !drop) return null;
  const items = drop.items.map(({ item, variant, product }) => ({
    variantId: item.variantId,
    title: itemTitle(product, variant),
    priceCents: item.priceCents,
    currency: item.currency,
    quantity: item.quantity,
    forSale: !lacksFile(product),
  }));
  return { creator, drop, items };
}
