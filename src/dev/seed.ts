// The demo store for local development (`npm run dev`): a creator with a few products of each kind, each with its
// pictures, and the store's avatar and banner. Idempotent: running it again leaves one copy of everything. Only
// reachable when ENVIRONMENT=development.
import { orderPagePath } from "../shared/order-token";
import { createProduct } from "../catalog/products";
import type { CreateProductInput } from "../catalog/product-schemas";
import type { Db } from "../db/client";
import { findCreatorByHandle, findActiveTokenByHash, insertToken } from "../db/creators-store";
import { dropSlugTaken } from "../db/drops-store";
import { findProductBySlug, slugTaken } from "../db/products-store";
import { createDrop } from "../catalog/drops";
import { createDiscount } from "../catalog/discounts";
import { findDiscountByCode } from "../db/discounts-store";
import type { InventoryNamespace } from "../inventory/inventory-client";
import { uploadProductFile } from "../catalog/product-files";
import { addProductImage } from "../catalog/product-images";
import { getProduct } from "../catalog/products";
import type { Services } from "../services";
import { startCartCheckout } from "../checkout/start-checkout";
import { findOrder, listOrders } from "../db/orders-store";
import { settleSimulatedSession } from "./checkout-routes";
import { createCreator, getSettings, updateSettings, uploadProfileImage } from "../creators/creators";
import { sha256Hex } from "../shared/crypto";
import { newId } from "../shared/ids";
import type { Upload } from "../shared/uploads";
import * as art from "./demo-art";

const DEMO_HANDLE = "nova";
const DEMO_SHIPPING_RATES = [
  { name: "Standard", amountCents: 500, minDays: 3, maxDays: 7 },
  { name: "Express", amountCents: 1500, minDays: 1, maxDays: 2 },
];
/** A fixed, local-only admin token so the README and scripts can use it; it never exists in production. */
export const DEMO_TOKEN = "dft_demo_local_development_token_not_for_production";

const DEMO_PRODUCTS: CreateProductInput[] = [
  {
    slug: "tour-tee",
    title: "Midnight Tour Tee",
    description: "Heavyweight cotton tee from the Midnight tour.",
    kind: "physical",
    priceCents: 3000,
    variants: [
      { sku: "TEE-S", title: "Small", stock: 40 },
      { sku: "TEE-M", title: "Medium", stock: 60 },
      { sku: "TEE-L", title: "Large", stock: 50 },
    ],
  },
  { slug: "signed-poster", title: "Signed Poster", description: "A2, hand-signed.", kind: "physical", priceCents: 4500, stock: 25 },
  { slug: "midnight-stems", title: "Midnight Stems (WAV)", description: "Every stem of the album.", kind: "digital", priceCents: 1500 },
  { slug: "sketchbook-zine", title: "Sketchbook Zine (PDF)", description: "48 pages of tour sketches. Pay what you want: $3 or more.", kind: "digital", priceCents: 800, minPriceCents: 300 },
  { slug: "fan-club", title: "Fan Club", description: "Early access to every drop.", kind: "membership", priceCents: 500 },
];

/** A code to try at checkout: 10 % off everything, 100 uses. */
const DEMO_CODE = "NOVA10";

/** The demo drop opens this long after the first seeding, so `npm run dev` shows a countdown, then a live drop. */
const DEMO_DROP_DELAY_MS = 3 * 60 * 1000;

