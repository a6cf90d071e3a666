// A real buyer in headless Chromium (Debian's chromium, driven by playwright-core) against the real
// `wrangler dev`: open a live drop page, watch the stock update, reserve, pay through the simulated checkout and
// land on the order page; keep a page open across the opening and buy in its first seconds without a reload (on a
// device whose clock is minutes off); keep another open across the end; enter a raffle; wait in a queue, get
// admitted and buy, while a later buyer's page sees the line ahead of them and then the sell-out. Screenshots go to
// test-results/ (phone 390×844 and desktop 1280×900).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, useBrowserStore } from "../helpers/browser";

const PLATFORM = "browser-platform-token";

const store = useBrowserStore(PLATFORM);
/** The admin and buyer API over the shared client: a JSON body and extra headers (the creator's authorization). */
const api = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => store.client(method, url, { body, headers });

/** A creator with one product, through the admin API. */
async function shop(handle: string, product: Record<string, unknown>) {
  const { json: created } = await api("POST", "/platform/v1/creators", { handle, displayName: "Clock Shop", email: "shop@example.com" }, { authorization: `Bearer ${PLATFORM}` });
  const admin = { authorization: `Bearer ${created.token}` };
  const { json: p } = await api("POST", "/admin/v1/products", product, admin);
  return { admin, variantId: p.product.variants[0].id as string, productId: p.product.id as string };
}

/** Marks the page's document; a reload or navigation loses the mark. */
const markDocument = (page: import("playwright-core").Page) => page.evaluate(() => ((window as unknown as { __kept: number }).__kept = 1));
const documentKept = (page: import("playwright-core").Page) => page.evaluate(() => (window as unknown as { __kept?: number }).__kept === 1);

