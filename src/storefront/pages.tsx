// Server-rendered storefront pages. Nothing here is live data: stock and drop status come from the buyer API
// and the drop's WebSocket in the browser, so these pages can be cached whole. `origin` (the request's) makes the
// canonical and share-card URLs absolute.
import { lacksFile } from "../catalog/products";
import type { CreatorRow } from "../db/creators-store";
import type { ProductRow, VariantRow } from "../db/products-store";
import type { DropRow } from "../db/drops-store";
import { decimalAmount, formatMoney, minorUnitExponent } from "../shared/money";
import { mediaUrl, type StoredImage } from "../shared/media";
import { ASSET_VERSION } from "./assets";
import { BuyFields, NotAvailableYet } from "./buy-forms";
import { QueueSection, RaffleSection } from "./fair-drop-sections";
import { DropTimes, Layout, type Share, type Theme } from "./layout";
import { Picture } from "./picture";

type ProductView = ProductRow & { variants: VariantRow[]; images: StoredImage[] };

export const themeOf = (c: CreatorRow): Theme => ({ handle: c.handle, displayName: c.displayName, accentColor: c.accentColor, avatarUrl: c.avatarUrl, bannerUrl: c.bannerUrl });
const pricesOf = (p: ProductView) => (p.variants.length ? p.variants.map((v) => v.priceCents ?? p.priceCents) : [p.priceCents]);
/** The price a product is sold from: its cheapest variant's. */
const priceOf = (p: ProductView) => Math.min(...pricesOf(p));
const price = (amount: number, currency: string) => ({ amount: decimalAmount(amount, currency), currency: currency.toUpperCase() });
/** "From …" when its variants' prices differ; pay what you want says so. */
function priceLabel(p: ProductView): string {
  if (p.minPriceCents !== null) return p.minPriceCents > 0 ? `${formatMoney(p.minPriceCents, p.currency)} or more` : "Pay what you want";
  const lowest = formatMoney(priceOf(p), p.currency);
  return new Set(pricesOf(p)).size > 1 ? `From ${lowest}` : lowest;
}
const kindLabel = (p: ProductRow) =>
  p.kind === "digital" ? (lacksFile(p) ? "Digital · not available yet" : "Digital download") : p.kind === "membership" ? "Membership" : "Merch";

/** A page's share card: its own image (a product's, a drop's first item's), else the creator's banner, else avatar. */
function shareOf(origin: string, path: string, creator: CreatorRow, image: StoredImage | null | undefined, extra?: Pick<Share, "price">): Share {
  const picture = image ? mediaUrl(image.key) : (creator.bannerUrl ?? creator.avatarUrl);
  return { url: origin + path, type: extra ? "product" : "website", image: picture && new URL(picture, origin).href, ...extra };
}

/** A card's picture, or the title's first letter on the accent's tint. */
function CardMedia(props: { image: StoredImage | null | undefined; title: string; sizes: string; max: number }) {
  return (
    <div class="media">
      {props.image ? (
        <Picture image={props.image} alt="" sizes={props.sizes} max={props.max} />
      ) : (
        <span class="placeholder" aria-hidden="true">
          {[...props.title][0]?.toUpperCase()}
        </span>
      )}
    </div>
  );
}

/** Whether any option's stock is counted (its card shows "sold out" or "only N left" from the buyer API). */
const tracked = (p: ProductView) => p.variants.some((v) => v.stock !== null);

const CARD_SIZES = "(min-width: 72rem) 17rem, 46vw";

export interface DropCardView extends DropRow {
  image: StoredImage | null;
  /** The cheapest item's price. */
  from: { cents: number; currency: string } | null;
}

