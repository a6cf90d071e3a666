// Buyer emails through an outbox: each message is written once per order and kind, then delivered through an
// HTTP email API when EMAIL_API_URL is configured, otherwise kept in the outbox and logged (without its body,
// which holds download links). Email trouble is recorded and never blocks fulfillment.
import type { Db } from "../db/client";
import { ensureEmail, updateEmail, type EmailRow } from "../db/fulfillment-store";
import { newId } from "../shared/ids";
import { errorFields, log } from "../shared/log";

export interface EmailConfig {
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
}

/** Writes the message once per (order or entry, kind) and delivers it; answers whether it is out (sent or logged). */
export async function sendOnce(db: Db, config: EmailConfig, message: { orderId: string; kind: string; to: string; subject: string; body: string }): Promise<boolean> {
  const row = await ensureEmail(db, { id: newId("eml"), ...message, toAddress: message.to, status: "pending", attempts: 0, lastError: null, createdAt: Date.now(), sentAt: null });
  if (row.status === "pending" || row.status === "failed") return deliver(db, config, row);
  return true;
}

async function deliver(db: Db, config: EmailConfig, row: EmailRow): Promise<boolean> {
  if (!config.EMAIL_API_URL) {
    log("info", "email kept in outbox (no EMAIL_API_URL)", { emailId: row.id, kind: row.kind, orderId: row.orderId });
    await updateEmail(db, row.id, { status: "logged" });
    return true;
  }
  try {
    const res = await fetch(config.EMAIL_API_URL, {
      method: "POST",
      headers: { "content-type": "application/json", ...(config.EMAIL_API_KEY && { authorization: `Bearer ${config.EMAIL_API_KEY}` }), "idempotency-key": row.id },
      body: JSON.stringify({ from: config.EMAIL_FROM || "Dropfront <orders@dropfront.invalid>", to: row.toAddress, subject: row.subject, text: row.body }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`email API answered ${res.status}`);
    await updateEmail(db, row.id, { status: "sent", sentAt: Date.now(), attempts: row.attempts + 1 });
    return true;
  } catch (err) {
    log("warn", "email delivery failed", { emailId: row.id, ...errorFields(err) });
    await updateEmail(db, row.id, { status: "failed", attempts: row.attempts + 1, lastError: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
