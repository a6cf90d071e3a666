import { afterEach, describe, expect, it, vi } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct } from "../helpers/api";
import { captureJobs, digitalProduct, paidOrder, runConsumer } from "../helpers/fulfillment";
import { outboxOf } from "../helpers/stored";

afterEach(() => vi.restoreAllMocks());

/** Email Service stands outside the machine: a recording fake of the `send_email` binding (optionally failing first). */
function recordingEmail(opts: { failFirst?: boolean } = {}) {
  const sent: any[] = [];
  let calls = 0;
  const binding = {
    send: vi.fn(async (message: unknown) => {
      if (opts.failFirst && calls++ === 0) throw new Error("injected: Email Service unavailable");
      sent.push(message);
      return { messageId: `msg-${sent.length}` };
    }),
  } as unknown as SendEmail;
  return { binding, sent };
}

async function fulfilledDigitalOrder(title: string, env: Partial<Env>) {
  const c = await makeCreator({ displayName: "Night Shift Records" });
  expect((await c.api("PATCH", "/settings", { body: { theme: { accentColor: "#7c3aed" } } })).status).toBe(200);
  const product = await digitalProduct(c, { title });
  const jobs = captureJobs();
  const { orderId } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
  const run = await runConsumer(jobs, { env });
  expect(run.result.explicitAcks).toEqual(run.ids);
  return orderId;
}