export async function seedDemoStore(services: Services, origin: string) {
  const { db } = services;
  let creator = await findCreatorByHandle(db, DEMO_HANDLE);
  if (!creator) {
    await createCreator(db, { handle: DEMO_HANDLE, displayName: "Nova", email: "nova@example.com", currency: "usd" });
    creator = (await findCreatorByHandle(db, DEMO_HANDLE))!;
    // Two shipping rates to choose from at checkout (set once: a creator's own changes stay).
    await updateSettings(services, { creatorId: creator.id, tokenId: null }, { shippingRates: DEMO_SHIPPING_RATES });
  }
  const tokenHash = await sha256Hex(DEMO_TOKEN);
  if (!(await findActiveTokenByHash(db, tokenHash))) {
    const now = Date.now();
    await insertToken(db, { id: newId("tok", now), creatorId: creator.id, name: "demo", tokenHash, readOnly: false, createdAt: now, lastUsedAt: null, revokedAt: null });
  }
  const created: string[] = [];
  for (const product of DEMO_PRODUCTS) {
    if (await slugTaken(db, creator.id, product.slug)) continue;
    await createProduct(services, creator.id, product);
    created.push(product.slug);
  }
  await seedDemoFiles(db, services.files, creator.id);
  await seedDemoImages(services, creator.id);
  if (!(await findDiscountByCode(db, creator.id, DEMO_CODE))) await createDiscount(services, creator.id, { code: DEMO_CODE, percentOff: 10, maxRedemptions: 100 });
  const drop = await seedDemoDrop(services, creator.id);
  const order = await seedPaidOrder(services, creator.id, origin);
  return { handle: DEMO_HANDLE, creatorId: creator.id, token: DEMO_TOKEN, createdProducts: created, drop, order, discountCode: DEMO_CODE };
}

/** Small stand-in files for the demo's digital products, so a demo purchase is downloadable (the zine as a real PDF). */
async function seedDemoFiles(db: Db, files: R2Bucket, creatorId: string) {
  const stems = new TextEncoder().encode("Demo file: the Midnight stems would be delivered here.\n");
  for (const [slug, fileName, body, contentType] of [
    ["midnight-stems", "midnight-stems-README.txt", stems, "text/plain; charset=utf-8"],
    ["sketchbook-zine", "sketchbook-zine.pdf", demoPdf(["Sketchbook Zine", "A demo file from the Dropfront demo store:", "48 pages of tour sketches would be delivered here."]), "application/pdf"],
  ] as const) {
    const product = await findProductBySlug(db, creatorId, slug);
    if (!product || product.fileKey) continue;
    await uploadProductFile(db, files, creatorId, product.id, { body: body.buffer as ArrayBuffer, contentType, contentLength: body.byteLength, fileName });
  }
}

/** A one-page PDF (A5) with a line of text per entry, in the standard Helvetica font: the smallest valid file. ASCII
 * lines only: the cross-reference offsets and the stream length count characters as bytes. */
