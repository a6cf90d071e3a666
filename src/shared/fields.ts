// Field schemas shared by every API: handles, slugs, money, currencies, emails, public URLs.
import { z } from "@hono/zod-openapi";
import { HANDLE_PATTERN, SLUG_PATTERN } from "./paths";
import { normalizeEmail } from "./email";

const RESERVED_HANDLES = new Set([
  "api", "admin", "platform", "dev", "downloads", "webhooks", "media", "health", "assets", "static", "www",
  "app", "auth", "login", "logout", "signup", "account", "checkout", "cart", "orders", "drops", "products",
  "help", "support", "status", "docs", "blog", "about", "terms", "privacy", "favicon.ico", "robots.txt",
]);

export const HandleSchema = z
  .string()
  .regex(HANDLE_PATTERN, "Use 2–40 lowercase letters, digits or hyphens.")
  .refine((h) => !RESERVED_HANDLES.has(h), "This handle is reserved.")
  .openapi({ example: DOCS ? "nova" : undefined });

export const SlugSchema = z
  .string()
  .max(80)
  .regex(SLUG_PATTERN, "Use lowercase letters and digits separated by single hyphens.")
  .openapi({ example: DOCS ? "tour-tee" : undefined });

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
  .openapi({ example: DOCS ? "usd" : undefined });

/** Up to 1,000,000.00 in major units: enough for any creator product, small enough to stay exact. */
export const PriceCentsSchema = z.number().int("Use whole minor units (cents).").min(0).max(100_000_000).openapi({ example: DOCS ? 2500 : undefined });

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email("Enter a valid email address."))
  .transform(normalizeEmail)
  .openapi({ example: DOCS ? "fan@example.com" : undefined });

export const TitleSchema = z.string().trim().min(1).max(200);

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** IPv4 ranges that are not the public internet (RFC 6890): this host, private, shared, loopback, link-local, benchmarking, multicast and up. */
const PRIVATE_V4: [base: number, bits: number][] = [
  [0x00000000, 8], // 0.0.0.0/8
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 (carrier-grade NAT)
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16 (link-local, cloud metadata)
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15
  [0xe0000000, 3], // 224/4 multicast and 240/4 reserved (224.0.0.0 and up)
];

/** Names that resolve to whatever IP they embed (10.0.0.1.nip.io, 127-0-0-1.sslip.io, …) or to loopback. */
const IP_ECHO_DOMAIN = /(^|\.)(nip\.io|sslip\.io|xip\.io|nip\.direct|traefik\.me|localtest\.me|lvh\.me|vcap\.me|localhost\.run)$/;
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/;
const DOTTED_QUAD = /(^|\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(\.|$)/;
const DASHED_QUAD = /(^|[.-])\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}([.-]|$)/;

function ipv4(host: string): number | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/**
 * Whether a URL's hostname (as the WHATWG parser leaves it: decimal, octal and hex IPv4 forms are already
 * normalized to dotted quads, IPv6 in brackets) may receive our server-side requests. Workers cannot resolve a
 * name before fetching, so names that map to private addresses by construction are refused by their shape.
 */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  // IPv6 literals (loopback, link-local, unique-local, v4-mapped …) are refused outright: a webhook lives on a name.
  if (host.startsWith("[") || host.includes(":")) return false;
  if (!host.includes(".")) return false;
  const v4 = ipv4(host);
  if (v4 !== undefined) return !PRIVATE_V4.some(([base, bits]) => v4 >>> (32 - bits) === base >>> (32 - bits));
  // A numeric last label is an IPv4 form the parser would have normalized; anything left is not a public name.
  if (/^(0x[0-9a-f]*|\d+)$/.test(host.slice(host.lastIndexOf(".") + 1))) return false;
  return !INTERNAL_NAME.test(host) && !IP_ECHO_DOMAIN.test(host) && !DOTTED_QUAD.test(host) && !DASHED_QUAD.test(host);
}

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
      return isPublicHost(url.hostname);
    }, allowLoopback ? "Use an https URL on a public host (or http on loopback in development)." : "Use an https URL on a public host.");
}

export const LimitSchema = z.coerce.number().int().min(1).max(100).default(20);
export const CursorSchema = z.string().max(200).optional();

/** `?limit=&cursor=` of a cursor-paged list. */
export const PageQuerySchema = z.object({ limit: LimitSchema, cursor: CursorSchema });
