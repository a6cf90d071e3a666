// The shared HTML shell of buyer-facing pages: the creator's header (banner, avatar, accent colour) and the one
// stylesheet and script. Pages render fully on the server; the script only adds countdowns, live stock and buying.
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

export function Layout(props: { title: string; description?: string; theme?: Theme; children: Child }) {
  const { theme } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        <meta property="og:title" content={props.title} />
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

export function NotFoundPage(props: { what?: string }) {
  return (
    <Layout title="Not found · Dropfront">
      <h1>Not found</h1>
      <p>{props.what ?? "This page"} does not exist, or is no longer for sale.</p>
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
