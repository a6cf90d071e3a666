import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator, makeProduct, type TestCreator } from "../helpers/api";
import { bytes, captureJobs, digitalProduct, paidOrder, runConsumer } from "../helpers/fulfillment";

afterEach(() => vi.restoreAllMocks());

const SIZE = 4096;
const HOUR = 60 * 60 * 1000;

/** A fulfilled digital order; `path` is its download link. */
async function downloadLink(c: TestCreator, downloadLimit: number) {
  const product = await digitalProduct(c, { downloadLimit }, SIZE);
  const jobs = captureJobs();
  const { orderId, orderToken } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
  await runConsumer(jobs);
  const order = await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`);
  return { orderId, orderToken, path: new URL(order.json.order.downloads[0].url).pathname };
}

async function get(path: string, range?: string) {
  const res = await exports.default.fetch(new Request(`http://localhost${path}`, { headers: range === undefined ? {} : { range } }));
  const body = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, remaining: Number(res.headers.get("x-downloads-remaining")) };
}

async function remainingOf(orderId: string, orderToken: string) {
  return (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0].remaining as number;
}

const lastCounted = (path: string, at: number) =>
  env.DB.prepare("update download_grants set last_counted_at = ? where id = ?").bind(at, path.split("/").pop()!.split(".")[0]).run();

describe("what a download costs", () => {
  it("a suffix range larger than the file is the whole file: it counts, so a one-download link is then gone", async () => {
    const { path } = await downloadLink(await makeCreator(), 1);
    const whole = await get(path, "bytes=-100000000");
    expect(whole.status).toBe(206);
    expect(whole.headers.get("content-range")).toBe(`bytes 0-${SIZE - 1}/${SIZE}`);
    expect(whole.body).toEqual(bytes(SIZE));
    expect(whole.remaining).toBe(0);
    const again = await get(path);
    expect(again.status).toBe(410);
  });

  it("every form of a GET from byte 0 counts one download, whole file or not", async () => {
    const { orderId, orderToken, path } = await downloadLink(await makeCreator(), 20);
    const forms: [string | undefined, number, string | null][] = [
      [undefined, 200, null],
      ["bytes=0-", 206, `bytes 0-${SIZE - 1}/${SIZE}`],
      [`bytes=0-${SIZE - 1}`, 206, `bytes 0-${SIZE - 1}/${SIZE}`],
      [`bytes=-${SIZE}`, 206, `bytes 0-${SIZE - 1}/${SIZE}`],
      ["bytes=0-99,100-", 206, `bytes 0-${SIZE - 1}/${SIZE}`],
      ["bytes=0-99", 206, `bytes 0-99/${SIZE}`],
      ["bytes=oops", 200, null],
      ["bytes=20-10", 200, null],
      ["items=0-", 200, null],
    ];
    let expected = 20;
    for (const [range, status, contentRange] of forms) {
      const res = await get(path, range);
      expected--;
      expect({ range, status: res.status, contentRange: res.headers.get("content-range"), remaining: res.remaining }).toEqual({ range, status, contentRange, remaining: expected });
      const end = contentRange === null ? SIZE - 1 : Number(/^bytes 0-(\d+)\//.exec(contentRange)![1]);
      expect(res.body).toEqual(bytes(SIZE).slice(0, end + 1));
    }
    expect(await remainingOf(orderId, orderToken)).toBe(expected);
  });

  it("a resumed range within an hour of the last counted GET is free, later it counts, and it can finish a used-up link", async () => {
    const { path } = await downloadLink(await makeCreator(), 2);
    expect((await get(path)).remaining).toBe(1);
    const resumed = await get(path, "bytes=1000-");
    expect(resumed.status).toBe(206);
    expect(resumed.headers.get("content-range")).toBe(`bytes 1000-${SIZE - 1}/${SIZE}`);
    expect(resumed.body).toEqual(bytes(SIZE).slice(1000));
    expect(resumed.remaining).toBe(1);

    // Two hours later the same range is a new download.
    await lastCounted(path, Date.now() - 2 * HOUR);
    const later = await get(path, "bytes=1000-");
    expect(later.status).toBe(206);
    expect(later.remaining).toBe(0);
    // The link is used up, but the download just counted may still be resumed…
    const finish = await get(path, "bytes=3000-3999");
    expect(finish.status).toBe(206);
    expect(finish.body).toEqual(bytes(SIZE).slice(3000, 4000));
    // …while a new one may not.
    expect((await get(path)).status).toBe(410);
    expect((await get(path, "bytes=0-")).status).toBe(410);
    await lastCounted(path, Date.now() - 2 * HOUR);
    expect((await get(path, "bytes=1000-")).status).toBe(410);
  });

  it("a range past byte 0 on a link never counted is not a resume: it counts", async () => {
    const { path } = await downloadLink(await makeCreator(), 1);
    const first = await get(path, "bytes=1-");
    expect(first.status).toBe(206);
    expect(first.remaining).toBe(0);
    expect((await get(path, "bytes=0-0")).status).toBe(410);
  });

  it("an unsatisfiable range is a 416 with the size and costs nothing; HEAD costs nothing", async () => {
    const { orderId, orderToken, path } = await downloadLink(await makeCreator(), 1);
    const res = await get(path, `bytes=${SIZE}-`);
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    expect((await get(path, "bytes=-0")).status).toBe(416);
    expect((await call("HEAD", path)).status).toBe(200);
    expect(await remainingOf(orderId, orderToken)).toBe(1);
    expect((await get(path)).status).toBe(200);
  });

  it("parallel GETs never download more than the limit", async () => {
    const { orderId, orderToken, path } = await downloadLink(await makeCreator(), 3);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => get(path, i % 2 ? `bytes=-${SIZE * 2}` : undefined)));
    expect(results.filter((r) => r.status === 200 || r.status === 206)).toHaveLength(3);
    expect(results.filter((r) => r.status === 410)).toHaveLength(9);
    expect(await remainingOf(orderId, orderToken)).toBe(0);
  });
});

