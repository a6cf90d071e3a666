// Request logs as an operator reads them: one line per API call, tied to its X-Request-Id, never carrying a capability token.
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { captureLogs } from "../helpers/logs";

describe("request logs", () => {
  it("an API call writes one request line carrying the request id the caller received", async () => {
    const lines = captureLogs("info");
    const res = await call("GET", "/api/v1/drops/drp_nothing_here");
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests).toEqual([expect.objectContaining({ level: "info", method: "GET", path: "/api/v1/drops/drp_nothing_here", status: res.status, requestId: res.headers.get("x-request-id") })]);
  });

  it("a download request is logged without its token", async () => {
    const lines = captureLogs("info");
    await call("GET", "/downloads/secret-capability-token");
    expect(JSON.stringify(lines)).not.toContain("secret-capability-token");
    expect(lines.filter((l) => l.msg === "request")).toEqual([expect.objectContaining({ path: "/downloads/[token]" })]);
  });
});
