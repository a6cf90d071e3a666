// Drop use cases for creators. The drop's inventory object is the authority for its units and its
// not-started-yet check; D1 keeps the catalog row and a display snapshot. Creating a drop moves each tracked
// item's quantity out of the variant's own stock object, all or nothing: the drop's object is configured first and
// owns the undo (cancel, then its alarm returns every allocation until each variant confirms).
import type { Db } from "../db/client";
import {
  dropExists,
  dropSlugTaken,
  findDrop,
  insertDrop,
  listDrops as listDropRows,
  updateDropRow,
  type DropItemRow,
  type DropRow,
  type DropWithItems,
} from "../db/drops-store";
import { isUniqueViolation } from "../db/errors";
import { findVariantsOfIds, findVariantsWithProducts, setVariantStockSnapshot } from "../db/products-store";
import { dropObject, unwrap, variantObject, type InventoryNamespace } from "../inventory/inventory-client";
import { dropStatus, type DropConfig, type ItemCounts } from "../inventory/rules";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { errorFields, log } from "../shared/log";
import { assertChargeableAmounts } from "../shared/money";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { checkQueueOpening, type CreateDropInput, type UpdateDropInput } from "./drop-schemas";
import { itemTitle, type CatalogDeps } from "./products";
import { iso } from "../shared/time";

const DEFAULT_HOLD_SECONDS = 600;
/** API.md: a raffle winner's hold lasts a day unless the creator says otherwise. */
const DEFAULT_CLAIM_SECONDS = 86_400;
/** API.md: a queue opens 30 minutes before its drop, admits 50 buyers a second, each for 120 s to reserve. */
const DEFAULT_QUEUE_LEAD_MS = 30 * 60_000;
const DEFAULT_ADMISSION_RATE = 50;
const DEFAULT_ADMISSION_SECONDS = 120;


function toAdminDrop(drop: DropWithItems, live?: { status: string; items: ItemCounts[] }, now = Date.now()) {
  const counts = new Map(live?.items.map((i) => [i.variantId, i]));
  const items = drop.items.map((i) => {
    const c = counts.get(i.variantId);
    return {
      variantId: i.variantId,
      priceCents: i.priceCents,
      currency: i.currency,
      quantity: i.quantity,
      available: c?.available ?? i.available,
      held: c?.held ?? i.held,
      sold: c?.sold ?? i.sold,
      returned: c?.returned ?? 0,
    };
  });
  const status = (live?.status ??
    dropStatus({ startsAt: drop.startsAt, endsAt: drop.endsAt, canceledAt: drop.canceledAt }, items.some((i) => i.available > 0), now)) as ReturnType<typeof dropStatus>;
  return {
    id: drop.id,
    slug: drop.slug,
    title: drop.title,
    status,
    startsAt: iso(drop.startsAt)!,
    endsAt: iso(drop.endsAt),
    perBuyerLimit: drop.perBuyerLimit,
    holdSeconds: drop.holdSeconds,
    admission: drop.admission,
    claimSeconds: drop.claimSeconds,
    queueOpensAt: iso(drop.queueOpensAt),
    admissionRate: drop.admissionRate,
    admissionSeconds: drop.admissionSeconds,
    raffleCommitment: drop.raffleCommitment,
    canceledAt: iso(drop.canceledAt),
    createdAt: iso(drop.createdAt)!,
    items,
  };
}

