// Creator use cases: onboarding (platform), token management and settings (creator admin).
// Tokens carry 256 random bits; only their SHA-256 is stored, so a database leak reveals no usable token.
import { recordAudit, type Actor } from "../db/audit-store";
import type { Db } from "../db/client";
import {
  findActiveTokenByHash,
  findCreatorById,
  insertCreatorWithToken,
  insertToken,
  listTokens as listTokenRows,
  revokeToken as revokeTokenRow,
  touchToken,
  updateCreator,
  type ApiTokenRow,
  type CreatorRow,
} from "../db/creators-store";
import { randomSecret, secretsEqual, sha256Hex } from "../shared/crypto";
import { DomainError, notFound } from "../shared/errors";
import { newId } from "../shared/ids";
import { mediaKeyOf, mediaUrl } from "../shared/media";
import { assertChargeableAmounts } from "../shared/money";
import type { MediaStore, Upload } from "../shared/uploads";
import type { CreateCreatorInput, Settings, SettingsPatch, Token } from "./schemas";
import { iso } from "../shared/time";

const TOKEN_PREFIX = "dft";

function toCreator(c: CreatorRow) {
  return { id: c.id, handle: c.handle, displayName: c.displayName, email: c.email, currency: c.currency, createdAt: iso(c.createdAt)! };
}

function toToken(t: ApiTokenRow): Token {
  return { id: t.id, name: t.name, readOnly: t.readOnly, createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) };
}

