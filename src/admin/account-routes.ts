// Creator admin: API tokens and store settings (API.md "Tokens", "Settings").
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { createToken, getSettings, listTokens, revokeToken, updateSettings } from "../creators/creators";
import { CreateTokenSchema, SettingsPatchSchema, SettingsSchema, TokenSchema, settingsPatchSchema } from "../creators/schemas";
import type { AppEnv } from "../env";
import { IdParamSchema, adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { parseWith, validationHook } from "../shared/validation";

const DevSettingsPatchSchema = settingsPatchSchema(true).openapi("SettingsPatch", {
  description: DOCS ? "URLs must be https on a public host; http on loopback only in development." : undefined,
});

export const accountRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

accountRoutes.openapi(
  createRoute({
    method: "post",
    path: "/tokens",
    tags: ["Tokens"],
    security,
    summary: DOCS ? "Create an admin token (shown once)" : undefined,
    request: jsonRequest(CreateTokenSchema),
    responses: DOCS ? {
      201: json(TokenSchema.extend({ token: z.string() }), "The token, shown only in this response."),
      ...adminErrors,
    } : undocumented,
  }),
  async (c) => c.json(await createToken(c.get("services").db, c.get("auth"), c.req.valid("json")), 201),
);

accountRoutes.openapi(
  createRoute({
    method: "get",
    path: "/tokens",
    tags: ["Tokens"],
    security,
    summary: DOCS ? "List admin tokens (never their values)" : undefined,
    responses: DOCS ? { 200: json(z.object({ items: z.array(TokenSchema) }), "Tokens, newest first."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ items: await listTokens(c.get("services").db, c.get("auth").creatorId) }, 200),
);

accountRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/tokens/{id}",
    tags: ["Tokens"],
    security,
    summary: DOCS ? "Revoke a token, effective at once" : undefined,
    request: { params: IdParamSchema },
    responses: DOCS ? { 200: json(z.object({ token: TokenSchema }), "The revoked token."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ token: await revokeToken(c.get("services").db, c.get("auth"), c.req.valid("param").id) }, 200),
);

accountRoutes.openapi(
  createRoute({
    method: "get",
    path: "/settings",
    tags: ["Settings"],
    security,
    summary: DOCS ? "Store settings (the fulfillment webhook secret only for write tokens)" : undefined,
    responses: DOCS ? { 200: json(z.object({ settings: SettingsSchema }), "The settings."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json({ settings: await getSettings(c.get("services").db, c.get("auth").creatorId, c.get("auth")) }, 200),
);

accountRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/settings",
    tags: ["Settings"],
    security,
    summary: DOCS ? "Change settings; setting fulfillmentWebhookUrl issues a new signing secret" : undefined,
    request: jsonRequest(DevSettingsPatchSchema),
    responses: DOCS ? { 200: json(z.object({ settings: SettingsSchema }), "The updated settings."), ...adminErrors } : undocumented,
  }),
  async (c) => {
    // The route schema also accepts http on loopback; outside development the stricter schema applies.
    const input = c.get("services").development ? c.req.valid("json") : parseWith(SettingsPatchSchema, c.req.valid("json"));
    return c.json({ settings: await updateSettings(c.get("services"), c.get("auth"), input) }, 200);
  },
);
