import { describe, expect, it } from "vitest";
import { downloadToken, verifyDownloadToken } from "../../src/fulfillment/download-token";
import { signingSecret } from "../../src/services";
import { orderToken, verifyOrderToken } from "../../src/shared/order-token";

const SECRET = "unit-test-secret";
const ORDER = "ord_01jabcdefghjkmnpqrstvwxyz0";
const GRANT = "dlg_01jabcdefghjkmnpqrstvwxyz0";

describe("order tokens (the buyer's capability to view an order)", () => {
  it("the same order always gets the same token, so a repeated checkout can hand it out again", async () => {
    expect(await orderToken(SECRET, ORDER)).toBe(await orderToken(SECRET, ORDER));
  });

  it("a token opens its own order only", async () => {
    const token = await orderToken(SECRET, ORDER);
    expect(await verifyOrderToken(SECRET, ORDER, token)).toBe(true);
    expect(await verifyOrderToken(SECRET, "ord_01jabcdefghjkmnpqrstvwxyz1", token)).toBe(false);
  });

  it("a token made with another secret, a changed character, none or an oversized one is refused", async () => {
    const token = await orderToken(SECRET, ORDER);
    expect(await verifyOrderToken("another-secret", ORDER, token)).toBe(false);
    expect(await verifyOrderToken(SECRET, ORDER, (token[0] === "A" ? "B" : "A") + token.slice(1))).toBe(false);
    expect(await verifyOrderToken(SECRET, ORDER, undefined)).toBe(false);
    expect(await verifyOrderToken(SECRET, ORDER, token + "x".repeat(100))).toBe(false);
  });

  it("production without SIGNING_SECRET refuses to sign; development falls back to a fixed secret", () => {
    expect(() => signingSecret({ SIGNING_SECRET: "", ENVIRONMENT: "production" })).toThrow(/SIGNING_SECRET/);
    expect(signingSecret({ SIGNING_SECRET: "", ENVIRONMENT: "development" })).toBeTruthy();
    expect(signingSecret({ SIGNING_SECRET: "set", ENVIRONMENT: "production" })).toBe("set");
  });
});

describe("download tokens", () => {
  it("a genuine token names its grant", async () => {
    expect(await verifyDownloadToken(SECRET, await downloadToken(SECRET, GRANT))).toBe(GRANT);
  });

  it("a token whose grant id was swapped, or signed with another secret, names no grant", async () => {
    const token = await downloadToken(SECRET, GRANT);
    const signature = token.split(".")[1];
    expect(await verifyDownloadToken(SECRET, `dlg_01jabcdefghjkmnpqrstvwxyz1.${signature}`)).toBeUndefined();
    expect(await verifyDownloadToken("another-secret", token)).toBeUndefined();
  });

  it("anything not shaped like a token names no grant", async () => {
    for (const token of ["", "dlg_x.y", GRANT, `${GRANT}.`, `ord_01jabcdefghjkmnpqrstvwxyz0.${"a".repeat(43)}`]) {
      expect(await verifyDownloadToken(SECRET, token)).toBeUndefined();
    }
  });
});
