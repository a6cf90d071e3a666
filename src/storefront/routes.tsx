// Storefront routes: cached pages for creators, products and drops, and each creator's sitemap; the static assets,
// favicon and robots.txt; and form fallbacks so a buyer without JavaScript can still reserve and pay, enter a raffle
// or join a queue (the scripts do the same through the JSON API).
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { bodyLimit } from "hono/body-limit";
import { startCartCheckout, startDropCheckout } from "../checkout/start-checkout";
import type { Db } from "../db/client";
import { storefrontDrop, storefrontHome, storefrontProduct, storefrontSitemap } from "../catalog/storefront-catalog";
import type { CreatorRow } from "../db/creators-store";
import { reserveUnits } from "../checkout/buyer-reservations";
import { joinQueue } from "../checkout/queue-tickets";
import { enterRaffle } from "../checkout/raffle-entries";
import type { AppEnv } from "../env";
import type { Services } from "../services";
import { DomainError, errorStatus } from "../shared/errors";
import { EmailSchema } from "../shared/fields";
import { rateLimitCheckouts, rateLimitReservations } from "../http/rate-limit";
import { HANDLE_PATTERN } from "../shared/paths";
import { ASSET_FILES, ASSET_VERSION } from "./assets";
import { NotFoundPage, Layout } from "./layout";
import { orderPageRoutes } from "./order-page";
import { cachedPage, timed } from "./page-cache";
import { DropPage, HomePage, ProductPage, themeOf } from "./pages";
import { sitemapXml } from "./sitemap";


export const storefrontRoutes = new Hono<AppEnv>();


