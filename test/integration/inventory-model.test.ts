// Model-based test of the inventory ledger (fast-check): random sequences of everything that can happen to a drop
// and its variant — reservations, releases, checkouts attaching orders, payments, late payments, undone payments,
// time passing, alarm runs, cancel, eviction, and the return of unsold units with its awaited variant call split in
// three (the drop takes the units out of sale, the variant receives the call, the drop hears the answer) so that any
// other operation can land in between, and answers can be lost. After every step the units must add up across both
// objects, no email may exceed the drop's limit, nothing may go negative, and nothing may sell after the drop closed
// except a hold taken before. A failing run shrinks to the shortest story, printed one step per line.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/inventory/ledger";
import { attachOrder, commit, release, reserve, uncommit } from "../../src/inventory/reservations";
import type { Reservation, Result } from "../../src/inventory/rules";
import { allocateToDrop, cancelDrop, configureDrop, ensureVariant, returnFromDrop } from "../../src/inventory/stock-moves";

const T0 = Date.UTC(2030, 0, 1);
const STOCK = 8; // units the variant was made with
const QUANTITY = 5; // of which the drop takes
const LIMIT = 2; // per buyer
const HOLD_SECONDS = 10;
const ENDS_AT = T0 + 90_000;
const EMAILS = ["ana@example.com", "bo@example.com"];

interface World {
  drop: Ledger;
  variant: Ledger;
  dropSql: SqlStorage;
  variantSql: SqlStorage;
  atomicDrop: <T>(fn: () => T) => T;
  atomicVariant: <T>(fn: () => T) => T;
  dropId: string;
  variantId: string;
  now: number;
  holds: { id: string; email: string; quantity: number; takenAt: number }[];
  /** Return calls in flight: sent by the drop, maybe received by the variant, answer maybe lost. */
  calls: { totalReturned: number; received: boolean }[];
  log: string[];
}

/** Each step runs inside the object it acts on (a Durable Object's storage is reachable only from its own context). */
type Step = { name: string; on: "drop" | "variant"; run: (w: World) => void };

const holdAt = (w: World, n: number) => (w.holds.length ? w.holds[n % w.holds.length] : undefined);

const step = (name: string, run: (w: World) => void, on: Step["on"] = "drop"): Step => ({ name, on, run, toString: () => name }) as Step;

