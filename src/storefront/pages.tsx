// Server-rendered storefront pages. Nothing here is live data: stock and drop status come from the buyer API
// and the drop's WebSocket in the browser, so these pages can be cached whole. `origin` (the request's) makes the
// canonical and share-card URLs absolute.
import { lacksFile } from "../catalog/products";
import type { CreatorRow } from "../db/creators-store";
import type { ProductRow, VariantRow } from "../db/products-store";
import type { DropRow } from "../db/drops-store";
import type { StoredImage } from "../shared/media";
import { decimalAmount, formatMoney } from "../shared/money";
import { ASSET_VERSION } from "./assets";
import { BuyFields, NotAvailableYet } from "./buy-forms";
import { QueueSection, RaffleSection } from "./fair-drop-sections";
import { DropTimes, Layout, type Share, type Theme } from "./layout";

type ProductView = ProductRow & { variants: VariantRow[]; images: StoredImage[] };

export const themeOf = (c: CreatorRow): Theme => ({ handle: c.handle, displayName: c.displayName, accentColor: c.accentColor, avatarUrl: c.avatarUrl, bannerUrl: c.bannerUrl });
const mediaPath = (imageKey: string | null) => (imageKey ? `/media/${imageKey}` : null);
const imageOf = (p: { images: StoredImage[] }) => mediaPath(p.images[0]?.key ?? null);
const pricesOf = (p: ProductView) => (p.variants.length ? p.variants.map((v) => v.priceCents ?? p.priceCents) : [p.priceCents]);
/** The price a product is sold from: its cheapest variant's. */
const priceOf = (p: ProductView) => Math.min(...pricesOf(p));
const price = (amount: number, currency: string) => ({ amount: decimalAmount(amount, currency), currency: currency.toUpperCase() });
/** "From …" when its variants' prices differ. */
function priceLabel(p: ProductView): string {
  const lowest = formatMoney(priceOf(p), p.currency);
  return new Set(pricesOf(p)).size > 1 ? `From ${lowest}` : lowest;
}

/** A page's share card: its own image (a product's, a drop's first item's), else the creator's banner, else avatar. */
function shareOf(origin: string, path: string, creator: CreatorRow, image: string | null, extra?: Pick<Share, "price">): Share {
  const picture = image ?? creator.bannerUrl ?? creator.avatarUrl;
  return { url: origin + path, type: extra ? "product" : "website", image: picture && new URL(picture, origin).href, ...extra };
}

export function HomePage(props: { creator: CreatorRow; products: ProductView[]; drops: DropRow[]; origin: string }) {
  const { creator } = props;
  return (
    <Layout
      title={`${creator.displayName} · Dropfront`}
      description={`Merch, drops and more from ${creator.displayName}.`}
      theme={themeOf(creator)}
      share={shareOf(props.origin, `/${creator.handle}`, creator, null)}
    >
      <h1>{creator.displayName}</h1>
      {props.drops.length > 0 && (
        <section aria-labelledby="drops">
          <h2 id="drops">Drops</h2>
          <div class="grid">
            {props.drops.map((d) => (
              <article class="card">
                <h3>
                  <a href={`/${creator.handle}/drops/${d.slug}`}>{d.title}</a>
                </h3>
                <DropTimes dropId={d.id} startsAt={d.startsAt} endsAt={d.endsAt} />
              </article>
            ))}
          </div>
        </section>
      )}
      <section aria-labelledby="products">
        <h2 id="products">Shop</h2>
        {props.products.length === 0 ? (
          <p class="muted">Nothing for sale right now.</p>
        ) : (
          <div class="grid">
            {props.products.map((p) => (
              <article class="card">
                {imageOf(p) && <img src={imageOf(p)!} alt="" loading="lazy" width="320" height="240" />}
                <h3>
                  <a href={`/${creator.handle}/products/${p.slug}`}>{p.title}</a>
                </h3>
                <span class="price">{priceLabel(p)}</span>
                <span class="muted">{p.kind === "digital" ? (lacksFile(p) ? "Digital download · not available yet" : "Digital download") : p.kind === "membership" ? "Membership" : "Merch"}</span>
              </article>
            ))}
          </div>
        )}
      </section>
    </Layout>
  );
}

/**
 * A product and its variant picker: each option's price is catalog data, its stock is live (the product script fills
 * in "3 left" or "Sold out" from the buyer API and disables sold-out options), so the cached page never carries it.
 */
