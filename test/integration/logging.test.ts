// Request logs as an operator reads them: one line per API call, tied to its X-Request-Id, never carrying a capability token.
import { describe, expect, it } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { captureJobs, digitalProduct, paidOrder, runConsumer } from "../helpers/fulfillment";
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

describe("the request id", () => {
  it("is on every kind of answer: JSON, a streamed CSV, a download and its HEAD, a page and its cached copy, a static file", async () => {
    const c = await makeCreator();
    const product = await digitalProduct(c);
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    await runConsumer(jobs);
    const download = new URL((await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0].url).pathname;
    const answers = {
      json: await call("GET", "/health"),
      csv: await c.api("GET", "/customers/export"),
      download: await call("GET", download),
      downloadHead: await call("HEAD", download),
      page: await call("GET", `/${c.creator.handle}`),
      cachedPage: await call("GET", `/${c.creator.handle}`),
      openapi: await call("GET", "/admin/v1/openapi.json"),
    };
    for (const [kind, res] of Object.entries(answers)) {
      expect(res.status, kind).toBe(200);
      expect(res.headers.get("x-request-id"), kind).toMatch(/^[\w-]{8,}$/);
    }
    expect(answers.cachedPage.headers.get("x-request-id")).not.toBe(answers.page.headers.get("x-request-id"));
  });
});
