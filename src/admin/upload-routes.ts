// Creator admin: raw uploads (API.md "Files", "Settings"): a digital product's file (streamed to R2), a product's
// images (checked by their bytes, at most 10, with alt text) and the store's avatar and banner.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { uploadProductFile } from "../catalog/product-files";
import { addProductImage, deleteProductImage, setFirstProductImage, updateProductImage } from "../catalog/product-images";
import { ImageAltSchema, ProductImageSchema, ProductSchema } from "../catalog/product-schemas";
import { uploadProfileImage } from "../creators/creators";
import { SettingsSchema } from "../creators/schemas";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import type { Upload } from "../shared/uploads";
import { validationHook } from "../shared/validation";

export const uploadRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

async function upload(c: Context<AppEnv>): Promise<Upload> {
  const length = c.req.header("content-length");
  const disposition = c.req.header("content-disposition");
  return {
    // An Idempotency-Key has the body read already (to hash it): then it comes from Hono's copy.
    body: c.req.raw.bodyUsed ? await c.req.arrayBuffer() : c.req.raw.body,
    contentType: c.req.header("content-type") || "application/octet-stream",
    contentLength: length === undefined ? null : Number(length),
    fileName: c.req.query("filename") ?? disposition?.match(/filename="?([^";]+)"?/)?.[1],
  };
}

const binaryBody = { body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, required: true } };
const ImageParamsSchema = IdParamSchema.extend({ imageId: z.string().min(1).max(64) });
const AltQuerySchema = z.object({ alt: ImageAltSchema.optional().openapi({ description: DOCS ? "The image's alt text (what it shows, for people who cannot see it)." : undefined }) });
const ImageEnvelope = /* @__PURE__ */ z.object({ image: ProductImageSchema });
const ProductEnvelope = /* @__PURE__ */ z.object({ product: ProductSchema });
const imageErrors = DOCS
  ? {
      ...adminErrors,
      413: { ...adminErrors[413], description: "Image over 20 MiB (`payload_too_large`)." },
      415: { ...adminErrors[415], description: "Not a PNG, JPEG, WebP, GIF or AVIF image by its bytes (`unsupported_media_type`)." },
    }
  : undocumented;
const productTags = ["Products"];
const ids = (c: Context<AppEnv>) => ({ services: c.get("services"), creatorId: c.get("auth").creatorId });

uploadRoutes.openapi(
  createRoute({
    method: "put",
    path: "/products/{id}/file",
    tags: productTags,
    security,
    summary: DOCS ? "Upload the digital file (raw body, Content-Type kept, ≤ 100 MiB; ?filename= names the download)" : undefined,
    request: { params: IdParamSchema, ...binaryBody },
    responses: DOCS ? { 200: json(ProductEnvelope, "The product."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { services, creatorId } = ids(c);
    return c.json({ product: await uploadProductFile(services.db, services.files, creatorId, c.req.valid("param").id, await upload(c)) }, 200);
  },
);

uploadRoutes.openapi(
  createRoute({
    method: "put",
    path: "/products/{id}/image",
    tags: productTags,
    security,
    summary: DOCS ? "Set the first product image, replacing the current first one (raw PNG, JPEG, WebP, GIF or AVIF, ≤ 20 MiB)" : undefined,
    request: { params: IdParamSchema, query: AltQuerySchema, ...binaryBody },
    responses: DOCS ? { 200: json(ProductEnvelope, "The product."), ...imageErrors } : undocumented,
  }),
  async (c) => {
    const { services, creatorId } = ids(c);
    return c.json({ product: await setFirstProductImage(services, creatorId, c.req.valid("param").id, await upload(c), c.req.valid("query").alt) }, 200);
  },
);

uploadRoutes.openapi(
  createRoute({
    method: "post",
    path: "/products/{id}/images",
    tags: productTags,
    security,
    summary: DOCS ? "Add a product image after the others (raw PNG, JPEG, WebP, GIF or AVIF, ≤ 20 MiB; at most 10 per product, else 409)" : undefined,
    request: { params: IdParamSchema, query: AltQuerySchema, ...binaryBody },
    responses: DOCS ? { 201: json(ImageEnvelope, "The image, measured."), ...imageErrors } : undocumented,
  }),
  async (c) => {
    const { services, creatorId } = ids(c);
    return c.json({ image: await addProductImage(services, creatorId, c.req.valid("param").id, await upload(c), c.req.valid("query").alt) }, 201);
  },
);

uploadRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/products/{id}/images/{imageId}",
    tags: productTags,
    security,
    summary: DOCS ? "Change an image's alt text" : undefined,
    request: { params: ImageParamsSchema, ...jsonRequest(z.strictObject({ alt: ImageAltSchema }).openapi("ProductImagePatch")) },
    responses: DOCS ? { 200: json(ImageEnvelope, "The image."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { id, imageId } = c.req.valid("param");
    return c.json({ image: await updateProductImage(c.get("services").db, c.get("auth").creatorId, id, imageId, c.req.valid("json").alt) }, 200);
  },
);

uploadRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/products/{id}/images/{imageId}",
    tags: productTags,
    security,
    summary: DOCS ? "Remove an image (its files are deleted)" : undefined,
    request: { params: ImageParamsSchema },
    responses: DOCS ? { 204: { description: "Removed." }, ...adminErrors } : undocumented,
  }),
  async (c) => {
    const { services, creatorId } = ids(c);
    const { id, imageId } = c.req.valid("param");
    await deleteProductImage(services, creatorId, id, imageId);
    return c.body(null, 204);
  },
);

for (const slot of ["avatar", "banner"] as const) {
  uploadRoutes.openapi(
    createRoute({
      method: "put",
      path: `/settings/${slot}`,
      tags: ["Settings"],
      security,
      summary: DOCS ? `Upload the store's ${slot} (raw PNG, JPEG, WebP, GIF or AVIF, ≤ 20 MiB); sets ${slot}Url, deletes the upload it replaces` : undefined,
      request: binaryBody,
      responses: DOCS ? { 200: json(z.object({ settings: SettingsSchema }), "The settings."), ...imageErrors } : undocumented,
    }),
    async (c) => {
      const { services, creatorId } = ids(c);
      return c.json({ settings: await uploadProfileImage(services, creatorId, slot, await upload(c)) }, 200);
    },
  );
}