export async function createDrop({ db, inventory, dropShardCount }: CatalogDeps & { dropShardCount: number }, creatorId: string, input: CreateDropInput, now = Date.now()) {
  if (await dropSlugTaken(db, creatorId, input.slug)) throw new DomainError("conflict", `You already have a drop with slug "${input.slug}".`);
  const found = new Map((await findVariantsWithProducts(db, creatorId, input.items.map((i) => i.variantId))).map((v) => [v.variant.id, v]));
  const missing = input.items.filter((i) => !found.has(i.variantId)).map((i) => i.variantId);
  if (missing.length) throw new DomainError("not_found", `Variant not found: ${missing.join(", ")}.`, missing.map((variantId) => ({ variantId })));
  const archived = input.items.filter((i) => found.get(i.variantId)!.product.status === "archived");
  if (archived.length) {
    throw new DomainError("invalid_input", "Archived products cannot be dropped.", archived.map((i) => ({ field: "items.variantId", message: `${i.variantId} belongs to an archived product.` })));
  }
  // A drop price is charged in its product's currency, so Stripe's rules for that currency apply to it.
  assertChargeableAmounts(input.items.map((i, index) => ({ field: `items.${index}.priceCents`, amount: i.priceCents, currency: found.get(i.variantId)!.product.currency })));

  const dropId = newId("drp", now);
  const startsAt = Date.parse(input.startsAt);
  const queue = input.admission === "queue";
  const config: DropConfig = {
    dropId,
    creatorId,
    slug: input.slug,
    title: input.title,
    startsAt,
    endsAt: input.endsAt ? Date.parse(input.endsAt) : null,
    perBuyerLimit: input.perBuyerLimit,
    holdSeconds: input.holdSeconds ?? DEFAULT_HOLD_SECONDS,
    admission: input.admission ?? "open",
    claimSeconds: input.claimSeconds ?? DEFAULT_CLAIM_SECONDS,
    queueOpensAt: queue ? (input.queueOpensAt ? Date.parse(input.queueOpensAt) : startsAt - DEFAULT_QUEUE_LEAD_MS) : null,
    admissionRate: input.admissionRate ?? DEFAULT_ADMISSION_RATE,
    admissionSeconds: input.admissionSeconds ?? DEFAULT_ADMISSION_SECONDS,
    shardCount: dropShardCount,
    items: input.items.map((i) => {
      const { variant, product } = found.get(i.variantId)!;
      return {
        variantId: i.variantId,
        title: itemTitle(product, variant),
        priceCents: i.priceCents ?? variant.priceCents ?? product.priceCents,
        currency: product.currency,
        quantity: i.quantity,
        tracked: variant.stock !== null,
      };
    }),
  };

  const row: DropRow = {
    id: dropId,
    creatorId,
    slug: config.slug,
    title: config.title,
    startsAt: config.startsAt,
    endsAt: config.endsAt,
    perBuyerLimit: config.perBuyerLimit,
    holdSeconds: config.holdSeconds,
    canceledAt: null,
    admission: config.admission,
    claimSeconds: config.admission === "raffle" ? config.claimSeconds : null,
    raffleCommitment: null,
    queueOpensAt: config.queueOpensAt,
    admissionRate: queue ? config.admissionRate : null,
    admissionSeconds: queue ? config.admissionSeconds : null,
    createdAt: now,
    updatedAt: now,
  };
  const items: DropItemRow[] = config.items.map((i, position) => ({
    dropId,
    variantId: i.variantId,
    quantity: i.quantity,
    priceCents: i.priceCents,
    currency: i.currency,
    position,
    available: i.quantity,
    held: 0,
    sold: 0,
  }));
  const tracked = config.items.filter((i) => i.tracked);

  // 1. The drop's object first: from here on it owns the undo. Canceling it takes every unit out of sale and its
  //    alarm gives each allocation back to its variant until the variant confirms (a variant that never allocated
  //    keeps a tombstone). If this request dies or its undo fails, the object notices by itself: unconfirmed after a
  //    minute, it looks for its catalog row in D1 and cancels itself when there is none. No unit leaks.
  const configured = unwrap(await dropObject(inventory, dropId).configureDrop(config));
  // The raffle's commitment (made by the object, which keeps the seed) is public from creation.
  row.raffleCommitment = configured.raffle?.commitment ?? null;
  const undo = async () => {
    const drop = dropObject(inventory, dropId);
    await drop.cancelDrop();
    await drop.settleReturns(); // now rather than at the next alarm, so the creator sees the stock back at once
  };
  try {
    // 2. Units move out of each tracked variant (all or nothing, through the undo above).
    const allocations = await Promise.all(
      tracked.map((i) =>
        variantObject(inventory, i.variantId).allocateToDrop({ variantId: i.variantId, seedStock: found.get(i.variantId)!.variant.stock!, dropId, quantity: i.quantity }),
      ),
    );
    const short = allocations.flatMap((a, n) =>
      a.ok ? [] : [{ variantId: tracked[n]!.variantId, requested: tracked[n]!.quantity, reason: a.reason, available: Array.isArray(a.details) ? (a.details[0]?.available ?? null) : null }],
    );
    if (short.length) throw new DomainError("sold_out", "Not enough stock for every item of the drop.", short);
    // 3. The catalog row: the drop exists for buyers once this commits (an error after the commit is no failure).
    await insertDrop(db, row, items).catch(async (err) => {
      if (!isUniqueViolation(err) && (await dropExists(db, dropId).catch(() => false))) return;
      throw err;
    });
  } catch (err) {
    await undo().catch((undoErr) => log("error", "undoing a failed drop creation failed; the drop object's alarm retries the returns", { dropId, ...errorFields(undoErr) }));
    if (isUniqueViolation(err)) throw new DomainError("conflict", `You already have a drop with slug "${input.slug}".`);
    throw err;
  }
  // 4. The object stops waiting for the row (if this call fails, its alarm finds the row in D1 and confirms).
  await dropObject(inventory, dropId)
    .confirmDrop()
    .catch((err) => log("warn", "confirming a new drop to its object failed; its alarm will check D1", { dropId, ...errorFields(err) }));
  // 5. Display copies only: a failure here never undoes a drop that exists (the next stock change rewrites them).
  await refreshStockSnapshots(db, inventory, tracked.map((i) => i.variantId)).catch((err) =>
    log("warn", "refreshing stock display copies failed", { dropId, ...errorFields(err) }),
  );
  return getDrop({ db, inventory }, creatorId, dropId);
}

