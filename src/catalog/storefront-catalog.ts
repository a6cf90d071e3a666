// What the storefront pages show, read from the catalog (D1): a creator's home, a product, a drop, the sitemap. Null
// means an unknown handle; a known creator with an unknown product or drop comes back without it, so the 404 page
// can carry the store's header (neither is ever cached). Live numbers (stock, status) are never here: pages get them
// from the buyer API.
import type { Db } from "../db/client";
import { findCreatorByHandle } from "../db/creators-store";
import { activeProductBySlug, activeProducts, dropBySlug, dropCardItems, sitemapRows, visibleDrops } from "../db/storefront-store";
import { itemTitle, lacksFile } from "./products";

export async function storefrontHome(db: Db, handle: string, now = Date.now()) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const [products, drops] = await Promise.all([activeProducts(db, creator.id), visibleDrops(db, creator.id, now)]);
  const items = Map.groupBy(await dropCardItems(db, drops.map((d) => d.id)), (i) => i.dropId);
  const cards = drops.map((d) => {
    const own = items.get(d.id) ?? [];
    const cheapest = own.reduce<(typeof own)[number] | undefined>((low, i) => (low && low.priceCents <= i.priceCents ? low : i), undefined);
    return { ...d, from: cheapest ? { cents: cheapest.priceCents, currency: cheapest.currency } : null, image: null };
  });
  return { creator, products, drops: cards };
}

export async function storefrontProduct(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  return creator ? { creator, product: await activeProductBySlug(db, creator.id, slug) } : null;
}

/** A drop's page data; a canceled drop keeps its page (a shared link says "Canceled", never "not found"). */
export async function storefrontDrop(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const drop = await dropBySlug(db, creator.id, slug);
  if (!drop) return { creator };
  const items = drop.items.map(({ item, variant, product }) => ({
    variantId: item.variantId,
    title: itemTitle(product, variant),
    priceCents: item.priceCents,
    currency: item.currency,
    quantity: item.quantity,
    forSale: !lacksFile(product),
  }));
  // The share card's picture: the first item's product image.
  const imageKey = drop.items.find(({ product }) => product.imageKey)?.product.imageKey ?? null;
  return { creator, drop, items, imageKey };
}

/** The creator's public pages for search engines: the home, active products, drops not canceled nor ended. */
export async function storefrontSitemap(db: Db, handle: string, now = Date.now()) {
  const creator = await findCreatorByHandle(db, handle);
  return creator ? { creator, ...(await sitemapRows(db, creator.id, now)) } : null;
}