export function HomePage(props: { creator: CreatorRow; products: ProductView[]; drops: DropCardView[]; origin: string }) {
  const { creator } = props;
  const nav = (
    <nav aria-label="Store">
      {props.drops.length > 0 && <a href="#drops">Drops</a>}
      <a href="#products">Shop</a>
    </nav>
  );
  return (
    <Layout
      title={`${creator.displayName} · Dropfront`}
      description={`Merch, drops and more from ${creator.displayName}.`}
      theme={themeOf(creator)}
      share={shareOf(props.origin, `/${creator.handle}`, creator, null)}
      hero={nav}
    >
      {props.drops.length > 0 && (
        <section aria-labelledby="drops">
          <h2 id="drops">Drops</h2>
          <div class="grid drops">
            {props.drops.map((d) => (
              <article class="card">
                <CardMedia image={d.image} title={d.title} sizes="(min-width: 72rem) 23rem, (min-width: 40rem) 45vw, 100vw" max={960} />
                <div class="card-body">
                  <h3>
                    <a href={`/${creator.handle}/drops/${d.slug}`}>{d.title}</a>
                  </h3>
                  <DropTimes dropId={d.id} admission={d.admission} startsAt={d.startsAt} endsAt={d.endsAt}>
                    <p class="meta">
                      {d.from && <span class="price">From {formatMoney(d.from.cents, d.from.currency)}</span>}
                      <span class="left" data-drop-left></span>
                    </p>
                  </DropTimes>
                </div>
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
                <CardMedia image={p.images[0]} title={p.title} sizes={CARD_SIZES} max={640} />
                {/* Stock is live: the script marks tracked products sold out or running low. */}
                {tracked(p) && <span class="badge tag" data-card-stock={p.id}></span>}
                <div class="card-body">
                  <h3>
                    <a href={`/${creator.handle}/products/${p.slug}`}>{p.title}</a>
                  </h3>
                  <p class="meta">
                    <span class="price">{priceLabel(p)}</span>
                    <span class="kind">{kindLabel(p)}</span>
                  </p>
                </div>
              </article>
            ))}
          </div>
        )}
      </section>
      {props.products.some(tracked) && <script src={`/assets/product-${ASSET_VERSION}.js`} defer></script>}
    </Layout>
  );
}

/** A product's images: one scrolls into the next (snap points), each also reachable from its thumbnail. */
function Gallery(props: { images: StoredImage[]; title: string }) {
  const { images } = props;
  if (images.length === 0) return <CardMedia image={null} title={props.title} sizes="" max={0} />;
  const sizes = "(min-width: 72rem) 36rem, (min-width: 52rem) 52vw, 100vw";
  return (
    <div>
      <div class="gallery" tabindex={images.length > 1 ? 0 : undefined} aria-label={images.length > 1 ? "Product images" : undefined} role={images.length > 1 ? "region" : undefined}>
        {images.map((image, i) => (
          <div id={`image-${i + 1}`}>
            <Picture image={image} alt={image.alt || (i === 0 ? props.title : "")} sizes={sizes} max={1280} eager={i === 0} />
          </div>
        ))}
      </div>
      {images.length > 1 && (
        <div class="thumbs">
          {images.map((image, i) => (
            <a href={`#image-${i + 1}`} aria-label={`Image ${i + 1} of ${images.length}`}>
              <Picture image={image} alt="" sizes="64px" max={160} />
            </a>
          ))}
        </div>
      )}
    </div>
  );
}

/** Pay what you want: the buyer's price in the currency's units, the suggested one filled in, the minimum enforced by the server. */
function PriceField(props: { product: ProductView }) {
  const { product } = props;
  const exponent = minorUnitExponent(product.currency);
  const min = product.minPriceCents ?? 0;
  return (
    <>
      <label>
        Your price ({product.currency.toUpperCase()})
        <input type="number" name="price" value={decimalAmount(product.priceCents, product.currency)} min={decimalAmount(min, product.currency)} step={exponent ? (1 / 10 ** exponent).toFixed(exponent) : "1"} inputmode="decimal" required aria-describedby="price-hint" data-exponent={exponent} />
      </label>
      <p class="muted" id="price-hint">
        Suggested {formatMoney(product.priceCents, product.currency)}
        {min > 0 ? `, at least ${formatMoney(min, product.currency)}` : "; any amount, even nothing"}.
      </p>
    </>
  );
}

/**
 * A product and its variant picker: each option's price is catalog data, its stock is live (the product script fills
 * in "3 left" or "Sold out" from the buyer API and disables sold-out options), so the cached page never carries it.
 */
