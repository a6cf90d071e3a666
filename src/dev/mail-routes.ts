// Development's mail viewer: GET /dev/mail lists the outbox (newest first) with links to each message's HTML and
// text, so a developer can click through a receipt. Mounted by createDevRoutes (404 outside development).
import { Hono } from "hono/tiny";
import { html } from "hono/html";
import { findEmail, recentEmails } from "../db/fulfillment-store";
import type { AppEnv } from "../env";
import { notFound } from "../shared/errors";

const LISTED = 100;

export function createDevMailRoutes() {
  const mail = new Hono<AppEnv>();

  mail.get("/mail", async (c) => {
    const rows = await recentEmails(c.get("services").db, LISTED);
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sent mail</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem}td,th{padding:.3rem .6rem;text-align:left;border-bottom:1px solid #ddd}</style></head>
<body><main><h1>Sent mail</h1><p>The newest ${LISTED} messages of the outbox, newest first.</p>
<table><thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">View</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td><time datetime="${new Date(r.createdAt).toISOString()}">${new Date(r.createdAt).toISOString()}</time></td><td>${r.toAddress}</td><td>${r.subject}</td><td>${r.kind}</td><td>${r.status}</td>
<td><a href="/dev/mail/${r.id}/html">HTML</a> · <a href="/dev/mail/${r.id}/text">Text</a></td></tr>`,
)}
</tbody></table></main></body></html>`);
  });

  mail.get("/mail/:id/:part{html|text}", async (c) => {
    const row = await findEmail(c.get("services").db, c.req.param("id"));
    const part = c.req.param("part");
    const body = part === "html" ? row?.html : row?.body;
    if (body == null) throw notFound("Email");
    // The stored message as sent; sandboxed, as a mail client would show it (no scripts, no same-origin access).
    return c.body(body, 200, { "content-type": `text/${part === "html" ? "html" : "plain"}; charset=utf-8`, "content-security-policy": "sandbox" });
  });
  return mail;
}