async function newTokenRow(creatorId: string, name: string, readOnly: boolean, now: number) {
  const token = randomSecret(TOKEN_PREFIX);
  const row: ApiTokenRow = {
    id: newId("tok", now),
    creatorId,
    name,
    tokenHash: await sha256Hex(token),
    readOnly,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  return { token, row };
}

export async function createCreator(db: Db, input: CreateCreatorInput, now = Date.now()) {
  const creator: CreatorRow = {
    id: newId("cre", now),
    handle: input.handle,
    displayName: input.displayName,
    email: input.email,
    currency: input.currency ?? "usd",
    accentColor: null,
    avatarUrl: null,
    bannerUrl: null,
    fulfillmentWebhookUrl: null,
    fulfillmentWebhookSecret: null,
    stripeAccountId: null,
    cartMaxPerLine: null,
    cartMaxPerEmail: null,
    automaticTax: false,
    shippingRates: null,
    createdAt: now,
    updatedAt: now,
  };
  const { token, row } = await newTokenRow(creator.id, "default", false, now);
  if (!(await insertCreatorWithToken(db, creator, row))) {
    throw new DomainError("conflict", `The handle "${input.handle}" is taken.`);
  }
  return { creator: toCreator(creator), token };
}

export async function createToken(db: Db, actor: Actor, input: { name: string; readOnly?: boolean }, now = Date.now()) {
  const { token, row } = await newTokenRow(actor.creatorId, input.name, input.readOnly ?? false, now);
  await insertToken(db, row);
  await recordAudit(db, actor, "token.created", { id: row.id, name: row.name, readOnly: row.readOnly });
  return { ...toToken(row), token };
}

export async function listTokens(db: Db, creatorId: string): Promise<Token[]> {
  return (await listTokenRows(db, creatorId)).map(toToken);
}

export async function revokeToken(db: Db, actor: Actor, tokenId: string, now = Date.now()): Promise<Token> {
  const row = await revokeTokenRow(db, actor.creatorId, tokenId, now);
  if (!row) throw notFound("Token");
  await recordAudit(db, actor, "token.revoked", { id: row.id, name: row.name });
  return toToken(row);
}

/** Per-cart limits a creator may set; a null column means the default. */
const CART_LIMIT_DEFAULTS = { maxPerLine: 10, maxPerEmail: 20 } as const;

export function cartLimitsOf(c: Pick<CreatorRow, "cartMaxPerLine" | "cartMaxPerEmail">) {
  return { maxPerLine: c.cartMaxPerLine ?? CART_LIMIT_DEFAULTS.maxPerLine, maxPerEmail: c.cartMaxPerEmail ?? CART_LIMIT_DEFAULTS.maxPerEmail };
}

/** The signing secret goes to write tokens only: a read-only token never sees the field at all. */
function toSettings(c: CreatorRow, viewer: { readOnly: boolean }): Settings {
  const theme = { accentColor: c.accentColor, avatarUrl: c.avatarUrl, bannerUrl: c.bannerUrl };
  return {
    handle: c.handle,
    displayName: c.displayName,
    email: c.email,
    currency: c.currency,
    theme,
    ...theme,
    fulfillmentWebhookUrl: c.fulfillmentWebhookUrl,
    ...(!viewer.readOnly && { fulfillmentWebhookSecret: c.fulfillmentWebhookSecret }),
    stripeAccountId: c.stripeAccountId,
    cartLimits: cartLimitsOf(c),
    automaticTax: c.automaticTax,
    shippingRates: c.shippingRates ?? [],
  };
}

export async function getSettings(db: Db, creatorId: string, viewer: { readOnly: boolean }): Promise<Settings> {
  const creator = await findCreatorById(db, creatorId);
  if (!creator) throw notFound("Creator");
  return toSettings(creator, viewer);
}

interface SettingsDeps {
  db: Db;
  media: MediaStore;
}

/** Settings whose change the audit log records, from and to: where orders are sent and where payouts go. */
const AUDITED_SETTINGS = ["fulfillmentWebhookUrl", "stripeAccountId"] as const;

/**
 * Setting a new fulfillment webhook URL issues a fresh signing secret; clearing the URL drops it. An avatar or banner
 * this store uploaded is deleted once the theme no longer points at it.
 */
export async function updateSettings({ db, media }: SettingsDeps, actor: Actor, input: SettingsPatch, now = Date.now()): Promise<Settings> {
  const { creatorId } = actor;
  const current = await findCreatorById(db, creatorId);
  if (!current) throw notFound("Creator");
  const patch: Partial<CreatorRow> = { updatedAt: now };
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  for (const field of ["accentColor", "avatarUrl", "bannerUrl"] as const) {
    const value = input.theme?.[field] !== undefined ? input.theme[field] : input[field];
    if (value !== undefined) patch[field] = value;
  }
  if (input.stripeAccountId !== undefined) patch.stripeAccountId = input.stripeAccountId;
  // null puts a limit back to its default.
  if (input.cartLimits?.maxPerLine !== undefined) patch.cartMaxPerLine = input.cartLimits.maxPerLine;
  if (input.cartLimits?.maxPerEmail !== undefined) patch.cartMaxPerEmail = input.cartLimits.maxPerEmail;
  if (input.automaticTax !== undefined) patch.automaticTax = input.automaticTax;
  if (input.shippingRates !== undefined) {
    // Rates are in the creator's currency, and Stripe must accept each amount in it.
    assertChargeableAmounts(input.shippingRates.map((r, i) => ({ field: `shippingRates.${i}.amountCents`, amount: r.amountCents, currency: current.currency })));
    patch.shippingRates = input.shippingRates.length ? input.shippingRates : null;
  }
  if (input.fulfillmentWebhookUrl !== undefined) {
    patch.fulfillmentWebhookUrl = input.fulfillmentWebhookUrl;
    if (input.fulfillmentWebhookUrl === null) patch.fulfillmentWebhookSecret = null;
    else if (input.fulfillmentWebhookUrl !== current.fulfillmentWebhookUrl || !current.fulfillmentWebhookSecret) {
      patch.fulfillmentWebhookSecret = randomSecret("whsec");
    }
  }
  const updated = (await updateCreator(db, creatorId, patch))!;
  const changed = AUDITED_SETTINGS.filter((f) => current[f] !== updated[f]);
  if (changed.length) await recordAudit(db, actor, "settings.updated", Object.fromEntries(changed.map((f) => [f, { from: current[f], to: updated[f] }])));
  await removeReplacedImages(media, current, updated);
  // Only write tokens reach a PATCH (read-only ones are refused before it).
  return toSettings(updated, { readOnly: false });
}

/** PUT …/settings/avatar and …/banner: stores the image (checked by its bytes) and points the theme at its URL. */
export async function uploadProfileImage(deps: SettingsDeps, creatorId: string, slot: "avatar" | "banner", upload: Upload, now = Date.now()): Promise<Settings> {
  const current = await findCreatorById(deps.db, creatorId);
  if (!current) throw notFound("Creator");
  const { key } = await deps.media.saveImage(creatorId, "profile", upload);
  const updated = (await updateCreator(deps.db, creatorId, { [`${slot}Url`]: mediaUrl(key), updatedAt: now }))!;
  await removeReplacedImages(deps.media, current, updated);
  return toSettings(updated, { readOnly: false });
}

/** Deletes the creator's own uploads (never another creator's) that the avatar or banner pointed at before, and no longer does. */
async function removeReplacedImages(media: MediaStore, before: CreatorRow, after: CreatorRow) {
  for (const field of ["avatarUrl", "bannerUrl"] as const) {
    const key = mediaKeyOf(before[field]);
    if (key?.startsWith(`${before.id}/`) && before[field] !== after[field]) await media.remove(key);
  }
}

/** How often a token's last use is written (a busy token is not one D1 write per request). */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The creator behind a bearer token, looked up by its SHA-256 (never stored in clear) and checked for revocation on
 * every call, so revoking is effective at once. `touch` records the use at most once a minute (run it in the
 * background). Undefined for a missing, wrong or revoked token.
 */
export async function authenticateToken(db: Db, token: string, now = Date.now()) {
  const hash = await sha256Hex(token);
  const row = await findActiveTokenByHash(db, hash);
  if (!row || !(await secretsEqual(row.tokenHash, hash))) return undefined;
  const stale = row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_GRANULARITY_MS;
  return {
    creatorId: row.creatorId,
    tokenId: row.id,
    readOnly: row.readOnly,
    touch: stale ? () => touchToken(db, row.id, now).catch(() => undefined) : undefined,
  };
}

/** The handle a creator's storefront pages live under (for purging their cache after a write). */
export async function handleOf(db: Db, creatorId: string): Promise<string | undefined> {
  return (await findCreatorById(db, creatorId))?.handle;
}
