// What the storefront pages show, read from the catalog (D1): a creator's home, a product, a drop, the sitemap. Null
// means an unknown handle; a known creator with an unknown product or drop comes back without it, so the 404 page
// can carry the store's header (neither is ever cached). Live numbers (stock, status) are never here: pages get them
// from the buyer API.
import type { Db } from "../db/client";
import { findCreatorByHandle } from "../db/creators-store";
import { imagesOfProducts } from "../db/product-images-store";
import { activeProductBySlug, activeProducts, dropBySlug, dropCardItems, sitemapRows, visibleDrops } from "../db/storefront-store";
import type { StoredImage } from "../shared/media";
import { itemTitle, lacksFile } from "./products";

/** Each product's images in display order, read in one query for the whole page. */
async function imagesByProduct(db: Db, creatorId: string, productIds: string[]) {
  const byProduct = Map.groupBy(await imagesOfProducts(db, creatorId, productIds), (i) => i.productId);
  return (productId: string): StoredImage[] => byProduct.get(productId) ?? [];
}

async function withImages<T extends { id: string }>(db: Db, creatorId: string, products: T[]) {
  const imagesOf = await imagesByProduct(db, creatorId, products.map((p) => p.id));
  return products.map((p) => ({ ...p, images: imagesOf(p.id) }));
}

export async function storefrontHome(db: Db, handle: string, now = Date.now()) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const [products, drops] = await Promise.all([activeProducts(db, creator.id).then((rows) => withImages(db, creator.id, rows)), visibleDrops(db, creator.id, now)]);
  // Drop cards: the cheapest item's price and the first item's first image, with one query for the items.
  const items = Map.groupBy(await dropCardItems(db, drops.map((d) => d.id)), (i) => i.dropId);
  const imageOf = await imagesByProduct(db, creator.id, [...new Set([...items.values()].flatMap((own) => own.map((i) => i.productId)))]);
  const cards = drops.map((d) => {
    const own = items.get(d.id) ?? [];
    const cheapest = own.reduce<(typeof own)[number] | undefined>((low, i) => (low && low.priceCents <= i.priceCents ? low : i), undefined);
    const image = own.map((i) => imageOf(i.productId)[0]).find(Boolean) ?? null;
    return { ...d, from: cheapest ? { cents: cheapest.priceCents, currency: cheapest.currency } : null, image };
  });
  return { creator, products, drops: cards };
}

export async function storefrontProduct(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const product = await activeProductBySlug(db, creator.id, slug);
  return { creator, product: product && (await withImages(db, creator.id, [product]))[0]! };
}

/** A drop's page data; a canceled drop keeps its page (a shared link says "Canceled", never "not found"). */
export async function storefrontDrop(db: Db, handle: string, slug: string) {
  const creator = await findCreatorByHandle(db, handle);
  if (!creator) return null;
  const drop = await dropBySlug(db, creator.id, slug);
  if (!drop) return { creator };
  const imagesOf = await imagesByProduct(db, creator.id, drop.items.map(({ product }) => product.id));
  const items = drop.items.map(({ item, variant, product }) => ({
    variantId: item.variantId,
    title: itemTitle(product, variant),
    priceCents: item.priceCents,
    currency: item.currency,
    quantity: item.quantity,
    forSale: !lacksFile(product),
    images: imagesOf(product.id),
  }));
  return { creator, drop, items };
}

/** The creator's public pages for search engines: the home, active products, drops not canceled nor ended. */
export async function storefrontSitemap(db: Db, handle: string, now = Date.now()) {
  const creator = await findCreatorByHandle(db, handle);
  return creator ? { creator, ...(await sitemapRows(db, creator.id, now)) } : null;
}
