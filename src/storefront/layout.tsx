// The shared HTML shell of buyer-facing pages: the creator's header (banner, avatar, accent colour), the one
// stylesheet and script, the favicon, and for cached pages their canonical URL and share card (Open Graph, Twitter).
// Pages render fully on the server; the script only adds countdowns, live stock and buying.
import type { Child } from "hono/jsx";
import { ASSET_VERSION } from "./assets";
import { iso } from "../shared/time";

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

export function Layout(props: { title: string; description?: string; theme?: Theme; share?: Share; children: Child }) {
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
        {theme?.accentColor && <style>{`:root{--accent:${theme.accentColor}}`}</style>}
        <script src={`/assets/storefront-${ASSET_VERSION}.js`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        {theme && (
          <header class="site">
            <div class="banner" style={theme.bannerUrl ? `background-image:url("${cssUrl(theme.bannerUrl)}")` : undefined} role="presentation"></div>
            <div class="wrap profile">
              {theme.avatarUrl && <img class="avatar" src={theme.avatarUrl} alt="" width="64" height="64" />}
              <a href={`/${theme.handle}`}>
                <strong>{theme.displayName}</strong>
              </a>
            </div>
          </header>
        )}
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="wrap">Powered by Dropfront</footer>
      </body>
    </html>
  );
}

/** A validated https URL made safe inside CSS `url("…")`: quotes, parentheses, backslashes and spaces are percent-encoded. */
function cssUrl(url: string): string {
  return url.replace(/["'()\\\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A 404: inside a known store, its header and a link back to its home; elsewhere a link to the site's root. */
export function NotFoundPage(props: { what?: string; theme?: Theme }) {
  const { theme } = props;
  return (
    <Layout title="Not found · Dropfront" theme={theme}>
      <h1>Not found</h1>
      <p>{props.what ?? "This page"} does not exist, or is no longer for sale.</p>
      <p>
        <a href={theme ? `/${theme.handle}` : "/"}>{theme ? `Back to ${theme.displayName}` : "Back to the start"}</a>
      </p>
    </Layout>
  );
}

export function DropTimes(props: { dropId: string; startsAt: number; endsAt: number | null; canceled?: boolean; children?: Child }) {
  return (
    <div
      data-drop-times
      data-drop-id={props.dropId}
      data-starts-at={iso(props.startsAt)}
      data-ends-at={props.endsAt ? iso(props.endsAt) : ""}
      data-canceled={props.canceled ? "1" : undefined}
    >
      {/* The exact status (live, sold out, …) is live data: the script fills it in. A cancel is catalog data. */}
      <span class="badge" data-status-badge aria-live="polite" data-status={props.canceled ? "canceled" : undefined}>
        {props.canceled ? "Canceled" : "Drop"}
      </span>{" "}
      <span>
        <span data-opens-label>Opens</span> <time datetime={iso(props.startsAt)}>{new Date(props.startsAt).toUTCString()}</time>
        {props.endsAt && (
          <>
            {" "}
            · <span data-closes-label>closes</span> <time datetime={iso(props.endsAt)}>{new Date(props.endsAt).toUTCString()}</time>
          </>
        )}
      </span>
      <p class="countdown" data-countdown aria-live="off"></p>
      {props.children}
    </div>
  );
}