/** Writes tracked variants' display copies from their objects (the authority), so admin reads agree at once. */
async function refreshStockSnapshots(db: Db, inventory: InventoryNamespace, variantIds: string[]) {
  const rows = await findVariantsOfIds(db, variantIds);
  await Promise.all(
    rows
      .filter((v) => v.stock !== null)
      .map(async (v) => setVariantStockSnapshot(db, v.id, (await variantObject(inventory, v.id).stockCounts({ variantId: v.id, seedStock: v.stock! })).available)),
  );
}

export async function getDrop({ db, inventory }: CatalogDeps, creatorId: string, id: string) {
  const drop = await findDrop(db, creatorId, id);
  if (!drop) throw notFound("Drop");
  const live = unwrap(await dropObject(inventory, id).dropCounts());
  return toAdminDrop(drop, live);
}

export async function listDrops({ db }: CatalogDeps, creatorId: string, query: { limit: number; cursor?: string }) {
  const page = await listDropRows(db, creatorId, { limit: query.limit, before: decodeCursor(query.cursor) });
  return cursorPage(page, (d) => toAdminDrop(d));
}

export async function updateDrop({ db, inventory }: CatalogDeps, creatorId: string, id: string, input: UpdateDropInput, now = Date.now()) {
  const drop = await findDrop(db, creatorId, id);
  if (!drop) throw notFound("Drop");
  if (input.slug && input.slug !== drop.slug && (await dropSlugTaken(db, creatorId, input.slug, id))) {
    throw new DomainError("conflict", `You already have a drop with slug "${input.slug}".`);
  }
  const startsAt = input.startsAt ? Date.parse(input.startsAt) : drop.startsAt;
  const endsAt = input.endsAt === undefined ? drop.endsAt : input.endsAt === null ? null : Date.parse(input.endsAt);
  if (endsAt !== null && endsAt <= startsAt) {
    throw new DomainError("invalid_input", "endsAt must be after startsAt.", [{ field: "endsAt", message: "endsAt must be after startsAt." }]);
  }
  const queue = drop.admission === "queue";
  for (const field of ["queueOpensAt", "admissionRate", "admissionSeconds"] as const) {
    if (input[field] !== undefined && !queue) throw new DomainError("invalid_input", `${field} applies to queue drops only.`, [{ field, message: `${field} applies to queue drops only.` }]);
  }
  // A queue keeps its lead when only the start moves (the default 30 minutes stays 30 minutes).
  const queueOpensAt = !queue ? null : input.queueOpensAt ? Date.parse(input.queueOpensAt) : drop.queueOpensAt! + (startsAt - drop.startsAt);
  if (queueOpensAt !== null) {
    checkQueueOpening(queueOpensAt, startsAt, (message) => {
      throw new DomainError("invalid_input", message, [{ field: "queueOpensAt", message }]);
    });
  }
  const patch = {
    slug: input.slug,
    title: input.title,
    startsAt,
    endsAt,
    perBuyerLimit: input.perBuyerLimit,
    holdSeconds: input.holdSeconds,
    ...(queue && { queueOpensAt, admissionRate: input.admissionRate, admissionSeconds: input.admissionSeconds }),
  };
  // The object decides "not started yet" atomically with the change; D1 follows.
  unwrap(await dropObject(inventory, id).updateDrop(patch));
  await updateDropRow(db, creatorId, id, {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.title !== undefined && { title: input.title }),
    startsAt,
    endsAt,
    ...(input.perBuyerLimit !== undefined && { perBuyerLimit: input.perBuyerLimit }),
    ...(input.holdSeconds !== undefined && { holdSeconds: input.holdSeconds }),
    ...(queue && { queueOpensAt }),
    ...(input.admissionRate !== undefined && { admissionRate: input.admissionRate }),
    ...(input.admissionSeconds !== undefined && { admissionSeconds: input.admissionSeconds }),
    updatedAt: now,
  });
  return getDrop({ db, inventory }, creatorId, id);
}

export async function cancelDrop({ db, inventory }: CatalogDeps, creatorId: string, id: string, now = Date.now()) {
  const drop = await findDrop(db, creatorId, id);
  if (!drop) throw notFound("Drop");
  unwrap(await dropObject(inventory, id).cancelDrop());
  if (drop.canceledAt === null) await updateDropRow(db, creatorId, id, { canceledAt: now, updatedAt: now });
  // Unsold units go back to stock now (held ones follow when their holds end); D1's display copy follows at once.
  await dropObject(inventory, id).settleReturns();
  await refreshStockSnapshots(db, inventory, drop.items.map((i) => i.variantId)).catch((err) =>
    log("warn", "refreshing stock display copies failed", { dropId: id, ...errorFields(err) }),
  );
  return getDrop({ db, inventory }, creatorId, id);
}
