// Creator settings (`/admin/v1/settings`): defaults, theme, the fulfillment webhook and its secret, and every invalid value refused whole.
import { describe, expect, it } from "vitest";
import { call, callWithEnv, makeCreator } from "../helpers/api";

describe("settings", () => {
  it("returns defaults and the theme", async () => {
    const c = await makeCreator({ displayName: "Nova" });
    const res = await c.api("GET", "/settings");
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      displayName: "Nova",
      theme: { accentColor: null, avatarUrl: null, bannerUrl: null },
      fulfillmentWebhookUrl: null,
      fulfillmentWebhookSecret: null,
      stripeAccountId: null,
    });
  });

  it("setting a fulfillment webhook URL generates a secret, kept until the URL changes", async () => {
    const c = await makeCreator();
    const first = await c.api("PATCH", "/settings", {
      body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook", theme: { accentColor: "#7c3aed" }, stripeAccountId: "acct_1234567" },
    });
    expect(first.status).toBe(200);
    const secret = first.json.settings.fulfillmentWebhookSecret;
    expect(secret).toMatch(/^whsec_/);
    expect(first.json.settings.theme.accentColor).toBe("#7c3aed");
    const again = await c.api("PATCH", "/settings", { body: { displayName: "Renamed" } });
    expect(again.json.settings.fulfillmentWebhookSecret).toBe(secret);
    expect((await c.api("GET", "/settings")).json.settings).toMatchObject({ displayName: "Renamed", fulfillmentWebhookSecret: secret });
    const moved = await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://other.example.com/hook" } });
    expect(moved.json.settings.fulfillmentWebhookSecret).not.toBe(secret);
  });

  it("a read-only token never sees the fulfillment signing secret; a write token does", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook" } });
    const ro = await c.api("POST", "/tokens", { body: { name: "dashboard", readOnly: true } });
    const asReader = await call("GET", "/admin/v1/settings", { token: ro.json.token });
    expect(asReader.status).toBe(200);
    expect(asReader.json.settings.fulfillmentWebhookUrl).toBe("https://fulfil.example.com/hook");
    expect(asReader.json.settings).not.toHaveProperty("fulfillmentWebhookSecret");
    expect(asReader.text).not.toContain("whsec_");
    const asWriter = await c.api("GET", "/settings");
    expect(asWriter.json.settings.fulfillmentWebhookSecret).toMatch(/^whsec_/);
  });

  it("allows http on loopback only in development", async () => {
    const c = await makeCreator();
    const dev = await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "http://127.0.0.1:9000/hook" } });
    expect(dev.status).toBe(200);
    const res = await callWithEnv({ ENVIRONMENT: "production" }, "PATCH", "/admin/v1/settings", {
      token: c.token,
      body: { fulfillmentWebhookUrl: "http://127.0.0.1:9000/hook" },
    });
    expect(res.status).toBe(400);
  });

  it.each([
    { fulfillmentWebhookUrl: "http://fulfil.example.com/hook" },
    { fulfillmentWebhookUrl: "https://10.0.0.5/hook" },
    { fulfillmentWebhookUrl: "https://localhost/hook" },
    { fulfillmentWebhookUrl: "https://localhost./hook" },
    { fulfillmentWebhookUrl: "https://10.0.0.1.nip.io/hook" },
    { fulfillmentWebhookUrl: "https://100.64.0.1/hook" },
    { fulfillmentWebhookUrl: "https://198.18.0.1/hook" },
    { fulfillmentWebhookUrl: "https://2130706433/hook" },
    { fulfillmentWebhookUrl: "https://[::ffff:7f00:1]/hook" },
    { fulfillmentWebhookUrl: "not a url" },
    { accentColor: "red" },
    { stripeAccountId: "cus_123" },
    { handle: "cannot-change" },
  ])("rejects %o and changes nothing", async (body) => {
    const c = await makeCreator();
    const before = (await c.api("GET", "/settings")).json;
    const res = await c.api("PATCH", "/settings", { body });
    expect(res.status).toBe(400);
    expect((await c.api("GET", "/settings")).json).toEqual(before);
  });
});
