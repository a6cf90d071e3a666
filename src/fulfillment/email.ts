// Buyer emails through an outbox: each message is rendered (text and HTML) and written once per order and kind, then
// delivered through the EMAIL binding (Cloudflare Email Service; Miniflare captures it locally), else through an HTTP
// email API when EMAIL_API_URL is configured, else kept in the outbox and logged (without its body, which holds
// download links). A retry sends the stored message as it was written. Email trouble never blocks fulfillment.
import type { Db } from "../db/client";
import { ensureEmail, updateEmail, type EmailRow } from "../db/fulfillment-store";
import { newId } from "../shared/ids";
import { orderPagePath, orderToken } from "../shared/order-token";
import { errorFields, log } from "../shared/log";

export interface EmailConfig {
  /** The `send_email` binding (Email Service); EMAIL_FROM's domain must be onboarded to it in production. */
  EMAIL?: SendEmail;
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  /** Serves the HTML layout (static/email/layout.html): templates are never bundled. */
  assets?: Fetcher;
}

export interface OutgoingEmail {
  orderId: string;
  kind: string;
  to: string;
  subject: string;
  /** Plain text; a blank line separates paragraphs. */
  body: string;
  /** Buttons in the HTML, `label: url` lines in the text. */
  links?: { label: string; url: string }[];
  /** Whose store the message is from: the creator's name and accent colour head the HTML. */
  brand?: { name: string; accent: string | null };
}

/** How a buyer's email names their order: by the store it is from ("Your Nova Sound order"), among every store's mail. */
export const yourOrder = (creator: { displayName: string } | null | undefined) => (creator ? `Your ${creator.displayName} order` : "Your order");

/** The buyer's way back to the order's page, on the storefront they checked out on (none without it). */
export async function orderPageLinks(signingSecret: string, order: { id: string; origin: string | null }, creator: { handle: string } | null | undefined) {
  if (!order.origin || !creator) return [];
  return [{ label: "Your order", url: `${order.origin}${orderPagePath(creator.handle, order.id, await orderToken(signingSecret, order.id))}` }];
}

const DEFAULT_FROM = "Dropfront <orders@dropfront.invalid>";

/** Writes the message once per (order or entry, kind) and delivers it; answers whether it is out (sent or logged). */
export async function sendOnce(db: Db, config: EmailConfig, message: OutgoingEmail): Promise<boolean> {
  const links = message.links ?? [];
  const body = [message.body, ...links.map((l) => `${l.label}: ${l.url}`)].join("\n\n");
  const html = await renderHtml(config.assets, message).catch((err: unknown) => {
    log("warn", "email layout unavailable; sending text only", errorFields(err));
    return null;
  });
  const { orderId, kind, to, subject } = message;
  const row = await ensureEmail(db, { id: newId("eml"), orderId, kind, toAddress: to, subject, body, html, status: "pending", attempts: 0, lastError: null, createdAt: Date.now(), sentAt: null });
  if (row.status === "pending" || row.status === "failed") return deliver(db, config, row);
  return true;
}

async function deliver(db: Db, config: EmailConfig, row: EmailRow): Promise<boolean> {
  const from = config.EMAIL_FROM || DEFAULT_FROM;
  // An erased buyer's pseudonym (`erased-…@invalid`, a reserved TLD): nobody to write to, never sent.
  if (row.toAddress.endsWith(".invalid") || row.toAddress.endsWith("@invalid")) {
    await updateEmail(db, row.id, { status: "logged" });
    return true;
  }
  const message = { to: row.toAddress, subject: row.subject, text: row.body, ...(row.html && { html: row.html }) };
  if (!config.EMAIL && !config.EMAIL_API_URL) {
    log("info", "email kept in outbox (no EMAIL binding or EMAIL_API_URL)", { emailId: row.id, kind: row.kind, orderId: row.orderId });
    await updateEmail(db, row.id, { status: "logged" });
    return true;
  }
  try {
    if (config.EMAIL) {
      // "Name <address>" or a bare address.
      const named = /^(.*?)\s*<([^>]+)>$/.exec(from);
      await config.EMAIL.send({ ...message, from: named ? { name: named[1]!, email: named[2]! } : from });
    } else {
      const res = await fetch(config.EMAIL_API_URL!, {
        method: "POST",
        headers: { "content-type": "application/json", ...(config.EMAIL_API_KEY && { authorization: `Bearer ${config.EMAIL_API_KEY}` }), "idempotency-key": row.id },
        body: JSON.stringify({ from, ...message }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`email API answered ${res.status}`);
    }
    await updateEmail(db, row.id, { status: "sent", sentAt: Date.now(), attempts: row.attempts + 1 });
    return true;
  } catch (err) {
    log("warn", "email delivery failed", { emailId: row.id, ...errorFields(err) });
    await updateEmail(db, row.id, { status: "failed", attempts: row.attempts + 1, lastError: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

// The layout is read once per isolate (a failed read is retried by the next message).
let layout: Promise<string> | undefined;

async function loadLayout(assets: Fetcher): Promise<string> {
  const res = await assets.fetch("https://assets.invalid/email/layout.html");
  if (!res.ok) throw new Error(`the email layout asset answered ${res.status}`);
  return res.text();
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Paragraphs and buttons, every text escaped, in the creator's accent (dark or light text to stay readable). */
async function renderHtml(assets: Fetcher | undefined, m: OutgoingEmail): Promise<string | null> {
  if (!assets) return null;
  layout ??= loadLayout(assets).catch((err: unknown) => {
    layout = undefined;
    throw err;
  });
  const accent = m.brand?.accent && /^#[0-9a-f]{6}$/i.test(m.brand.accent) ? m.brand.accent : "#18181b";
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.slice(i, i + 2), 16));
  const ink = 0.299 * r! + 0.587 * g! + 0.114 * b! > 150 ? "#18181b" : "#ffffff";
  const content =
    m.body
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:16px 0 0">${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
      .join("") +
    (m.links ?? [])
      .map((l) => `<p style="margin:24px 0 0"><a href="${escapeHtml(l.url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;background:${accent};color:${ink};font-weight:600;text-decoration:none">${escapeHtml(l.label)}</a></p>`)
      .join("");
  const vars: Record<string, string> = { subject: escapeHtml(m.subject), brand: escapeHtml(m.brand?.name ?? "Dropfront"), accent, content };
  return (await layout).replace(/{{(\w+)}}/g, (_, k: string) => vars[k] ?? "");
}
