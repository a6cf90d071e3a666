// Buyer queue tickets (API.md "Fair drops", queue mode): join once per normalized email from `queueOpensAt` until the
// drop ends, follow the ticket with its token, and reserve with the admission token it carries once admitted. A join
// is one write in the shard object that owns the email; the drop's object admits in position order (queue-admission).
import { erasedEmail } from "../shared/crypto";
import type { Db } from "../db/client";
import { dropWithCreator } from "../db/drops-store";
import { sendOnce, type EmailConfig } from "../fulfillment/email";
import { shardObject, unwrap, type InventoryNamespace, type ShardNamespace } from "../inventory/inventory-client";
import type { TicketView } from "../inventory/drop-shard-do";
import { normalizeEmail } from "../shared/email";
import { DomainError, notFound } from "../shared/errors";
import { idPattern, newId } from "../shared/ids";
import { admissionToken, ticketToken, verifyAdmissionToken, verifyTicketToken, type Admission } from "../shared/order-token";
import { shardOfEmail, shardOfTicket, ticketIdFor } from "../shared/queue";
import { assertHuman, type BotCheckDeps } from "./bot-check";
import { knownDrop, readDrop } from "./buyer-reservations";

const TICKET_ID = idPattern("tkt");
const LINK_EMAIL_EVERY_MS = 10 * 60_000;

export interface QueueDeps {
  db: Db;
  inventory: InventoryNamespace;
  shards: ShardNamespace;
  signingSecret: string;
}

/** A ticket as its holder sees it, with the admission token while it is admitted (bound to the ticket's email). */
async function publicTicket(secret: string, dropId: string, t: TicketView, email: string) {
  const admitted = t.status === "admitted" && t.position !== null && t.admittedUntil !== null;
  const token = admitted ? await admissionToken(secret, dropId, { ticketId: t.id, position: t.position!, until: Date.parse(t.admittedUntil!) }, email) : null;
  return { id: t.id, status: t.status, position: t.position, ahead: t.ahead, admittedUntil: t.admittedUntil, admissionToken: token, estimate: t.estimate, serverTime: t.serverTime };
}

/** `created` is false when this email had joined already: its ticket's link goes to the address, not to the caller. */
export async function joinQueue(
  deps: QueueDeps & BotCheckDeps & { email: EmailConfig },
  dropId: string,
  input: { email: string; turnstileToken?: string },
  client: { origin: string; ip?: string },
) {
  const drop = await readDrop(deps, dropId);
  if (drop.admission !== "queue") throw new DomainError("invalid_input", "This drop has no queue: reserve directly.");
  const now = Date.now();
  if (drop.status === "ended" || drop.status === "canceled") throw new DomainError("drop_not_live", `The drop is ${drop.status}.`);
  if (now < Date.parse(drop.queueOpensAt!)) throw new DomainError("drop_not_live", `The queue opens at ${drop.queueOpensAt}.`, { queueOpensAt: drop.queueOpensAt! });
  await assertHuman(deps, input.turnstileToken, client.ip);
  const email = normalizeEmail(input.email);
  const shard = shardOfEmail(email, drop.shardCount);
  const ticketId = ticketIdFor(newId("tkt", now), shard);
  const joined = unwrap(
    await shardObject(deps.shards, dropId, shard).join({ dropId, shard, ticketId, email, origin: client.origin, erasedAs: await erasedEmail(email) }),
  );
  if (!joined.created) {
    // Whoever knows an email must not get its ticket (its place, its admission): the link goes to the address.
    await sendTicketLink(deps, dropId, joined.ticket.id);
    return { ticket: { id: joined.ticket.id }, ticketToken: null, created: false };
  }
  return { ticket: await publicTicket(deps.signingSecret, dropId, joined.ticket, email), ticketToken: await ticketToken(deps.signingSecret, ticketId), created: true };
}

async function sendTicketLink(deps: QueueDeps & { email: EmailConfig }, dropId: string, ticketId: string) {
  const drop = await dropWithCreator(deps.db, dropId);
  if (!drop) return;
  const ticket = unwrap(await shardObject(deps.shards, dropId, shardOfTicket(ticketId)).ticket(ticketId));
  const link = `${ticket.origin ?? ""}/${drop.handle}/drops/${drop.slug}?ticket=${ticketId}&token=${await ticketToken(deps.signingSecret, ticketId)}`;
  await sendOnce(deps.db, deps.email, {
    orderId: ticketId,
    // At most one a ticket every 10 minutes: a repeated join cannot turn into a flood of mail to someone.
    kind: `queue_ticket_link:${Math.floor(Date.now() / LINK_EMAIL_EVERY_MS)}`,
    to: ticket.email,
    subject: `Your place in the queue for ${drop.title}`,
    body: `You are in the queue for ${drop.creatorName}'s drop "${drop.title}".`,
    links: [{ label: "Follow your place", url: link }],
    brand: { name: drop.creatorName, accent: drop.accentColor },
  });
}

export async function queueTicket(deps: QueueDeps, dropId: string, ticketId: string, token: string | undefined) {
  if (!TICKET_ID.test(ticketId) || !(await verifyTicketToken(deps.signingSecret, ticketId, token))) throw notFound("Ticket");
  await knownDrop(deps, dropId);
  const ticket = unwrap(await shardObject(deps.shards, dropId, shardOfTicket(ticketId)).ticket(ticketId));
  return publicTicket(deps.signingSecret, dropId, ticket, ticket.email);
}

/**
 * The admission a `Drop-Admission` header grants this email on this drop now, or undefined (no header, another
 * email, expired, tampered). The drop's object decides whether the drop needs one and whether it is still valid.
 */
export async function admissionOf(deps: { signingSecret: string }, dropId: string, header: string | undefined, email: string): Promise<Omit<Admission, "until"> | undefined> {
  if (!header) return undefined;
  const admission = await verifyAdmissionToken(deps.signingSecret, dropId, header, normalizeEmail(email), Date.now());
  return admission ? { ticketId: admission.ticketId, position: admission.position } : undefined;
}