describe("a buyer in a real browser", () => {
  it("sees live stock on the drop page, reserves, pays and lands on the order page", async () => {
    const { json: created } = await api("POST", "/platform/v1/creators", { handle: "browser-shop", displayName: "Browser Shop", email: "shop@example.com" }, { authorization: `Bearer ${PLATFORM}` });
    const admin = { authorization: `Bearer ${created.token}` };
    await api("PATCH", "/admin/v1/settings", { theme: { accentColor: "#be123c" } }, admin);
    const { json: p } = await api("POST", "/admin/v1/products", { slug: "hoodie", title: "Night Hoodie", kind: "physical", priceCents: 5500, stock: 20 }, admin);
    const variantId = p.product.variants[0].id;
    const { json: d } = await api(
      "POST",
      "/admin/v1/drops",
      { slug: "night", title: "Night Drop", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 2, items: [{ variantId, quantity: 5 }] },
      admin,
    );
    const dropId = d.drop.id;

    const page = await store.browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`${store.server.url}/browser-shop/drops/night`);
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`), { timeout: 15_000 }).toBe("5 left");
    await expect.poll(() => page.textContent("[data-status-badge]")).toBe("Live");

    // Someone else reserves: the open page updates through the drop's WebSocket.
    const other = await api("POST", `/api/v1/drops/${dropId}/reservations`, { variantId, quantity: 2, email: "other@example.com" }, { "cf-connecting-ip": "198.51.100.77" });
    expect(other.status).toBe(201);
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`), { timeout: 15_000 }).toBe("3 left");
    await page.screenshot({ path: path.join(ARTIFACTS, "drop-page.png"), fullPage: true });

    await page.getByLabel("Email").fill("buyer@example.com");
    await page.getByLabel("Quantity").fill("1");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Reserve and pay" }).click()]);
    await Promise.all([page.waitForURL(/\/browser-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    await expect.poll(() => page.getAttribute(".order-status", "data-status")).toBe("paid");
    expect(await page.textContent("h1")).toBe("Your order");
    expect(await page.textContent("main")).toContain("Night Hoodie");
    await page.screenshot({ path: path.join(ARTIFACTS, "order-page.png"), fullPage: true });

    const counts = await api("GET", `/admin/v1/drops/${dropId}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, held: 2, available: 2 });
  });

  it("a buyer who mistypes a discount code fixes it and pays the discounted price on the same reservation", async () => {
    const { admin, variantId } = await shop("code-shop", { slug: "cap", title: "Code Cap", kind: "physical", priceCents: 3000, stock: 10 });
    const { json: d } = await api("POST", "/admin/v1/drops", { slug: "codes", title: "Code Drop", startsAt: new Date(Date.now() - 1000).toISOString(), perBuyerLimit: 1, items: [{ variantId, quantity: 5 }] }, admin);
    await api("POST", "/admin/v1/discounts", { code: "FANS10", percentOff: 10 }, admin);
    const page = await store.browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`${store.server.url}/code-shop/drops/codes`);
    await expect.poll(() => page.textContent("[data-status-badge]")).toBe("Live");
    await page.getByLabel("Email").fill("coder@example.com");
    await page.getByLabel(/Discount code/).fill("FANS01");
    await page.getByRole("button", { name: "Reserve and pay" }).click();
    await expect.poll(() => page.textContent("form.reserve .alert")).toBe("Unknown discount code.");
    await page.screenshot({ path: path.join(ARTIFACTS, "drop-discount-refused.png"), fullPage: true });
    // A per-buyer limit of 1: a second reservation would be refused, so paying proves the first hold was reused.
    await page.getByLabel(/Discount code/).fill("fans10");
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Reserve and pay" }).click()]);
    await Promise.all([page.waitForURL(/\/code-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    await expect.poll(() => page.getAttribute(".order-status", "data-status")).toBe("paid");
    expect(await page.textContent(".total.discount")).toBe("Discount (FANS10) −$3.00");
    await page.screenshot({ path: path.join(ARTIFACTS, "order-page-discount.png"), fullPage: true });
    const counts = await api("GET", `/admin/v1/drops/${d.drop.id}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, held: 0, available: 4 });
  });

  it("a buyer with the page open before the opening buys in its first seconds, without a reload, on a device clock 10 minutes slow", async () => {
    const { admin, variantId, productId } = await shop("clock-shop", { slug: "zine", title: "Opening Zine", kind: "digital", priceCents: 1200 });
    const file = await store.client("PUT", `/admin/v1/products/${productId}/file`, { rawBody: "%PDF-1.4 zine", headers: { ...admin, "content-type": "application/pdf" } });
    expect(file.status).toBeLessThan(300);
    const startsAt = Date.now() + 8_000;
    const { json: d } = await api("POST", "/admin/v1/drops", { slug: "opening", title: "Opening Drop", startsAt: new Date(startsAt).toISOString(), perBuyerLimit: 1, items: [{ variantId, quantity: 3 }] }, admin);
    expect(d.drop.status).toBe("scheduled");

    const page = await store.browser.newPage({ viewport: { width: 420, height: 900 } });
    // The buyer's device runs 10 minutes behind: only the server's clock (serverTime) can open the page on time.
    await page.clock.setSystemTime(new Date(Date.now() - 10 * 60_000));
    await page.goto(`${store.server.url}/clock-shop/drops/opening`);
    expect(await page.evaluate(() => Date.now())).toBeLessThan(Date.now() - 5 * 60_000);
    await markDocument(page);
    await expect.poll(() => page.textContent("[data-status-badge]")).toBe("Starts soon");
    // The event countdown: seconds only (hours and minutes at 00), read out as one phrase.
    await expect.poll(() => page.getAttribute("[data-countdown]", "aria-label")).toMatch(/^Opens in \d+s$/);
    expect(await page.textContent("[data-countdown]")).toMatch(/^00hours00min\d\dsec$/);
    expect(await page.getByRole("button", { name: "Reserve and pay" }).isDisabled()).toBe(true);
    // The disabled button says why, until the opening.
    expect(await page.isVisible("[data-reserve-hint]")).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "drop-before-opening.png"), fullPage: true });
    await page.getByLabel("Email").fill("early@example.com");

    await expect.poll(() => page.textContent("[data-status-badge]"), { timeout: 30_000, interval: 100 }).toBe("Live");
    await expect.poll(() => page.getByRole("button", { name: "Reserve and pay" }).isEnabled(), { interval: 100 }).toBe(true);
    expect(await page.isVisible("[data-reserve-hint]")).toBe(false);
    expect(await documentKept(page)).toBe(true);
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Reserve and pay" }).click()]);
    const reservedAt = Date.now();
    expect(reservedAt - startsAt).toBeLessThan(20_000);
    await Promise.all([page.waitForURL(/\/clock-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    // The order page follows the order by itself until the download link is there.
    await expect.poll(() => page.locator("#downloads").count(), { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "order-page-downloads.png"), fullPage: true });
    const counts = await api("GET", `/admin/v1/drops/${d.drop.id}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, available: 2 });
  });

  it("a page left open across the end shows Ended, never Sold out, without a reload", async () => {
    const { admin, variantId } = await shop("end-shop", { slug: "cap", title: "Closing Cap", kind: "physical", priceCents: 3000, stock: 10 });
    const endsAt = Date.now() + 8_000;
    const { json: d } = await api("POST", "/admin/v1/drops", { slug: "closing", title: "Closing Drop", startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(endsAt).toISOString(), perBuyerLimit: 2, items: [{ variantId, quantity: 4 }] }, admin);
    const page = await store.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${store.server.url}/end-shop/drops/closing`);
    await markDocument(page);
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`), { timeout: 15_000 }).toBe("4 left");
    // The live stock bar and count while it runs; at the end they give way to the ended state, never an empty bar.
    expect(await page.textContent("[data-drop-left]")).toBe("4 of 4 left");
    expect(await page.isVisible("[data-drop-bar]")).toBe(true);
    await expect.poll(() => page.textContent("[data-status-badge]"), { timeout: 30_000 }).toBe("Ended");
    await expect.poll(() => page.textContent(`[data-stock-for="${variantId}"]`)).toBe("Ended");
    expect(await page.textContent("[data-drop-state]")).toMatch(/^This drop has ended/);
    expect(await page.isVisible("[data-drop-bar]")).toBe(false);
    expect(await page.textContent("[data-drop-left]")).toBe("");
    expect(await page.getByRole("button", { name: "Reserve and pay" }).isDisabled()).toBe(true);
    expect(await documentKept(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "drop-ended.png"), fullPage: true });
    // The server agrees: ended, the unsold units back with the variant.
    const counts = await api("GET", `/admin/v1/drops/${d.drop.id}`, undefined, admin);
    expect(counts.json.drop.status).toBe("ended");
    await expect.poll(async () => (await api("GET", `/admin/v1/drops/${d.drop.id}`, undefined, admin)).json.drop.items[0].returned, { timeout: 15_000 }).toBe(4);
  });

  it("a fan enters a raffle on the drop page, wins at the draw, pays from the same page and downloads the edition", async () => {
    const { admin, variantId, productId } = await shop("raffle-shop", { slug: "edition", title: "Numbered Edition", kind: "digital", priceCents: 4000 });
    const edition = "%PDF-1.4 numbered edition 1 of 1";
    expect((await store.client("PUT", `/admin/v1/products/${productId}/file?filename=edition.pdf`, { rawBody: edition, headers: { ...admin, "content-type": "application/pdf" } })).status).toBeLessThan(300);
    const startsAt = Date.now() + 7_000;
    const { json: d } = await api("POST", "/admin/v1/drops", { slug: "print-raffle", title: "Print Raffle", startsAt: new Date(startsAt).toISOString(), perBuyerLimit: 1, admission: "raffle", items: [{ variantId, quantity: 1 }] }, admin);
    expect(d.drop.admission).toBe("raffle");
    const page = await store.browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`${store.server.url}/raffle-shop/drops/print-raffle`);
    await page.getByLabel("Email").fill("lucky@example.com");
    await page.getByRole("button", { name: "Enter the raffle" }).click();
    await expect.poll(() => page.textContent("[data-raffle-status]")).toContain("You're in");
    await page.screenshot({ path: path.join(ARTIFACTS, "raffle-entered.png"), fullPage: true });
    // The only entry for the only unit wins at the draw; the page follows the entry by itself.
    await expect.poll(() => page.textContent("[data-raffle-status]"), { timeout: 45_000, interval: 500 }).toContain("You won!");
    await page.screenshot({ path: path.join(ARTIFACTS, "raffle-won.png"), fullPage: true });
    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Pay now" }).click()]);
    await Promise.all([page.waitForURL(/\/raffle-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    // The winner's order page follows the order until the download is there; the link gives the uploaded file.
    await expect.poll(() => page.locator("a.download").count(), { timeout: 30_000 }).toBe(1);
    const download = await page.request.get(new URL((await page.locator("a.download").getAttribute("href"))!, store.server.url).toString());
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe(edition);
    const counts = await api("GET", `/admin/v1/drops/${d.drop.id}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, available: 0 });
  });

  it("a fan joins a queue before the opening, gets the place drawn at the opening, is admitted, reserves, pays and downloads; a later buyer's page sees the line, then the sell-out", async () => {
    const { admin, variantId, productId } = await shop("queue-shop", { slug: "stems", title: "Tour Stems", kind: "digital", priceCents: 3500 });
    const stems = "PK\u0003\u0004 tour stems, one numbered copy";
    expect((await store.client("PUT", `/admin/v1/products/${productId}/file?filename=stems.zip`, { rawBody: stems, headers: { ...admin, "content-type": "application/zip" } })).status).toBeLessThan(300);
    const queueOpensAt = Date.now() + 4_000;
    const startsAt = queueOpensAt + 8_000;
    const { json: d } = await api(
      "POST",
      "/admin/v1/drops",
      { slug: "vinyl-queue", title: "Vinyl Queue", startsAt: new Date(startsAt).toISOString(), queueOpensAt: new Date(queueOpensAt).toISOString(), perBuyerLimit: 1, admission: "queue", items: [{ variantId, quantity: 1 }] },
      admin,
    );
    expect(d.drop).toMatchObject({ admission: "queue", admissionSeconds: 120 });
    const dropId: string = d.drop.id;

    const page = await store.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${store.server.url}/queue-shop/drops/vinyl-queue`);
    const joinForm = page.locator("form.queue-join");
    const joinButton = page.getByRole("button", { name: "Join the queue" });
    await expect.poll(() => page.textContent("[data-queue-countdown]")).toMatch(/^Queue opens in \d+s$/);
    expect(await joinButton.isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-before-open.png"), fullPage: true });

    await expect.poll(() => joinButton.isEnabled(), { timeout: 15_000, interval: 200 }).toBe(true);
    expect(Date.now()).toBeLessThan(startsAt);
    await joinForm.getByLabel("Email").fill("first@example.com");
    await joinButton.click();
    await expect.poll(() => page.textContent("[data-queue-state]")).toBe("You're in the queue.");
    expect(await page.textContent("[data-queue-place]")).toBe("Drawn at the opening");
    expect(await page.textContent("[data-queue-note]")).toContain("arriving early gives no advantage");
    expect(await joinForm.isHidden()).toBe(true);
    // The place is kept in this browser: a reload still follows the same ticket.
    await page.reload();
    await expect.poll(() => page.textContent("[data-queue-state]")).toBe("You're in the queue.");
    expect(await joinForm.isHidden()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-joined.png"), fullPage: true });

    // The only ticket from before the opening is drawn #1 and, with a unit for it, admitted at once.
    await expect.poll(() => page.textContent("[data-queue-state]"), { timeout: 30_000, interval: 200 }).toBe("It's your turn!");
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt);
    expect(await page.textContent("[data-queue-place]")).toBe("#1");
    expect(await page.textContent("[data-queue-note]")).toMatch(/^Reserve within \d+m \d+s/);
    const reserveForm = page.locator("form.reserve");
    expect(await reserveForm.getByLabel("Email").inputValue()).toBe("first@example.com");
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-admitted.png"), fullPage: true });

    // Two later buyers join through the API and line up behind in arrival order; the second follows the emailed-style link.
    const joinAsApi = async (email: string, ip: string) => {
      const res = await api("POST", `/api/v1/drops/${dropId}/queue`, { email }, { "cf-connecting-ip": ip });
      expect(res.status).toBe(201);
      return { id: res.json.ticket.id as string, token: res.json.ticketToken as string };
    };
    const second = await joinAsApi("second@example.com", "198.51.100.81");
    const third = await joinAsApi("third@example.com", "198.51.100.82");
    const ticketOf = async (t: { id: string; token: string }) => (await api("GET", `/api/v1/drops/${dropId}/queue/${t.id}?token=${encodeURIComponent(t.token)}`)).json.ticket;
    await expect.poll(async () => (await ticketOf(third)).position, { timeout: 15_000 }).toBe(3);

    const late = await store.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await late.goto(`${store.server.url}/queue-shop/drops/vinyl-queue?ticket=${third.id}&token=${encodeURIComponent(third.token)}`);
    await expect.poll(() => late.textContent("[data-queue-place]"), { timeout: 15_000 }).toBe("#3");
    expect(await late.textContent("[data-queue-state]")).toBe("Waiting for your turn.");
    expect(await late.textContent("[data-queue-ahead]")).toBe("1");
    expect(await late.textContent("[data-queue-note]")).toContain("Fewer units are left (1) than people ahead of you");
    expect(await late.locator("form.reserve").isHidden()).toBe(true);
    await late.screenshot({ path: path.join(ARTIFACTS, "queue-waiting-desktop.png"), fullPage: true });

    await Promise.all([page.waitForURL(/\/dev\/checkout\//), page.getByRole("button", { name: "Reserve and pay" }).click()]);
    await Promise.all([page.waitForURL(/\/queue-shop\/orders\/ord_/), page.getByRole("button", { name: /^Pay/ }).click()]);
    expect(await page.textContent("main")).toContain("Tour Stems");
    // The order page follows the order until its download link is there, and the link gives the uploaded file.
    await expect.poll(() => page.locator("a.download").count(), { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "queue-order-paid.png"), fullPage: true });
    const download = await page.request.get(new URL((await page.locator("a.download").getAttribute("href"))!, store.server.url).toString());
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe(stems);

    // The unit is sold: the waiting page says so by itself, and so does the other waiting ticket.
    await expect.poll(() => late.textContent("[data-queue-state]"), { timeout: 15_000, interval: 200 }).toBe("Sold out.");
    expect(await late.locator("[data-queue-ahead-row]").isHidden()).toBe(true);
    expect(await late.textContent("[data-queue-note]")).toContain("Every unit was sold before your turn came");
    await late.screenshot({ path: path.join(ARTIFACTS, "queue-sold-out-desktop.png"), fullPage: true });
    expect((await ticketOf(second)).status).toBe("sold_out");
    const counts = await api("GET", `/admin/v1/drops/${dropId}`, undefined, admin);
    expect(counts.json.drop.items[0]).toMatchObject({ sold: 1, available: 0, held: 0 });
  });
});
