// Field schemas shared by every API: handles, slugs, money, currencies, emails, public URLs.
import { z } from "@hono/zod-openapi";

export const RESERVED_HANDLES = new Set([
  "api", "admin", "platform", "dev", "downloads", "webhooks", "media", "health", "assets", "static", "www",
  "app", "auth", "login", "logout", "signup", "account", "checkout", "cart", "orders", "drops", "products",
  "help", "support", "status", "docs", "blog", "about", "terms", "privacy", "favicon.ico", "robots.txt",
]);

export const HandleSchema = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/, "Use 2–40 lowercase letters, digits or hyphens.")
  .refine((h) => !RESERVED_HANDLES.has(h), "This handle is reserved.")
  .openapi({ example: "nova" });

export const SlugSchema = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters and digits separated by single hyphens.")
  .openapi({ example: "tour-tee" });

/** ISO 4217 codes that card processors settle in. */
const CURRENCIES = new Set(
  (
    "aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp " +
    "cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr " +
    "isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn " +
    "myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle " +
    "sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx usd uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw"
  ).split(" "),
);

export const CurrencySchema = z
  .string()
  .regex(/^[a-z]{3}$/, "Use a lowercase ISO 4217 code such as \"usd\".")
  .refine((c) => CURRENCIES.has(c), "Unknown or unsupported currency.")
  .openapi({ example: "usd" });

/** Up to 1,000,000.00 in major units: enough for any creator product, small enough to stay exact. */
export const PriceCentsSchema = z.number().int("Use whole minor units (cents).").min(0).max(100_000_000).openapi({ example: 2500 });

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email("Enter a valid email address."))
  .transform((e) => e.toLowerCase())
  .openapi({ example: "fan@example.com" });

export const TitleSchema = z.string().trim().min(1).max(200);

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const PRIVATE_HOST =
  /^(localhost|.*\.localhost|.*\.local|.*\.internal|0\.0\.0\.0|10(?:\.\d{1,3}){3}|127(?:\.\d{1,3}){3}|169\.254(?:\.\d{1,3}){2}|192\.168(?:\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|\[.*\])$/i;

/** An https URL on a public host; in development, http on loopback is allowed too. */
export function publicUrlSchema(allowLoopback: boolean) {
  return z
    .string()
    .max(2048)
    .url()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      if (allowLoopback && url.protocol === "http:" && LOOPBACK.test(url.hostname)) return true;
      if (url.protocol !== "https:" || url.username || url.password) return false;
      return !PRIVATE_HOST.test(url.hostname) && url.hostname.includes(".");
    }, allowLoopback ? "Use an https URL on a public host (or http on loopback in development)." : "Use an https URL on a public host.");
}

export const LimitSchema = z.coerce.number().int().min(1).max(100).default(20);
export const CursorSchema = z.string().max(200).optional();