// The security headers every storefront answer carries. Written out rather than through hono/secure-headers: the
// same headers for ~1 KiB less gzip in a bundle at its budget (the middleware's option handling is the cost).
// Cloudflare Turnstile's widget (raffle entries, queue joins) is allowed only when a site key is configured.
function securityHeaders(turnstile: string) {
  return {
    "content-security-policy": [
      "default-src 'self'",
      `script-src 'self' ${turnstile}`,
      `frame-src ${turnstile}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' https: data:",
      "connect-src 'self' ws: wss:",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
    ].join("; "),
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=15552000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
  };
}
const PLAIN = securityHeaders("'self'");
const WITH_TURNSTILE = securityHeaders("https://challenges.cloudflare.com");

storefrontRoutes.use("*", async (c, next) => {
  await next();
  const headers = c.get("services").turnstileSiteKey ? WITH_TURNSTILE : PLAIN;
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
});

storefrontRoutes.route("/", orderPageRoutes);

// `/assets/{name}-{ASSET_VERSION}.{ext}` → static/assets/{name}.{ext} through ASSETS, cached for good (the version is the
// files' hash); another version is a 404, never a stale or mislabelled file under an immutable header.
const ASSET_TYPES: Record<string, string> = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" };
storefrontRoutes.get("/assets/:file", async (c, next) => {
  const match = /^([a-z]+)-([0-9a-f]+)\.(css|js)$/.exec(c.req.param("file"));
  const file = match && `${match[1]}.${match[3]}`;
  if (!match || match[2] !== ASSET_VERSION || !(ASSET_FILES as readonly string[]).includes(file!)) return next();
  return staticFile(c, `/assets/${file}`, ASSET_TYPES[match[3]!]!, "public, max-age=31536000, immutable");
});

// Unversioned, so cached for a day (robots.txt) or a month (the icon), never `immutable`: a new file still reaches browsers.
storefrontRoutes.get("/favicon.ico", (c) => staticFile(c, "/favicon.ico", "image/x-icon", "public, max-age=2592000"));
storefrontRoutes.get("/robots.txt", (c) => staticFile(c, "/robots.txt", "text/plain; charset=utf-8", "public, max-age=86400"));

async function staticFile(c: Context<AppEnv>, path: string, type: string, cacheControl: string) {
  const res = await c.get("services").assets.fetch(new URL(path, c.req.url));
  if (!res.ok) throw new Error(`the static file ${path} answered ${res.status}`);
  return new Response(res.body, { headers: { "content-type": type, "cache-control": cacheControl } });
}

/** The 404 page, with the store's header and a link home when the creator is known. */
export const notFoundPage = (c: Context<AppEnv>, what?: string, creator?: CreatorRow) => {
  c.header("cache-control", "no-store");
  return c.html(<NotFoundPage what={what} theme={creator && themeOf(creator)} />, 404);
};

/**
 * A cached storefront page: `load` reads what the page shows from D1 (null: unknown handle) and `view` renders it,
 * or answers null when the creator is known but the page's item is not (the 404 then carries the store's header).
 * Not-found answers are never cached. The D1 time of `load` goes into Server-Timing on a miss.
 */
function cachedRoute<T extends { creator: CreatorRow }>(
  path: string,
  what: string,
  load: (db: Db, handle: string, slug: string) => Promise<T | null>,
  view: (data: T, origin: string, services: Services) => unknown,
  type?: string,
) {
  storefrontRoutes.on(["GET", "HEAD"], path, async (c) => {
    const handle = c.req.param("handle") ?? "";
    if (!HANDLE_PATTERN.test(handle)) return notFoundPage(c);
    let creator: CreatorRow | undefined;
    const res = await cachedPage(c, handle, async () => {
      // Public catalog data: a read replica near the buyer may answer (the page is cached at the edge anyway).
      const { value, ms } = await timed(() => load(c.get("services").replicaDb(), handle, c.req.param("slug") ?? ""));
      creator = value?.creator;
      const body = value && view(value, new URL(c.req.url).origin, c.get("services"));
      return body ? { html: type ? String(body) : `<!doctype html>${String(body)}`, type, dbMs: ms } : null;
    });
    return res ?? notFoundPage(c, what, creator);
  });
}

cachedRoute("/:handle", "This store", (db, handle) => storefrontHome(db, handle), (data, origin) => <HomePage {...data} origin={origin} />);
cachedRoute("/:handle/products/:slug", "This product", storefrontProduct, ({ creator, product }, origin) => product && <ProductPage creator={creator} product={product} origin={origin} />);
cachedRoute(
  "/:handle/drops/:slug",
  "This drop",
  storefrontDrop,
  (data, origin, services) => data.drop && <DropPage {...data} origin={origin} turnstileSiteKey={services.turnstileSiteKey} />,
);
cachedRoute("/:handle/sitemap.xml", "This store", (db, handle) => storefrontSitemap(db, handle), sitemapXml, "application/xml; charset=utf-8");

function formProblem(c: Context<AppEnv>, err: unknown, back: string) {
  if (!(err instanceof DomainError)) throw err;
  const creatorHandle = back.split("/")[1] ?? "";
  c.header("cache-control", "no-store");
  return c.html(
    <Layout title="Could not complete · Dropfront">
      <h1>That did not work</h1>
      <p role="alert">{err.message}</p>
      <p>
        <a href={back}>Back to {creatorHandle ? `@${creatorHandle}` : "the store"}</a>
      </p>
    </Layout>,
    errorStatus[err.code],
  );
}

/** A form post carries an email, a variant and a quantity: a few hundred bytes, never more than 16 KiB. */
const MAX_FORM_BYTES = 16 * 1024;

const formBodyLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => formProblem(c, new DomainError("payload_too_large", "The form is larger than 16 KiB."), c.req.path.replace(/\/(buy|reserve|enter|queue)$/, "")),
});

const turnstileField = (form: Record<string, unknown>) => {
  const token = form["cf-turnstile-response"];
  return typeof token === "string" ? token : undefined;
};

async function formFields(c: Context<AppEnv>) {
  const form = await c.req.parseBody();
  const email = EmailSchema.safeParse(form.email);
  const quantity = Number(form.quantity ?? 1);
  if (!email.success || !Number.isInteger(quantity) || quantity < 1 || quantity > 100 || typeof form.variantId !== "string") {
    throw new DomainError("invalid_input", "Enter a valid email address and quantity.");
  }
  // Pay what you want: the price as typed, in the currency's units (the checkout reads it in the product's currency).
  const priceText = typeof form.price === "string" && form.price.trim() !== "" ? form.price.trim() : undefined;
  const discountCode = typeof form.discountCode === "string" ? form.discountCode : undefined;
  return { email: email.data, quantity, variantId: form.variantId, priceText, discountCode, turnstileToken: turnstileField(form) };
}

storefrontRoutes.post("/:handle/products/:slug/buy", formBodyLimit, async (c) => {
  const { handle, slug } = c.req.param();
  try {
    await rateLimitCheckouts(c, async () => undefined);
    const { email, quantity, variantId, priceText, discountCode } = await formFields(c);
    const cart = { handle, email, discountCode, items: [{ variantId, quantity, ...(priceText !== undefined && { priceText }) }] };
    const result = await startCartCheckout(c.get("services"), new URL(c.req.url).origin, cart);
    return c.redirect(result.checkoutUrl, 303);
  } catch (err) {
    return formProblem(c, err, `/${handle}/products/${slug}`);
  }
});

storefrontRoutes.post("/:handle/drops/:slug/reserve", formBodyLimit, async (c) => {
  const { handle, slug } = c.req.param();
  try {
    await rateLimitReservations(c, async () => undefined);
    const { email, quantity, variantId, discountCode } = await formFields(c);
    const page = await storefrontDrop(c.get("services").db, handle, slug);
    if (!page?.drop) throw new DomainError("not_found", "This drop does not exist.");
    const dropId = page.drop.id;
    const reservation = await reserveUnits(c.get("services"), dropId, { variantId, quantity, email });
    const result = await startDropCheckout(c.get("services"), new URL(c.req.url).origin, { dropId, reservationId: reservation.id, discountCode });
    return c.redirect(result.checkoutUrl, 303);
  } catch (err) {
    return formProblem(c, err, `/${handle}/drops/${slug}`);
  }
});

/** The raffle form without JavaScript: enters, then answers with the entry's link (the drop page shows its fate). */
storefrontRoutes.post("/:handle/drops/:slug/enter", formBodyLimit, async (c) => {
  const { handle, slug } = c.req.param();
  const back = `/${handle}/drops/${slug}`;
  try {
    await rateLimitReservations(c, async () => undefined);
    const { email, variantId, turnstileToken } = await formFields(c);
    const page = await storefrontDrop(c.get("services").db, handle, slug);
    if (!page?.drop) throw new DomainError("not_found", "This drop does not exist.");
    const client = { origin: new URL(c.req.url).origin, ip: c.req.header("cf-connecting-ip") };
    const { entry, entryToken } = await enterRaffle(c.get("services"), page.drop.id, { email, variantId, turnstileToken }, client);
    c.header("cache-control", "no-store");
    if (!entryToken) {
      return c.html(
        <Layout title={`Already entered · ${page.drop.title}`}>
          <h1>Already entered</h1>
          <p role="status">This email is already in the {page.drop.title} raffle: we have emailed it the link to its entry.</p>
        </Layout>,
        200,
      );
    }
    const link = `${back}?entry=${entry.id}&token=${entryToken}`;
    return c.html(
      <Layout title={`You're in · ${page.drop.title}`}>
        <h1>You're in</h1>
        <p role="status">Your entry in the {page.drop.title} raffle is recorded. The draw happens when the drop opens; winners are emailed.</p>
        <p>
          Keep this link to see your entry: <a href={link}>{page.drop.title}</a>
        </p>
      </Layout>,
      201,
    );
  } catch (err) {
    return formProblem(c, err, back);
  }
});

