// Raffle entries inside the drop's object (API.md "Fair drops"): one entry per normalized email until `startsAt`,
// the draw applied in one synchronous step (winners get a hold of `claimSeconds`, the rest stand by in shuffled
// order), and each entry's public status. Unclaimed holds pass down the standby list in Ledger.passDownClaims.
import { normalizeEmail } from "../shared/email";
import { newId } from "../shared/ids";
import { iso } from "../shared/time";
import type { ConfigRow, EntryRow, Ledger } from "./ledger";
import { fail, ok, type RaffleEntry, type Result } from "./rules";

function raffleConfig(ledger: Ledger): Result<ConfigRow> {
  const cfg = ledger.config();
  if (!cfg || cfg.kind !== "drop") return fail("not_found", "Drop not found.");
  if (cfg.admission !== "raffle") return fail("invalid_input", "This drop is not a raffle.");
  return ok(cfg);
}

const entryRow = (ledger: Ledger, where: string, value: string) => ledger.sql.exec<EntryRow>(`select * from entries where ${where} = ?`, value).toArray()[0];

/** An entry as its holder sees it; `claimed` and `expired` follow the winner's hold. */
function entryView(ledger: Ledger, entry: EntryRow, now: number): RaffleEntry {
  const hold = entry.hold_id ? ledger.hold(entry.hold_id) : undefined;
  let status: RaffleEntry["status"] = entry.status;
  if (hold?.status === "committed") status = "claimed";
  else if (entry.status === "won" && hold && (hold.status !== "held" || hold.expires_at <= now)) status = "expired";
  return { id: entry.id, status, variantId: entry.variant_id, reservationId: entry.hold_id, claimUntil: hold ? iso(hold.expires_at) : null };
}

/** Enters an email once (the same normalized email gets its first entry back, whatever variant it names now). */
export function enterRaffle(ledger: Ledger, input: { email: string; variantId: string; origin: string; erasedAs?: string }, now: number): Result<{ entry: RaffleEntry; created: boolean }> {
  const found = raffleConfig(ledger);
  if (!found.ok) return found;
  const cfg = found.value;
  const email = normalizeEmail(input.email);
  const existing = entryRow(ledger, "email", email) ?? (input.erasedAs ? entryRow(ledger, "email", input.erasedAs) : undefined);
  if (existing) return ok({ entry: entryView(ledger, existing, now), created: false });
  if (ledger.isClosed(cfg, now) || now >= cfg.starts_at) return fail("drop_not_live", "Entries closed when the raffle was drawn.");
  if (!ledger.item(input.variantId)) return fail("not_found", "That variant is not part of this drop.");
  const seq = ledger.sql.exec<{ n: number }>("select count(*) as n from entries").one().n + 1;
  const id = newId("ent", now);
  ledger.sql.exec(
    "insert into entries (id, email, variant_id, seq, origin, created_at) values (?, ?, ?, ?, ?, ?)",
    id, email, input.variantId, seq, input.origin, now,
  );
  ledger.markChanged(now);
  return ok({ entry: entryView(ledger, entryRow(ledger, "id", id)!, now), created: true });
}

export function getEntry(ledger: Ledger, entryId: string, now: number): Result<RaffleEntry & { email: string; origin: string | null }> {
  const found = raffleConfig(ledger);
  if (!found.ok) return found;
  ledger.settle(found.value, now);
  const entry = entryRow(ledger, "id", entryId);
  if (!entry) return fail("not_found", "Entry not found.");
  return ok({ ...entryView(ledger, entry, now), email: entry.email, origin: entry.origin });
}

/** The public list the draw shuffles (entry order), each entry's variant, and the draw's winners once drawn. */
export function listEntries(ledger: Ledger): Result<{ ids: string[]; variantIds: string[]; winners: string[] | null }> {
  const found = raffleConfig(ledger);
  if (!found.ok) return found;
  const rows = ledger.sql.exec<EntryRow>("select * from entries order by seq").toArray();
  return ok({
    ids: rows.map((r) => r.id),
    variantIds: rows.map((r) => r.variant_id),
    winners: found.value.drawn_at === null ? null : rows.filter((r) => r.won_in_draw === 1).sort((a, b) => a.rank! - b.rank!).map((r) => r.id),
  });
}

/** What the draw needs, read before its (asynchronous) shuffle; nothing can enter once `startsAt` has passed. */
export function drawInput(ledger: Ledger, now: number) {
  const cfg = ledger.config();
  // A raffle canceled (or ended) before its draw is never drawn: its seed stays secret, its entries stay entered.
  if (!cfg || cfg.admission !== "raffle" || cfg.drawn_at !== null || now < cfg.starts_at || !cfg.raffle_seed || ledger.isClosed(cfg, now)) return null;
  const entries = ledger.sql.exec<EntryRow>("select id, variant_id from entries order by seq").toArray();
  return { seed: cfg.raffle_seed, entries: entries.map((e) => ({ id: e.id, variantId: e.variant_id })) };
}

/**
 * Applies the draw in one step: in shuffled order each entry takes one free unit of its variant (a hold of
 * `claimSeconds`, emailed) or stands by with its rank. Applied once: a repeated alarm changes nothing.
 */
export function applyDraw(ledger: Ledger, shuffled: string[], now: number) {
  const cfg = ledger.config();
  if (!cfg || cfg.drawn_at !== null) return;
  ledger.atomically(() => {
    const free = new Map(ledger.items().map((i) => [i.variantId, i.available]));
    shuffled.forEach((id, rank) => {
      const entry = entryRow(ledger, "id", id);
      if (!entry) return;
      const left = free.get(entry.variant_id) ?? 0;
      if (left > 0 && !ledger.isClosed(cfg, now)) {
        free.set(entry.variant_id, left - 1);
        const holdId = ledger.createHold(entry.variant_id, 1, entry.email, now + cfg.claim_seconds * 1000, now);
        ledger.sql.exec("update entries set status = 'won', rank = ?, hold_id = ?, won_in_draw = 1, notify = 1 where id = ?", rank + 1, holdId, id);
      } else ledger.sql.exec("update entries set status = 'lost', rank = ? where id = ?", rank + 1, id);
    });
    ledger.sql.exec("update config set drawn_at = ? where id = 1", now);
    ledger.markChanged(now);
  });
}
