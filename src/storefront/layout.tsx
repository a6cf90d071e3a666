// The shared HTML shell of buyer-facing pages: the creator's header (the home page's hero with banner and avatar, a
// compact bar elsewhere), the accent colour made readable, the one stylesheet and script, the favicon, and for cached
// pages their canonical URL and share card (Open Graph, Twitter). Pages render fully on the server; the script only
// adds countdowns, live stock and buying.
import type { Child } from "hono/jsx";
import { mediaKeyOf } from "../shared/media";
import { iso } from "../shared/time";
import { ASSET_VERSION } from "./assets";
import { Picture } from "./picture";
import { accentCss } from "./theme";

export interface Theme {
  handle: string;
  displayName: string;
  accentColor: string | null;
  avatarUrl: string | null;
  bannerUrl: string | null;
}

/** A page's share card (https://ogp.me): absolute URLs only; no image means no og:image, never an invented one. */
export interface Share {
  url: string;
  type: "website" | "product";
  image: string | null;
  price?: { amount: string; currency: string };
}

/** A theme image: one of our uploads as a responsive picture, any other URL as it is. */
function ThemeImage(props: { url: string; sizes: string; max: number; class?: string; eager?: boolean }) {
  const key = mediaKeyOf(props.url);
  return key ? (
    <Picture image={{ key, width: null, height: null, alt: "" }} sizes={props.sizes} max={props.max} class={props.class} eager={props.eager} />
  ) : (
    <img class={props.class} src={props.url} alt="" />
  );
}

function Avatar(props: { theme: Theme; size: string; eager?: boolean }) {
  const { theme } = props;
  const cls = `avatar${props.eager ? "" : " sm"}`;
  return theme.avatarUrl ? (
    <ThemeImage url={theme.avatarUrl} sizes={props.size} max={props.eager ? 320 : 160} class={cls} eager={props.eager} />
  ) : (
    <span class={`${cls} monogram`} aria-hidden="true">
      {[...theme.displayName][0]?.toUpperCase()}
    </span>
  );
}

/** The store's header: on its home a hero (banner, avatar, name as the page's heading), elsewhere a bar linking home. */
function StoreHeader(props: { theme: Theme; hero?: Child }) {
  const { theme } = props;
  if (!props.hero)
    return (
      <header class="bar">
        <div class="wrap">
          <a class="brand" href={`/${theme.handle}`}>
            <Avatar theme={theme} size="36px" />
            {theme.displayName}
          </a>
        </div>
      </header>
    );
  return (
    <header class="hero">
      <div class="hero-banner">{theme.bannerUrl && <ThemeImage url={theme.bannerUrl} sizes="100vw" max={1920} eager />}</div>
      <div class="wrap hero-body">
        <Avatar theme={theme} size="136px" eager />
        <div>
          <h1>{theme.displayName}</h1>
          {props.hero}
        </div>
      </div>
    </header>
  );
}

export function Layout(props: { title: string; description?: string; theme?: Theme; share?: Share; hero?: Child; children: Child }) {
  const { theme, share } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        <meta property="og:title" content={props.title} />
        <link rel="icon" href="/favicon.ico" sizes="any" />
        {share && (
          <>
            <link rel="canonical" href={share.url} />
            <meta property="og:url" content={share.url} />
            <meta property="og:type" content={share.type} />
            <meta property="og:site_name" content={theme?.displayName} />
            <meta property="og:description" content={props.description} />
            {share.image && <meta property="og:image" content={share.image} />}
            <meta name="twitter:card" content={share.image ? "summary_large_image" : "summary"} />
            {share.price && (
              <>
                <meta property="product:price:amount" content={share.price.amount} />
                <meta property="product:price:currency" content={share.price.currency} />
              </>
            )}
          </>
        )}
        <link rel="stylesheet" href={`/assets/storefront-${ASSET_VERSION}.css`} />
        {theme?.accentColor && <style>{accentCss(theme.accentColor)}</style>}
        <script src={`/assets/storefront-${ASSET_VERSION}.js`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        {theme && <StoreHeader theme={theme} hero={props.hero} />}
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer>
          <div class="wrap">
            {theme ? `© ${theme.displayName} · ` : ""}Powered by Dropfront
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A 404: inside a known store, its header and a link back to its home; for an unknown store, what a store address looks like. */
export function NotFoundPage(props: { what?: string; theme?: Theme }) {
  const { theme } = props;
  return (
    <Layout title="Not found · Dropfront" theme={theme}>
      <h1>Not found</h1>
      <p>{props.what ?? "This page"} does not exist, or is no longer for sale.</p>
      {/* Inside a store, its home; the site's root has no page, so an unknown store gets advice instead of a dead end. */}
      <p>{theme ? <a href={`/${theme.handle}`}>{`Back to ${theme.displayName}`}</a> : "Check the link you followed: store addresses look like /{store-name}."}</p>
    </Layout>
  );
}

/**
 * A drop's status badge, its times (the buyer's clock and zone fill them in) and the countdown to its opening; `big`
 * for the drop page's event countdown (days, hours, minutes, seconds). The script keeps all of it current.
 */
export function DropTimes(props: { dropId: string; admission: string; startsAt: number; endsAt: number | null; canceled?: boolean; big?: boolean; children?: Child }) {
  return (
    <div
      data-drop-times
      data-drop-id={props.dropId}
      data-admission={props.admission}
      data-starts-at={iso(props.startsAt)}
      data-ends-at={props.endsAt ? iso(props.endsAt) : ""}
      data-canceled={props.canceled ? "1" : undefined}
    >
      <p class="times">
        {/* The exact status (live, sold out, …) is live data: the script fills it in. A cancel is catalog data. */}
        <span class="badge" data-status-badge aria-live="polite" data-status={props.canceled ? "canceled" : undefined}>
          {props.canceled ? "Canceled" : "Drop"}
        </span>
        <span>
          <span data-opens-label>Opens</span> <time datetime={iso(props.startsAt)}>{new Date(props.startsAt).toUTCString()}</time>
          {props.endsAt && (
            <>
              {" "}
              · <span data-closes-label>closes</span> <time datetime={iso(props.endsAt)}>{new Date(props.endsAt).toUTCString()}</time>
            </>
          )}
        </span>
      </p>
      <p class="countdown" data-countdown={props.big ? "big" : ""} role="timer" aria-live="off"></p>
      {props.children}
    </div>
  );
}