/** Every operation, as an arbitrary: the numbers pick emails, holds and durations. */
const weighted = <T,>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const steps: fc.Arbitrary<Step> = fc.oneof(
  weighted(5, fc.record({ e: fc.nat(EMAILS.length - 1), q: fc.integer({ min: 1, max: 3 }) }).map(({ e, q }) =>
    step(`reserve ${q} for ${EMAILS[e]}`, (w) => {
      const r = reserve(w.drop, { variantId: w.variantId, quantity: q, email: EMAILS[e]! }, w.now);
      if (r.ok) expect(w.now < closedAt(w), "reserved after the close").toBe(true);
      if (r.ok) w.holds.push({ id: r.value.id, email: EMAILS[e]!, quantity: q, takenAt: w.now });
      w.log.push(outcome(r));
    }),
  )),
  weighted(3, fc.record({ h: fc.nat(), byBuyer: fc.boolean() }).map(({ h, byBuyer }) =>
    step(`release hold #${h}${byBuyer ? " (buyer)" : ""}`, (w) => {
      const hold = holdAt(w, h);
      if (hold) w.log.push(outcome(release(w.drop, hold.id, w.now, { announce: byBuyer })));
    }),
  )),
  weighted(1, fc.nat().map((h) =>
    step(`checkout attaches an order to hold #${h}`, (w) => {
      const hold = holdAt(w, h);
      if (hold) w.log.push(outcome(attachOrder(w.drop, hold.id, `ord_${hold.id}`, w.now)));
    }),
  )),
  weighted(4, fc.record({ h: fc.nat(), late: fc.boolean() }).map(({ h, late }) =>
    step(`payment for hold #${h}${late ? " (re-reserve if the hold ended)" : ""}`, (w) => {
      const hold = holdAt(w, h);
      if (!hold) return;
      const before = w.drop.hold(hold.id)!.status;
      const wasHeld = before === "held" && w.drop.hold(hold.id)!.expires_at > w.now;
      const r = commit(w.drop, hold.id, late, w.now);
      w.log.push(outcome(r));
      // After the close only a hold taken before the end and still held may become a sale.
      if (r.ok && before !== "committed" && w.now >= closedAt(w)) {
        // (Every hold was taken while the drop was open: a reservation after the close is refused, checked below.)
        expect(wasHeld, `a hold that had ended was sold after the close: ${w.log.join(" | ")}`).toBe(true);
      }
    }),
  )),
  weighted(1, fc.nat().map((h) =>
    step(`payment for hold #${h} undone`, (w) => {
      const hold = holdAt(w, h);
      if (hold) w.log.push(outcome(uncommit(w.drop, hold.id, w.now)));
    }),
  )),
  weighted(2, fc.integer({ min: 1, max: 40 }).map((s) => step(`${s}s pass`, (w) => void (w.now += s * 1000)))),
  weighted(1, fc.constant(step("the alarm settles holds and the close", (w) => w.drop.settle(w.drop.config()!, w.now)))),
  weighted(1, fc.constant(
    step("the alarm sends the unsold units back (call in flight)", (w) => {
      w.drop.closeOut(w.drop.config()!, w.now);
      for (const r of w.drop.unconfirmedReturns()) w.calls.push({ totalReturned: r.totalReturned, received: false });
    }),
  )),
  weighted(1, fc.nat().map((c) =>
    step(`the variant receives return call #${c}`, (w) => {
      const call = w.calls.length ? w.calls[c % w.calls.length]! : undefined;
      if (!call || call.received) return;
      w.log.push(outcome(returnFromDrop(w.variant, { dropId: w.dropId, totalReturned: call.totalReturned }, w.now)));
      call.received = true;
    }, "variant"),
  )),
  weighted(1, fc.record({ c: fc.nat(), lost: fc.boolean() }).map(({ c, lost }) =>
    step(`the drop hears the answer to return call #${c}${lost ? " (lost)" : ""}`, (w) => {
      const i = w.calls.length ? c % w.calls.length : -1;
      const call = i >= 0 ? w.calls[i]! : undefined;
      if (!call || !call.received) return;
      w.calls.splice(i, 1);
      if (!lost) w.drop.confirmReturn(w.variantId, call.totalReturned);
    }),
  )),
  weighted(1, fc.constant(step("the creator cancels the drop", (w) => w.log.push(outcome(cancelDrop(w.drop, w.now)))))),
  weighted(1, fc.constant(step("the drop's object is evicted and restarts", (w) => void (w.drop = new Ledger(w.dropSql, w.atomicDrop))))),
  weighted(1, fc.constant(step("the variant's object is evicted and restarts", (w) => void (w.variant = new Ledger(w.variantSql, w.atomicVariant)), "variant"))),
);

const outcome = (r: Result<unknown> | Result<Reservation>) => (r.ok ? "ok" : r.reason);

function closedAt(w: World): number {
  const cfg = w.drop.config()!;
  return cfg.canceled_at ?? cfg.ends_at ?? Number.POSITIVE_INFINITY;
}

interface Seen {
  item: ReturnType<Ledger["items"]>[number];
  perEmail: { email: string; n: number }[];
  committed: number;
  held: number;
}

interface SeenVariant {
  stock: ReturnType<Ledger["items"]>[number];
  allocation: { quantity: number; returned: number };
}

const seeDrop = (w: World): Seen => ({
  item: w.drop.items()[0]!,
  perEmail: w.dropSql.exec<{ email: string; n: number }>("select email, sum(quantity) as n from holds where status in ('held', 'committed') group by email").toArray(),
  committed: w.dropSql.exec<{ n: number }>("select coalesce(sum(quantity), 0) as n from holds where status = 'committed'").one().n,
  held: w.dropSql.exec<{ n: number }>("select coalesce(sum(quantity), 0) as n from holds where status = 'held'").one().n,
});

const seeVariant = (w: World): SeenVariant => ({
  stock: w.variant.items()[0]!,
  allocation: w.variantSql.exec<{ quantity: number; returned: number }>("select quantity, returned from allocations where drop_id = ?", w.dropId).one(),
});

