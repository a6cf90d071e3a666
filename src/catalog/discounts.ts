// Discount codes for creators (API.md "Discounts"): terms live in D1; whether a redemption may happen is decided by
// the code's own DiscountDO at checkout (checkout/discount-codes.ts). DELETE deactivates: orders keep their code.
import type { z } from "@hono/zod-openapi";
import type { Db } from "../db/client";
import { findCreatorById } from "../db/creators-store";
import { findDiscount, foreignScopeIds, insertDiscount, listDiscounts as listDiscountRows, redemptionCounts, updateDiscount as updateDiscountRow, type DiscountRow } from "../db/discounts-store";
import { isUniqueViolation } from "../db/errors";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { assertChargeableAmounts } from "../shared/money";
import { cursorPage, decodeCursor } from "../shared/pagination";
import { iso } from "../shared/time";
import type { CreateDiscountSchema, UpdateDiscountSchema } from "./discount-schemas";

type CreateInput = z.infer<typeof CreateDiscountSchema>;
type UpdateInput = z.infer<typeof UpdateDiscountSchema>;

function toView({ creatorId: _c, codeKey: _k, updatedAt: _u, ...d }: DiscountRow, redemptions: number) {
  return { ...d, startsAt: iso(d.startsAt), endsAt: iso(d.endsAt), createdAt: iso(d.createdAt), redemptions };
}

async function viewOf(db: Db, row: DiscountRow) {
  return toView(row, (await redemptionCounts(db, [row.id])).get(row.id) ?? 0);
}

const instant = (value: string | null | undefined) => (value == null ? value : Date.parse(value));

/** The stored form of the terms a request gives (only those it gives), checked against the store's catalog. */
async function termsOf(db: Db, creatorId: string, input: UpdateInput, current?: DiscountRow): Promise<Partial<DiscountRow>> {
  const foreign = await foreignScopeIds(db, creatorId, { productIds: input.productIds ?? [], dropIds: input.dropIds ?? [] });
  if (foreign.length) throw new DomainError("invalid_input", "Unknown products or drops in the scope.", foreign.map((id) => ({ field: "scope", message: `Unknown id ${id}.` })));
  const terms: Partial<DiscountRow> = {};
  for (const key of ["maxRedemptions", "perBuyerLimit", "productIds", "dropIds", "active"] as const) if (input[key] !== undefined) Object.assign(terms, { [key]: input[key] });
  if (input.startsAt !== undefined) terms.startsAt = instant(input.startsAt);
  if (input.endsAt !== undefined) terms.endsAt = instant(input.endsAt);
  if (input.percentOff !== undefined) Object.assign(terms, { percentOff: input.percentOff, amountOffCents: null, currency: null });
  if (input.amountOffCents !== undefined) {
    const currency = input.currency ?? current?.currency ?? (await findCreatorById(db, creatorId))!.currency;
    assertChargeableAmounts([{ field: "amountOffCents", amount: input.amountOffCents, currency }]);
    Object.assign(terms, { percentOff: null, amountOffCents: input.amountOffCents, currency });
  }
  const startsAt = terms.startsAt !== undefined ? terms.startsAt : current?.startsAt;
  const endsAt = terms.endsAt !== undefined ? terms.endsAt : current?.endsAt;
  if (startsAt != null && endsAt != null && endsAt <= startsAt) throw new DomainError("invalid_input", "endsAt must be after startsAt.", [{ field: "endsAt", message: "Before startsAt." }]);
  return terms;
}

export async function createDiscount(deps: { db: Db }, creatorId: string, input: CreateInput) {
  const now = Date.now();
  const terms = await termsOf(deps.db, creatorId, input);
  const row = { ...terms, id: newId("dsc", now), creatorId, code: input.code, codeKey: input.code.toLowerCase(), createdAt: now, updatedAt: now };
  try {
    return toView(await insertDiscount(deps.db, row), 0);
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("conflict", `The code ${input.code} is taken.`, { field: "code" });
    throw err;
  }
}

export async function getDiscount(deps: { db: Db }, creatorId: string, id: string) {
  const row = await findDiscount(deps.db, creatorId, id);
  if (!row) throw notFound("Discount");
  return viewOf(deps.db, row);
}

export async function listDiscounts(deps: { db: Db }, creatorId: string, query: { limit: number; cursor?: string }) {
  const page = await listDiscountRows(deps.db, creatorId, { limit: query.limit, before: decodeCursor(query.cursor) });
  const counts = await redemptionCounts(deps.db, page.items.map((d) => d.id));
  return cursorPage(page, (d) => toView(d, counts.get(d.id) ?? 0));
}

export async function updateDiscount(deps: { db: Db }, creatorId: string, id: string, input: UpdateInput) {
  const current = await findDiscount(deps.db, creatorId, id);
  if (!current) throw notFound("Discount");
  return viewOf(deps.db, (await updateDiscountRow(deps.db, creatorId, id, await termsOf(deps.db, creatorId, input, current)))!);
}
