import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { errorFields, errorMessage } from "../../src/shared/log";

describe("error logging", () => {
  it("a failed query that carried a signing secret logs the statement but never its bound values", () => {
    const err = new DrizzleQueryError("update creators set fulfillment_webhook_secret = ? where id = ?", ["whsec_topsecret", "cre_1"], new Error("D1 unavailable"));
    const logged = JSON.stringify(errorFields(err));
    expect(logged).toContain("update creators set");
    expect(logged).not.toContain("whsec_topsecret");
    expect(errorMessage(err)).not.toContain("whsec_topsecret");
  });
});
