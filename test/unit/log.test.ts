import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it, vi } from "vitest";
import { errorFields, errorMessage, log } from "../../src/shared/log";
import { captureLogs } from "../helpers/logs";

describe("error logging", () => {
  it("a failed query that carried a signing secret logs the statement but never its bound values", () => {
    const err = new DrizzleQueryError("update creators set fulfillment_webhook_secret = ? where id = ?", ["whsec_topsecret", "cre_1"], new Error("D1 unavailable"));
    const logged = JSON.stringify(errorFields(err));
    expect(logged).toContain("update creators set");
    expect(logged).not.toContain("whsec_topsecret");
    expect(errorMessage(err)).not.toContain("whsec_topsecret");
  });
});

describe("log levels", () => {
  it("a line below LOG_LEVEL is not written, one at or above it is", () => {
    const lines = captureLogs("warn");
    log("debug", "detail");
    log("info", "routine");
    log("warn", "worth a look");
    log("error", "broken");
    expect(lines.map((l) => l.msg)).toEqual(["worth a look", "broken"]);
  });

  it("the test run writes no info lines unless a test asks for them", () => {
    const quiet = vi.spyOn(console, "log").mockImplementation(() => {});
    log("info", "routine");
    expect(quiet).not.toHaveBeenCalled();
    quiet.mockRestore();
  });

  it("every line is one JSON object with its level, message, time and fields", () => {
    const lines = captureLogs("debug");
    log("info", "request", { status: 200 });
    expect(lines).toEqual([{ level: "info", msg: "request", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), status: 200 }]);
  });
});