/** The invariants, after every step. */
function check({ item, perEmail, committed, held }: Seen, { stock, allocation }: SeenVariant, story: string) {
  const say = (what: string) => `${what}\n${story}`;
  for (const [k, v] of Object.entries({ available: item.available, held: item.held, sold: item.sold, returned: item.returned, variantAvailable: stock.available })) {
    expect(v, say(`${k} went negative`)).toBeGreaterThanOrEqual(0);
  }
  expect(item.available + item.held + item.sold + item.returned, say("drop units do not add up")).toBe(QUANTITY);
  // Units made = the variant's own + those still out with the drop (allocated and not given back).
  expect(stock.quantity + allocation.quantity - allocation.returned, say("units made do not add up across objects")).toBe(STOCK);
  expect(allocation.returned, say("the variant took back units the drop still counts")).toBeLessThanOrEqual(item.returned);
  expect(item.returnAcked, say("the drop heard of a return the variant never made")).toBeLessThanOrEqual(allocation.returned);
  for (const { email, n } of perEmail) expect(n, say(`${email} holds or bought ${n} > ${LIMIT}`)).toBeLessThanOrEqual(LIMIT);
  expect(item.sold, say("sold differs from committed holds")).toBe(committed);
  expect(item.held, say("held differs from held holds")).toBe(held);
}

let run = 0;

describe("the inventory ledger under any interleaving (model-based)", () => {
  it("conserves units across drop and variant, keeps every limit, never sells after the close", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { minLength: 1, maxLength: 40 }), async (story) => {
        run++;
        const dropStub = env.INVENTORY.get(env.INVENTORY.idFromName(`model-drop:${run}`));
        const variantStub = env.INVENTORY.get(env.INVENTORY.idFromName(`model-variant:${run}`));
        const inDrop = <T,>(fn: () => T) => runInDurableObject(dropStub, () => fn());
        const inVariant = <T,>(fn: () => T) => runInDurableObject(variantStub, () => fn());
        const w = { dropId: `drp_model_${run}`, variantId: `var_model_${run}`, now: T0, holds: [], calls: [], log: [] } as unknown as World;
        await runInDurableObject(variantStub, (_o, state) => {
          w.variantSql = state.storage.sql;
          w.atomicVariant = (fn) => state.storage.transactionSync(fn);
          w.variant = new Ledger(w.variantSql, w.atomicVariant);
          ensureVariant(w.variant, w.variantId, STOCK, w.now);
          expect(allocateToDrop(w.variant, { variantId: w.variantId, dropId: w.dropId, quantity: QUANTITY }, w.now).ok).toBe(true);
        });
        await runInDurableObject(dropStub, (_o, state) => {
          w.dropSql = state.storage.sql;
          w.atomicDrop = (fn) => state.storage.transactionSync(fn);
          w.drop = new Ledger(w.dropSql, w.atomicDrop);
          const config = {
            dropId: w.dropId,
            creatorId: "cre_model",
            slug: "model",
            title: "Model",
            startsAt: T0,
            endsAt: ENDS_AT,
            perBuyerLimit: LIMIT,
            holdSeconds: HOLD_SECONDS,
            admission: "open" as const,
            claimSeconds: 86_400,
            queueOpensAt: null,
            admissionRate: 50,
            admissionSeconds: 120,
            shardCount: 4,
            items: [{ variantId: w.variantId, title: "Tee", priceCents: 1000, currency: "usd", quantity: QUANTITY, tracked: true }],
          };
          expect(configureDrop(w.drop, config, w.now).ok).toBe(true);
        });

        const done: string[] = [];
        for (const s of story) {
          const logged = w.log.length;
          await (s.on === "drop" ? inDrop : inVariant)(() => s.run(w));
          done.push(`${done.length + 1}. ${s.name}${w.log.length > logged ? ` → ${w.log.at(-1)}` : ""}`);
          check(await inDrop(() => seeDrop(w)), await inVariant(() => seeVariant(w)), done.join("\n"));
        }

        // Then the drop closes, every hold runs out and every return is delivered: all unsold units are back.
        w.now = Math.max(w.now, ENDS_AT) + HOLD_SECONDS * 1000 + 1;
        for (let round = 0; round < 2; round++) {
          const due = await inDrop(() => (w.drop.settle(w.drop.config()!, w.now), w.drop.unconfirmedReturns()));
          const answers = await inVariant(() => due.map((r) => returnFromDrop(w.variant, { dropId: w.dropId, totalReturned: r.totalReturned }, w.now).ok));
          await inDrop(() => due.forEach((r, i) => answers[i] && w.drop.confirmReturn(w.variantId, r.totalReturned)));
        }
        const end = await inDrop(() => seeDrop(w));
        const variant = await inVariant(() => seeVariant(w));
        check(end, variant, `${done.join("\n")}\n(drained)`);
        expect(end.item).toMatchObject({ available: 0, held: 0, returnAcked: end.item.returned });
        expect(variant.stock.available + end.item.sold, `${done.join("\n")}\nunsold units not all back`).toBe(STOCK);
      }),
      { numRuns: 300 },
    );
  });
});