export function ProductPage(props: { creator: CreatorRow; product: ProductView; origin: string }) {
  const { creator, product } = props;
  const variants = product.variants.map((v) => {
    const amount = v.priceCents ?? product.priceCents;
    return { ...v, amount, price: formatMoney(amount, product.currency) };
  });
  const share = shareOf(props.origin, `/${creator.handle}/products/${product.slug}`, creator, imageOf(product), { price: price(priceOf(product), product.currency) });
  return (
    <Layout title={`${product.title} · ${creator.displayName}`} description={product.description.slice(0, 160) || `${product.title} from ${creator.displayName}.`} theme={themeOf(creator)} share={share}>
      <ProductJsonLd product={product} variants={variants} creator={creator} share={share} />
      <article>
        {imageOf(product) && <img src={imageOf(product)!} alt={product.title} width="640" height="480" style="max-width:100%;height:auto;border-radius:.75rem" />}
        <h1>{product.title}</h1>
        <p class="price">{priceLabel(product)}</p>
        {product.description && <p>{product.description}</p>}
        <h2>Buy</h2>
        {lacksFile(product) ? (
          <NotAvailableYet />
        ) : (
          <form class="buy cart" method="post" action={`/${creator.handle}/products/${product.slug}/buy`} data-handle={creator.handle} data-product-id={product.id}>
            {variants.length > 1 ? (
              <fieldset class="picker">
                <legend>Option</legend>
                {variants.map((v, i) => (
                  <label class="opt">
                    <input type="radio" name="variantId" value={v.id} checked={i === 0} required />
                    <span class="opt-title">{v.title}</span>
                    <span class="opt-price">{v.price}</span>
                    <span class="stock" data-stock-for={v.id}></span>
                  </label>
                ))}
              </fieldset>
            ) : (
              <>
                <input type="hidden" name="variantId" value={variants[0]?.id ?? ""} />
                <p class="stock" data-stock-for={variants[0]?.id} aria-live="polite"></p>
              </>
            )}
            <BuyFields maxQuantity={10} />
            <button type="submit">Buy now</button>
          </form>
        )}
      </article>
      <script src={`/assets/product-${ASSET_VERSION}.js`} defer></script>
    </Layout>
  );
}

/**
 * schema.org `Product` for search engines, one `Offer` per variant. The page is cached whole, so `availability` is a
 * coarse state of the catalog as of render, never a count: OutOfStock for a digital product without its file (not for
 * sale, as the page says) or a tracked variant whose stock snapshot in D1 (written by its inventory object) was 0,
 * else InStock. It can lag the truth by the page's cache age (≤ 6 min), which a crawler's visit tolerates; the exact
 * stock is live data the page's script reads from the buyer API.
 */
function ProductJsonLd(props: { product: ProductView; variants: (VariantRow & { amount: number })[]; creator: CreatorRow; share: Share }) {
  const { product, share } = props;
  const ld = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description || undefined,
    image: share.image && imageOf(product) ? [share.image] : undefined,
    url: share.url,
    brand: { "@type": "Brand", name: props.creator.displayName },
    offers: props.variants.map((v) => ({
      "@type": "Offer",
      name: v.title,
      sku: v.sku,
      price: decimalAmount(v.amount, product.currency),
      priceCurrency: product.currency.toUpperCase(),
      availability: `https://schema.org/${lacksFile(product) || v.stock === 0 ? "OutOfStock" : "InStock"}`,
      url: share.url,
    })),
  };
  // `<` as \u003c: no `</script>` or `<!--` in the text can end or alter the script element; JSON.parse reads it back.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(ld).replace(/</g, "\\u003c") }} />;
}

export interface DropItemView {
  variantId: string;
  title: string;
  priceCents: number;
  currency: string;
  quantity: number;
  /** False for a digital product without its file. */
  forSale: boolean;
  images: StoredImage[];
}

export function DropPage(props: { creator: CreatorRow; drop: DropRow; items: DropItemView[]; origin: string; turnstileSiteKey?: string }) {
  const { creator, drop } = props;
  const forSale = props.items.filter((i) => i.forSale);
  const cheapest = props.items.reduce<DropItemView | undefined>((low, i) => (low && low.priceCents <= i.priceCents ? low : i), undefined);
  const share = shareOf(props.origin, `/${creator.handle}/drops/${drop.slug}`, creator, imageOf(props.items.find((i) => i.images.length) ?? { images: [] }), { price: cheapest && price(cheapest.priceCents, cheapest.currency) });
  return (
    <Layout title={`${drop.title} · ${creator.displayName}`} description={`A limited drop from ${creator.displayName}.`} theme={themeOf(creator)} share={share}>
      <h1>{drop.title}</h1>
      <DropTimes dropId={drop.id} startsAt={drop.startsAt} endsAt={drop.endsAt} canceled={drop.canceledAt !== null} />
      <div data-drop-live data-drop-id={drop.id}>
        <table>
          <thead>
            <tr>
              <th>Item</th>
              <th>Price</th>
              <th>Stock</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr>
                <td>
                  {i.title}
                  {!i.forSale && <span class="muted"> (not available yet)</span>}
                </td>
                <td>{formatMoney(i.priceCents, i.currency)}</td>
                <td class="stock" data-stock-for={i.variantId} aria-live="polite">
                  {i.quantity} made
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {drop.admission === "raffle" ? (
        <RaffleSection creator={creator} drop={drop} items={forSale} turnstileSiteKey={props.turnstileSiteKey} />
      ) : drop.admission === "queue" ? (
        <QueueSection creator={creator} drop={drop} items={forSale} turnstileSiteKey={props.turnstileSiteKey} />
      ) : (
        <>
          <h2>Reserve</h2>
          <p class="muted">
            Up to {drop.perBuyerLimit} per buyer. A reservation holds your items for {Math.round(drop.holdSeconds / 60) || 1} minute{drop.holdSeconds >= 120 ? "s" : ""} while you pay.
          </p>
          {forSale.length === 0 ? (
            <NotAvailableYet />
          ) : (
            <form class="buy reserve" method="post" action={`/${creator.handle}/drops/${drop.slug}/reserve`} data-drop-id={drop.id}>
              <BuyFields variants={forSale.map((i) => ({ id: i.variantId, label: `${i.title} — ${formatMoney(i.priceCents, i.currency)}` }))} maxQuantity={drop.perBuyerLimit} />
              <button type="submit">Reserve and pay</button>
            </form>
          )}
        </>
      )}
    </Layout>
  );
}