function demoPdf(lines: string[]): Uint8Array {
  const text = lines.map((l, i) => `BT /F1 ${i ? 12 : 20} Tf 48 ${520 - i * 28} Td (${l.replace(/[\\()]/g, "\\$&")}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

/** Each product's pictures, in order, with what they show for people who cannot see them. */
const DEMO_IMAGES: Record<string, [draw: () => string, alt: string][]> = {
  "tour-tee": [
    [art.teeFront, "Black Midnight Tour tee, front: a round print of a full moon rising over purple mountains"],
    [art.teeBack, "The back of the tee: a small moon emblem above two columns of tour dates"],
    [art.printDetail, "Close-up of the chest print on black cotton: moon, mountains and an equalizer skyline"],
  ],
  "signed-poster": [
    [art.poster, "A2 poster on a wall: the moon emblem in a starry night sky, signed in silver ink"],
    [art.signatureDetail, "Close-up of the silver signature and the numbered-edition stamp"],
  ],
  "midnight-stems": [
    [art.stems, "Four stems as coloured waveforms, one track each for drums, bass, keys and vocals, with a playhead"],
    [art.spectrum, "A circular audio spectrum glowing around the moon emblem"],
  ],
  "sketchbook-zine": [
    [art.zineCover, "The stapled zine's cover: an ink sketch of the moon over mountains, with a pencil beside it"],
    [art.zineSpread, "An open spread: ink sketches of the tour van, a stage with lights and the crowd"],
  ],
  "fan-club": [
    [art.badge, "Gold fan-club badge with ribbons, framing the moon emblem"],
    [art.memberCard, "A holographic fan-club membership card with the moon emblem"],
  ],
};

/** An SVG drawing as a JPEG upload: the Images binding rasterizes it (locally through sharp). */
async function rasterized(images: ImagesBinding, svg: string): Promise<Upload> {
  const result = await images.input(new Response(svg).body!).output({ format: "image/jpeg", quality: 88 });
  const body = await new Response(result.image()).arrayBuffer();
  return { body, contentType: result.contentType(), contentLength: body.byteLength };
}

/**
 * The demo's pictures go through the very use cases the admin API calls (checked, measured, stored in R2), so the demo
 * shows the real path. Products that already have pictures, and an avatar or banner already set, are left alone.
 */
async function seedDemoImages(services: Services, creatorId: string) {
  const creator = await getSettings(services.db, creatorId, { readOnly: false });
  if (!creator.accentColor) await updateSettings(services, { creatorId, tokenId: null }, { accentColor: "#7c3aed" });
  if (!creator.avatarUrl) await uploadProfileImage(services, creatorId, "avatar", await rasterized(services.images, art.avatar()));
  if (!creator.bannerUrl) await uploadProfileImage(services, creatorId, "banner", await rasterized(services.images, art.banner()));
  for (const [slug, pictures] of Object.entries(DEMO_IMAGES)) {
    const found = await findProductBySlug(services.db, creatorId, slug);
    if (!found || (await getProduct(services.db, creatorId, found.id)).images.length > 0) continue;
    for (const [draw, alt] of pictures) await addProductImage(services, creatorId, found.id, await rasterized(services.images, draw()), alt);
  }
}

/** One paid order (a zine and a tee) through the simulated processor's signed-webhook path. */
async function seedPaidOrder(services: Services, creatorId: string, origin: string) {
  const { db } = services;
  if ((await listOrders(db, creatorId, { limit: 1 })).items.length > 0) return null;
  const zine = await findProductBySlug(db, creatorId, "sketchbook-zine");
  const tee = await findProductBySlug(db, creatorId, "tour-tee");
  if (!zine || !tee) return null;
  const started = await startCartCheckout(services, origin, {
    handle: DEMO_HANDLE,
    email: "fan@example.com",
    items: [
      { variantId: zine.variants[0]!.id, quantity: 1 },
      { variantId: tee.variants[0]!.id, quantity: 1 },
    ],
  });
  const order = await settleSimulatedSession(services, (await findOrder(db, started.order.id))!, "complete");
  return { id: order.id, status: order.status, url: `${origin}${orderPagePath(DEMO_HANDLE, order.id, started.orderToken)}` };
}

async function seedDemoDrop(deps: { db: Db; inventory: InventoryNamespace; dropShardCount: number }, creatorId: string) {
  if (await dropSlugTaken(deps.db, creatorId, "midnight-drop")) return null;
  const tee = await findProductBySlug(deps.db, creatorId, "tour-tee");
  const poster = await findProductBySlug(deps.db, creatorId, "signed-poster");
  if (!tee || !poster) return null;
  const medium = tee.variants.find((v) => v.sku === "TEE-M") ?? tee.variants[0]!;
  const drop = await createDrop(deps, creatorId, {
    slug: "midnight-drop",
    title: "Midnight Drop: signed tees and posters",
    startsAt: new Date(Date.now() + DEMO_DROP_DELAY_MS).toISOString(),
    perBuyerLimit: 2,
    holdSeconds: 600,
    items: [
      { variantId: medium.id, quantity: 20, priceCents: 3500 },
      { variantId: poster.variants[0]!.id, quantity: 10 },
    ],
  });
  return { id: drop.id, slug: drop.slug, startsAt: drop.startsAt };
}
