// Buyer raffle entries (API.md "Fair drops"): enter once per normalized email before the draw, read an entry's
// status with its token, and list the entries the draw shuffles (public, so anyone can verify the winners).
// The drop's object decides everything; a winner pays with the ordinary drop checkout for its reservation.
import { erasedEmail } from "../shared/crypto";
import { normalizeEmail } from "../shared/email";
import type { Db } from "../db/client";
import { dropObject, unwrap, type InventoryNamespace } from "../inventory/inventory-client";
import type { RaffleEntry } from "../inventory/rules";
import { dropWithCreator } from "../db/drops-store";
import { sendOnce, type EmailConfig } from "../fulfillment/email";
import { notFound } from "../shared/errors";
import { idPattern } from "../shared/ids";
import { entryToken, verifyEntryToken } from "../shared/order-token";
import { assertHuman, type BotCheckDeps } from "./bot-check";
import { knownDrop } from "./buyer-reservations";
import { createReadCache } from "./drop-read-cache";

const ENTRY_ID = idPattern("ent");

export interface RaffleDeps {
  db: Db;
  inventory: InventoryNamespace;
  signingSecret: string;
}

const publicEntry = ({ id, status, reservationId, claimUntil }: RaffleEntry) => ({ id, status, reservationId, claimUntil });

/** `created` is false when this email had entered already (its first entry comes back, whatever variant it names). */
export async function enterRaffle(
  deps: RaffleDeps & BotCheckDeps & { email: EmailConfig },
  dropId: string,
  input: { email: string; variantId: string; turnstileToken?: string },
  client: { origin: string; ip?: string },
) {
  const drop = await knownDrop(deps, dropId);
  await assertHuman(deps, input.turnstileToken, client.ip);
  const origin = client.origin;
  const erasedAs = await erasedEmail(normalizeEmail(input.email));
  const { entry, created } = unwrap(await drop.enterRaffle({ email: input.email, variantId: input.variantId, origin, erasedAs }));
  if (!created) {
    // Whoever knows an email must not get its entry (its status, its reservation): the link goes to the address.
    await sendEntryLink(deps, dropId, entry.id);
    return { entry: { id: entry.id }, entryToken: null, created };
  }
  return { entry: publicEntry(entry), entryToken: await entryToken(deps.signingSecret, entry.id), created };
}

/** The drop page carrying the entry and its token: where its holder follows it (and, having won, pays). */
async function entryLink(secret: string, drop: { handle: string; slug: string }, entry: { id: string; origin: string | null }) {
  return `${entry.origin ?? ""}/${drop.handle}/drops/${drop.slug}?entry=${entry.id}&token=${await entryToken(secret, entry.id)}`;
}

/** A second entry with the same email gets its entry's link by email (once), never in the answer. */
async function sendEntryLink(deps: RaffleDeps & { email: EmailConfig }, dropId: string, entryId: string) {
  const drop = await dropWithCreator(deps.db, dropId);
  if (!drop) return;
  const entry = unwrap(await dropObject(deps.inventory, dropId).getEntry(entryId));
  const link = await entryLink(deps.signingSecret, drop, entry);
  await sendOnce(deps.db, deps.email, {
    orderId: entry.id,
    // At most one an entry every 10 minutes: a repeated entry cannot turn into a flood of mail to someone.
    kind: `raffle_entry_link:${Math.floor(Date.now() / 600_000)}`,
    to: entry.email,
    subject: `Your entry in ${drop.title}`,
    body: `You are entered in ${drop.creatorName}'s raffle "${drop.title}".`,
    links: [{ label: "Follow your entry", url: link }],
    brand: { name: drop.creatorName, accent: drop.accentColor },
  });
}

export async function raffleEntry(deps: RaffleDeps, dropId: string, entryId: string, token: string | undefined) {
  if (!ENTRY_ID.test(entryId) || !(await verifyEntryToken(deps.signingSecret, entryId, token))) throw notFound("Entry");
  const drop = await knownDrop(deps, dropId);
  return publicEntry(unwrap(await drop.getEntry(entryId)));
}

// The public list can be long (one id per entrant) and anyone may poll it: each isolate asks the object at most once a
// second per drop, like the drop read (frozen from startsAt anyway, when the draw needs it).
const entryLists = createReadCache<{ ids: string[]; variantIds: string[]; winners: string[] | null }>({ ttlMs: 1000, maxEntries: 100 });

export async function raffleEntries(deps: { db: Db; inventory: InventoryNamespace }, dropId: string) {
  const drop = await knownDrop(deps, dropId);
  return (await entryLists.read(dropId, async () => unwrap(await drop.listEntries()))).value;
}

/**
 * Emails a winner (at the draw, or when an unclaimed unit passed down to them) once: the drop, the claim deadline
 * and a link back to the drop page carrying the entry, where they pay. Still-won entries only: a unit claimed or
 * passed on meanwhile is not announced.
 */
export async function sendWinnerNotice(deps: RaffleDeps & { email: EmailConfig }, dropId: string, entryId: string): Promise<void> {
  const drop = await dropWithCreator(deps.db, dropId);
  if (!drop) return;
  const entry = unwrap(await dropObject(deps.inventory, dropId).getEntry(entryId));
  if (entry.status !== "won" || !entry.claimUntil) return;
  const link = await entryLink(deps.signingSecret, drop, entry);
  const out = await sendOnce(deps.db, deps.email, {
    orderId: entry.id,
    kind: `raffle_won:${entry.reservationId}`,
    to: entry.email,
    subject: `You won the raffle for ${drop.title}`,
    body: [
      `Good news: your entry in ${drop.creatorName}'s raffle "${drop.title}" won a unit.`,
      "",
      `Pay before ${entry.claimUntil} to claim it. If you do not, the unit passes to the next entry on the standby list.`,
    ].join("\n"),
    links: [{ label: "Claim your unit", url: link }],
    brand: { name: drop.creatorName, accent: drop.accentColor },
  });
  // A winner who is not told loses the unit: a failed delivery is retried by the queue (the email is written once).
  if (!out) throw new Error(`the winner email for entry ${entry.id} was not delivered; retrying`);
}