export function ProductPage(props: { creator: CreatorRow; product: ProductView; origin: string }) {
  const { creator, product } = props;
  const { images } = product;
  const variants = product.variants.map((v) => {
    const amount = v.priceCents ?? product.priceCents;
    return { ...v, amount, price: formatMoney(amount, product.currency) };
  });
  const share = shareOf(props.origin, `/${creator.handle}/products/${product.slug}`, creator, images[0], { price: price(priceOf(product), product.currency) });
  return (
    <Layout title={`${product.title} · ${creator.displayName}`} description={product.description.slice(0, 160) || `${product.title} from ${creator.displayName}.`} theme={themeOf(creator)} share={share}>
      <ProductJsonLd product={product} variants={variants} creator={creator} share={share} hasImage={images.length > 0} />
      <article class="product">
        <Gallery images={images} title={product.title} />
        <div class="purchase">
          <p class="kind">{kindLabel(product)}</p>
          <h1>{product.title}</h1>
          <p class="price">{priceLabel(product)}</p>
          {product.description && <p class="desc">{product.description}</p>}
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
              {product.minPriceCents !== null && <PriceField product={product} />}
              <BuyFields maxQuantity={10} />
              <button type="submit">Buy now</button>
            </form>
          )}
        </div>
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
function ProductJsonLd(props: { product: ProductView; variants: (VariantRow & { amount: number })[]; creator: CreatorRow; share: Share; hasImage: boolean }) {
  const { product, share } = props;
  const ld = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description || undefined,
    image: share.image && props.hasImage ? [share.image] : undefined,
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

/**
 * A drop's page, laid out as an event: its picture, the big countdown, a live stock bar and a clear sold-out or ended
 * state (all filled in by the script from the buyer API and the drop's socket), its items, then how to buy.
 */
export function DropPage(props: { creator: CreatorRow; drop: DropRow; items: DropItemView[]; origin: string; turnstileSiteKey?: string }) {
  const { creator, drop } = props;
  const forSale = props.items.filter((i) => i.forSale);
  const cheapest = props.items.reduce<DropItemView | undefined>((low, i) => (low && low.priceCents <= i.priceCents ? low : i), undefined);
  const image = props.items.find((i) => i.images.length)?.images[0] ?? null;
  const units = props.items.reduce((n, i) => n + i.quantity, 0);
  const share = shareOf(props.origin, `/${creator.handle}/drops/${drop.slug}`, creator, image, { price: cheapest && price(cheapest.priceCents, cheapest.currency) });
  return (
    <Layout title={`${drop.title} · ${creator.displayName}`} description={`A limited drop from ${creator.displayName}.`} theme={themeOf(creator)} share={share}>
      <section class="event" data-drop-live data-drop-id={drop.id}>
        <div class="event-media">
          {image ? <Picture image={image} sizes="(min-width: 72rem) 36rem, (min-width: 52rem) 50vw, 100vw" max={1280} eager /> : <span class="placeholder" aria-hidden="true">{[...drop.title][0]}</span>}
        </div>
        <div>
          <h1>{drop.title}</h1>
          <DropTimes dropId={drop.id} admission={drop.admission} startsAt={drop.startsAt} endsAt={drop.endsAt} canceled={drop.canceledAt !== null} big>
            <p class="muted">
              {cheapest && `From ${formatMoney(cheapest.priceCents, cheapest.currency)} · `}
              {units} made · up to {drop.perBuyerLimit} per buyer
            </p>
            <div class="stockbar" data-drop-bar aria-hidden="true">
              <span></span>
            </div>
            <p class="left" data-drop-left></p>
            <p class="state" data-drop-state role="status"></p>
          </DropTimes>
        </div>
      </section>
      <div class="below">
        <section aria-labelledby="in-drop">
          <h2 id="in-drop">In this drop</h2>
          <ul class="items">
            {props.items.map((i) => (
              <li class="item">
                <CardMedia image={i.images[0]} title={i.title} sizes="72px" max={160} />
                <div>
                  <p>
                    <strong>{i.title}</strong>
                    {!i.forSale && <span class="muted"> (not available yet)</span>}
                  </p>
                  <p class="price">{formatMoney(i.priceCents, i.currency)}</p>
                  <p class="stock" data-stock-for={i.variantId} aria-live="polite">
                    {i.quantity} made
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
        <div class="panel">
          {drop.admission === "raffle" ? (
            <RaffleSection creator={creator} drop={drop} items={forSale} turnstileSiteKey={props.turnstileSiteKey} />
          ) : drop.admission === "queue" ? (
            <QueueSection creator={creator} drop={drop} items={forSale} turnstileSiteKey={props.turnstileSiteKey} />
          ) : (
            <>
              <h2>Reserve</h2>
              <p class="muted">
                A reservation holds your items for {Math.round(drop.holdSeconds / 60) || 1} minute{drop.holdSeconds >= 120 ? "s" : ""} while you pay.
              </p>
              {forSale.length === 0 ? (
                <NotAvailableYet />
              ) : (
                <form class="buy reserve" method="post" action={`/${creator.handle}/drops/${drop.slug}/reserve`} data-drop-id={drop.id}>
                  <BuyFields variants={forSale.map((i) => ({ id: i.variantId, label: `${i.title} — ${formatMoney(i.priceCents, i.currency)}` }))} maxQuantity={drop.perBuyerLimit} />
                  <button type="submit">Reserve and pay</button>
                  <p class="muted" data-reserve-hint hidden>
                    Reserving opens when the countdown ends: keep this page open, it opens by itself.
                  </p>
                </form>
              )}
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}
