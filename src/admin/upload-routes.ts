// Creator admin: uploads of a product's digital file and image (API.md "Files"), raw bodies streamed to R2.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { uploadProductFile, uploadProductImage, type Upload } from "../catalog/product-files";
import { ProductSchema } from "../catalog/product-schemas";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, security } from "../shared/openapi";
import { validationHook } from "../shared/validation";

export const uploadRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

function upload(c: Context<AppEnv>): Upload {
  const length = c.req.header("content-length");
  const disposition = c.req.header("content-disposition");
  return {
    body: c.req.raw.body,
    contentType: c.req.header("content-type") || "application/octet-stream",
    contentLength: length === undefined ? null : Number(length),
    fileName: c.req.query("filename") ?? disposition?.match(/filename="?([^";]+)"?/)?.[1],
  };
}

const binaryBody = { body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, required: true } };

for (const [path, summary, save] of [
  ["/products/{id}/file", "Upload the digital file (raw body, Content-Type kept, ≤ 100 MiB; ?filename= names the download)", uploadProductFile],
  ["/products/{id}/image", "Upload the product image (PNG, JPEG, WebP, GIF or AVIF, ≤ 100 MiB)", uploadProductImage],
] as const) {
  uploadRoutes.openapi(
    createRoute({ method: "put", path, tags: ["Products"], security, summary, request: { params: IdParamSchema, ...binaryBody }, responses: { 200: json(z.object({ product: ProductSchema }), "The product."), ...adminErrors } }),
    async (c) => c.json({ product: await save(c.get("services").db, c.get("services").files, c.get("auth").creatorId, c.req.valid("param").id, upload(c)) }, 200),
  );
}