describe("a refunded order delivers nothing more", () => {
  it("its links answer 410 gone, its order API and page list no downloads, and its membership is inactive", async () => {
    const c = await makeCreator();
    const zine = await digitalProduct(c);
    const club = await makeProduct(c, { kind: "membership", priceCents: 500, membershipTier: "Inner Circle", membershipDays: 30 });
    const jobs = captureJobs();
    const { orderId, orderToken } = await paidOrder(c, [{ variantId: zine.variants[0].id, quantity: 1 }, { variantId: club.variants[0].id, quantity: 1 }], "member@example.com");
    await runConsumer(jobs);
    const { url } = (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order.downloads[0];
    const path = new URL(url).pathname;
    expect((await get(path)).status).toBe(200);
    expect((await c.api("GET", "/memberships")).json.items[0]).toMatchObject({ orderId, active: true });

    const refund = await c.api("POST", `/orders/${orderId}/refund`);
    expect(refund.json.order.status).toBe("refunded");

    for (const res of [await call("GET", path), await call("GET", path, { headers: { range: "bytes=100-" } })]) {
      expect(res.status).toBe(410);
      expect(res.json.error.code).toBe("gone");
    }
    expect((await call("HEAD", path)).status).toBe(410);
    const order = (await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`)).json.order;
    expect(order.status).toBe("refunded");
    expect(order.downloads).toBeUndefined();
    const page = await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);
    expect(page.text).not.toContain("/downloads/");
    expect((await c.api("GET", "/memberships")).json.items).toEqual([expect.objectContaining({ orderId, active: false })]);
  });

  it("a renewal bought after a refund starts now, not after the refunded membership", async () => {
    const c = await makeCreator();
    const club = await makeProduct(c, { kind: "membership", priceCents: 500, membershipTier: "Inner Circle", membershipDays: 30 });
    const jobs = captureJobs();
    const first = await paidOrder(c, [{ variantId: club.variants[0].id, quantity: 1 }], "member@example.com");
    await runConsumer(jobs.splice(0));
    await c.api("POST", `/orders/${first.orderId}/refund`);
    const before = Date.now();
    const second = await paidOrder(c, [{ variantId: club.variants[0].id, quantity: 1 }], "member@example.com");
    await runConsumer(jobs.splice(0));
    const renewal = (await c.api("GET", "/memberships")).json.items.find((m: { orderId: string }) => m.orderId === second.orderId);
    expect(renewal.active).toBe(true);
    expect(Date.parse(renewal.startsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(renewal.startsAt)).toBeLessThan(before + HOUR);
  });
});
