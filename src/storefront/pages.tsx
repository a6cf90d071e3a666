// Server-rendered storefront pages. Nothing here is live data: stock and drop status come from the buyer API
// and the drop's WebSocket in the browser, so these pages can be cached whole.
import { lacksFile } from "../catalog/products";
import type { CreatorRow } from "../db/creators-store";
import type { ProductRow, VariantRow } from "../db/products-store";
import type { DropRow } from "../db/drops-store";
import { formatMoney } from "../shared/money";
import { ASSET_VERSION } from "./assets";
import { BuyFields, NotAvailableYet } from "./buy-forms";
import { QueueSection, RaffleSection } from "./fair-drop-sections";
import { DropTimes, Layout, type Theme } from "./layout";

type ProductView = ProductRow & { variants: VariantRow[] };

export const themeOf = (c: CreatorRow): Theme => ({ handle: c.handle, displayName: c.displayName, accentColor: c.accentColor, avatarUrl: c.avatarUrl, bannerUrl: c.bannerUrl });
const imageOf = (p: ProductRow) => (p.imageKey ? `/media/${p.imageKey}` : null);
/** The price a product is sold from: its cheapest variant's, "From …" when its variants' prices differ. */
function priceLabel(p: ProductView): string {
  const prices = p.variants.length ? p.variants.map((v) => v.priceCents ?? p.priceCents) : [p.priceCents];
  const lowest = formatMoney(Math.min(...prices), p.currency);
  return new Set(prices).size > 1 ? `From ${lowest}` : lowest;
}

export function HomePage(props: { creator: CreatorRow; products: ProductView[]; drops: DropRow[] }) {
  const { creator } = props;
  return (
    <Layout title={`${creator.displayName} · Dropfront`} description={`Merch, drops and more from ${creator.displayName}.`} theme={themeOf(creator)}>
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
export function ProductPage(props: { creator: CreatorRow; product: ProductView }) {
  const { creator, product } = props;
  const variants = product.variants.map((v) => ({ ...v, price: formatMoney(v.priceCents ?? product.priceCents, product.currency) }));
  return (
    <Layout title={`${product.title} · ${creator.displayName}`} description={product.description.slice(0, 160)} theme={themeOf(creator)}>
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

export interface DropItemView {
  variantId: string;
  title: string;
  priceCents: number;
  currency: string;
  quantity: number;
  /** False for a digital product without its file. */
  forSale: boolean;
}

export function DropPage(props: { creator: CreatorRow; drop: DropRow; items: DropItemView[]; turnstileSiteKey?: string }) {
  const { creator, drop } = props;
  const forSale = props.items.filter((i) => i.forSale);
  return (
    <Layout title={`${drop.title} · ${creator.displayName}`} description={`A limited drop from ${creator.displayName}.`} theme={themeOf(creator)}>
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