describe("buyer emails through the send_email binding", () => {
  it("a receipt goes through the EMAIL binding as text and HTML in the creator's name and accent, with a download button", async () => {
    const mail = recordingEmail();
    const orderId = await fulfilledDigitalOrder("Field Recordings", { EMAIL: mail.binding, EMAIL_FROM: "Dropfront <orders@shop.example.com>" });
    expect(mail.sent).toHaveLength(1);
    const [message] = mail.sent;
    expect(message).toMatchObject({ from: { name: "Dropfront", email: "orders@shop.example.com" }, to: "fan@example.com", subject: "Your Night Shift Records order" });
    expect(message.text).toMatch(/1 × Field Recordings[\s\S]*Download zine\.pdf: http:\/\/localhost\/downloads\//);
    expect(message.html).toContain("Night Shift Records");
    expect(message.html).toMatch(/<a href="http:\/\/localhost\/downloads\/[^"]+" style="[^"]*background:#7c3aed[^"]*">Download zine\.pdf<\/a>/);
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "sent", body: message.text })]);
  });

  it("a receipt prices each line, says where it ships, and links back to the order's page", async () => {
    const mail = recordingEmail();
    const c = await makeCreator();
    const tee = await makeProduct(c, { title: "Tour Tee", priceCents: 2500, variants: [{ sku: `TEE-${Date.now()}`, title: "M", stock: 3 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 2 }]);
    await runConsumer(jobs, { env: { EMAIL: mail.binding } });
    const [receipt] = mail.sent;
    expect(receipt.text).toContain("2 × Tour Tee — M — $50.00");
    expect(receipt.text).toContain("Ship to:\nSam Buyer\n1 Test Street\nSpringfield, CA 94000\nUS");
    const link = new RegExp(`Your order: http://localhost/${c.creator.handle}/orders/${orderId}\\?token=[\\w.-]+`);
    expect(receipt.text).toMatch(link);
    const page = await call("GET", new URL(link.exec(receipt.text)![0].slice("Your order: ".length)).pathname + new URL(link.exec(receipt.text)![0].slice("Your order: ".length)).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain("1 Test Street");
  });

  it("the HTML escapes buyer-visible text a creator typed: a product title with a script tag stays text", async () => {
    const mail = recordingEmail();
    await fulfilledDigitalOrder(`<script>alert("x")</script> Zine`, { EMAIL: mail.binding });
    const { html, text } = mail.sent[0];
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; Zine");
    expect(text).toContain(`<script>alert("x")</script> Zine`);
  });

  it("a send that throws is kept as failed with its attempt, and the same stored message is sent when the job runs again", async () => {
    const mail = recordingEmail({ failFirst: true });
    const c = await makeCreator();
    const product = await digitalProduct(c);
    // A physical line keeps the order paid (shipped by hand), so the redelivered job sends the receipt again.
    const tee = await makeProduct(c, { variants: [{ sku: `TEE-${Date.now()}`, title: "M", stock: 3 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [
      { variantId: product.variants[0].id, quantity: 1 },
      { variantId: tee.variants[0].id, quantity: 1 },
    ]);
    await runConsumer(jobs, { env: { EMAIL: mail.binding } });
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "failed", lastError: expect.stringContaining("Email Service unavailable") })]);
    const [failed] = await outboxOf(orderId, "receipt");
    await runConsumer(jobs, { env: { EMAIL: mail.binding } });
    expect(mail.binding.send).toHaveBeenCalledTimes(2);
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0].text).toBe(failed!.body);
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "sent" })]);
  });

  it("a receipt that fails on an order that completes is retried with the job's backoff until it is sent", async () => {
    const mail = recordingEmail({ failFirst: true });
    const c = await makeCreator();
    const product = await digitalProduct(c);
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: product.variants[0].id, quantity: 1 }]);
    // Everything else is delivered and the order completes; the job asks to be run again for the receipt.
    const first = await runConsumer(jobs, { env: { EMAIL: mail.binding } });
    expect(first.result.retryMessages.map((r) => r.msgId)).toEqual(first.ids);
    expect((await call("GET", `/admin/v1/orders/${orderId}`, { token: c.token })).json.order.status).toBe("fulfilled");
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "failed" })]);
    // The retry finds a fulfilled order and sends the stored receipt; a further redelivery sends nothing more.
    const second = await runConsumer(jobs, { env: { EMAIL: mail.binding }, attempts: 2 });
    expect(second.result.explicitAcks).toEqual(second.ids);
    expect(mail.sent).toHaveLength(1);
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "sent" })]);
    await runConsumer(jobs, { env: { EMAIL: mail.binding }, attempts: 3 });
    expect(mail.binding.send).toHaveBeenCalledTimes(2);
  });

  it("without the binding and without EMAIL_API_URL the message is kept in the outbox and logged, as before", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const orderId = await fulfilledDigitalOrder("Zine", { EMAIL: undefined, EMAIL_API_URL: "" });
    expect(await outboxOf(orderId, "receipt")).toEqual([expect.objectContaining({ status: "logged", body: expect.stringContaining("/downloads/") })]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe("the development mail viewer", () => {
  it("GET /dev/mail lists sent messages newest first, with each message's HTML and text a click away", async () => {
    const mail = recordingEmail();
    const first = await fulfilledDigitalOrder("First Zine", { EMAIL: mail.binding });
    const second = await fulfilledDigitalOrder("Second Zine", { EMAIL: mail.binding });
    const list = await call("GET", "/dev/mail");
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toContain("text/html");
    const links = [...list.text.matchAll(/href="(\/dev\/mail\/(eml_[^/"]+)\/html)"/g)].map((m) => m[2]);
    expect(list.text).toContain((await outboxOf(first, "receipt"))[0]!.subject);
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(await outboxOf(second, "receipt")).toHaveLength(1);
    const view = await call("GET", `/dev/mail/${links[0]}/html`);
    expect(view.status).toBe(200);
    expect(view.headers.get("content-type")).toContain("text/html");
    expect(view.text).toContain("Second Zine");
    expect(view.text).toBe(mail.sent[1].html);
    const text = await call("GET", `/dev/mail/${links[1]}/text`);
    expect(text.headers.get("content-type")).toContain("text/plain");
    expect(text.text).toContain("First Zine");
    expect(text.text).toBe(mail.sent[0].text);
  });

  it("answers 404 outside development", async () => {
    expect((await callWithEnv({ ENVIRONMENT: "production" }, "GET", "/dev/mail")).status).toBe(404);
    expect((await call("GET", "/dev/mail/eml_nope/html")).status).toBe(404);
  });
});
