// The sections a fair drop's page shows instead of the open drop's reserve form (API.md "Fair drops"): the raffle's
// entry and the queue. Server-rendered and cacheable like the rest of the page; the scripts follow the buyer's own
// entry or ticket.
import type { CreatorRow } from "../db/creators-store";
import type { DropRow } from "../db/drops-store";
import { formatMoney } from "../shared/money";
import { iso } from "../shared/time";
import { ASSET_VERSION } from "./assets";
import { BuyFields, NotAvailableYet, Turnstile } from "./buy-forms";
import type { DropItemView } from "./pages";

/**
 * A raffle drop: enter before the opening (one entry per email), then the page shows the entry's fate — won (with a
 * Pay button until the claim runs out), standby, claimed or expired — from the entry kept in this browser or the
 * link in the winner's email. Without JavaScript the form still enters and answers with the entry's link.
 */
export function RaffleSection(props: { creator: CreatorRow; drop: DropRow; items: DropItemView[]; turnstileSiteKey?: string }) {
  const { creator, drop } = props;
  const claimHours = Math.round((drop.claimSeconds ?? 86_400) / 3600);
  return (
    <section class="raffle" aria-labelledby="raffle-title" data-raffle data-drop-id={drop.id}>
      <h2 id="raffle-title">Enter the raffle</h2>
      <p class="muted">
        One entry per email until the drop opens; then the draw picks the winners, in a way anyone can check. Winners have{" "}
        {claimHours >= 1 ? `${claimHours} hour${claimHours === 1 ? "" : "s"}` : "a few minutes"} to pay; an unclaimed unit passes to the next entry on
        the standby list.
      </p>
      <p class="raffle-status" data-raffle-status role="status" aria-live="polite" hidden></p>
      <button type="button" class="raffle-pay" data-raffle-pay hidden>
        Pay now
      </button>
      {props.items.length === 0 ? (
        <NotAvailableYet />
      ) : (
        <form class="buy raffle-enter" method="post" action={`/${creator.handle}/drops/${drop.slug}/enter`} data-drop-id={drop.id}>
          {props.items.length > 1 ? (
            <label>
              Option
              <select name="variantId" required>
                {props.items.map((i) => (
                  <option value={i.variantId}>{`${i.title} — ${formatMoney(i.priceCents, i.currency)}`}</option>
                ))}
              </select>
            </label>
          ) : (
            <input type="hidden" name="variantId" value={props.items[0]!.variantId} />
          )}
          <label>
            Email
            <input type="email" name="email" required autocomplete="email" placeholder="you@example.com" />
          </label>
          <Turnstile siteKey={props.turnstileSiteKey} />
          <button type="submit">Enter the raffle</button>
          <p class="alert" role="alert"></p>
        </form>
      )}
    </section>
  );
}

const minutesText = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`);

/**
 * A queue drop: join from `queueOpensAt` (one ticket per email), a place drawn at random for everyone who joined
 * before the opening, then admission in place order. The queue script (loaded only here) follows the ticket kept in
 * this browser or the emailed link, and once admitted shows the reserve form, which pays like an open drop's.
 * Without JavaScript the join form still joins and lands back here with the ticket's link.
 */
export function QueueSection(props: { creator: CreatorRow; drop: DropRow; items: DropItemView[]; turnstileSiteKey?: string }) {
  const { creator, drop } = props;
  const opensAt = iso(drop.queueOpensAt ?? drop.startsAt);
  const page = `/${creator.handle}/drops/${drop.slug}`;
  return (
    <section class="queue" aria-labelledby="queue-title" data-queue data-drop-id={drop.id} data-opens-at={opensAt} data-starts-at={iso(drop.startsAt)}>
      <h2 id="queue-title">The queue</h2>
      <div class="queue-card" data-queue-card hidden>
        <p class="queue-state" data-queue-state role="status" aria-live="polite"></p>
        <dl class="queue-numbers">
          <div>
            <dt>Your place</dt>
            <dd data-queue-place></dd>
          </div>
          <div data-queue-ahead-row>
            <dt>Ahead of you</dt>
            <dd data-queue-ahead></dd>
          </div>
        </dl>
        <p class="queue-note" data-queue-note></p>
      </div>
      {props.items.length > 0 && (
        <form class="buy reserve" method="post" action={`${page}/reserve`} data-drop-id={drop.id} hidden>
          <BuyFields variants={props.items.map((i) => ({ id: i.variantId, label: `${i.title} — ${formatMoney(i.priceCents, i.currency)}` }))} maxQuantity={drop.perBuyerLimit} />
          <button type="submit">Reserve and pay</button>
        </form>
      )}
      <p>
        The queue <span data-queue-opens-label>opens</span> <time datetime={opensAt}>{new Date(opensAt).toUTCString()}</time>.
      </p>
      <p class="countdown" data-queue-countdown aria-live="off"></p>
      <p class="muted">
        Everyone who joins before the drop opens gets a place drawn at random at the opening, so arriving early gives no advantage; later
        arrivals line up behind them. When your turn comes you have {minutesText(drop.admissionSeconds ?? 120)} to reserve (up to {drop.perBuyerLimit} per
        buyer), then {minutesText(drop.holdSeconds)} to pay.
      </p>
      {props.items.length === 0 ? (
        <NotAvailableYet />
      ) : (
        <>
          <form class="buy queue-join" method="post" action={`${page}/queue`} data-drop-id={drop.id}>
            <label>
              Email
              <input type="email" name="email" required autocomplete="email" placeholder="you@example.com" />
            </label>
            <Turnstile siteKey={props.turnstileSiteKey} />
            <button type="submit">Join the queue</button>
            <p class="notice" data-queue-notice role="status"></p>
            <p class="alert" role="alert"></p>
          </form>
          <noscript>
            <p class="muted">Following your place and reserving when your turn comes need JavaScript.</p>
          </noscript>
        </>
      )}
      <script src={`/assets/queue-${ASSET_VERSION}.js`} defer></script>
    </section>
  );
}