/**
 * The queue's join form without JavaScript (or posted before the script ran): joins, then lands back on the drop page
 * with the ticket's link, which the page follows. A repeated join answers that the link went to the address.
 */
storefrontRoutes.post("/:handle/drops/:slug/queue", formBodyLimit, async (c) => {
  const { handle, slug } = c.req.param();
  const back = `/${handle}/drops/${slug}`;
  try {
    await rateLimitReservations(c, async () => undefined);
    const form = await c.req.parseBody();
    const email = EmailSchema.safeParse(form.email);
    if (!email.success) throw new DomainError("invalid_input", "Enter a valid email address.");
    const page = await storefrontDrop(c.get("services").db, handle, slug);
    if (!page?.drop) throw new DomainError("not_found", "This drop does not exist.");
    const client = { origin: new URL(c.req.url).origin, ip: c.req.header("cf-connecting-ip") };
    const { ticket, ticketToken } = await joinQueue(c.get("services"), page.drop.id, { email: email.data, turnstileToken: turnstileField(form) }, client);
    c.header("cache-control", "no-store");
    if (!ticketToken) {
      return c.html(
        <Layout title={`Already in the queue · ${page.drop.title}`}>
          <h1>Already in the queue</h1>
          <p role="status">This email is already in the queue for {page.drop.title}: we have emailed it the link to its place.</p>
          <p>
            <a href={back}>Back to {page.drop.title}</a>
          </p>
        </Layout>,
        200,
      );
    }
    return c.redirect(`${back}?ticket=${ticket.id}&token=${encodeURIComponent(ticketToken)}`, 303);
  } catch (err) {
    return formProblem(c, err, back);
  }
});
