import { afterEach, describe, expect, it, vi } from "vitest";
import { call, callWithEnv, makeCreator, makeProduct, unique } from "../helpers/api";
import { captureJobs, paidOrder, runConsumer } from "../helpers/fulfillment";

afterEach(() => vi.restoreAllMocks());

// The generic HTTP adapter (used when there is no EMAIL binding).
const MAIL = { EMAIL: undefined, EMAIL_API_URL: "https://mail.example.com/send", EMAIL_API_KEY: "k" };

/** Captures every outbound call: the email API here (the only outside service these flows touch). */
function captureFetch(answer: () => Response = () => new Response("{}", { status: 200 })) {
  const requests: Request[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return answer();
  });
  return requests;
}

async function shippableOrder() {
  const c = await makeCreator();
  const tee = await makeProduct(c, { title: "Tour Tee", variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
  const jobs = captureJobs();
  const { orderId, orderToken } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 2 }]);
  await runConsumer(jobs);
  const itemId: string = (await c.api("GET", `/orders/${orderId}`)).json.order.items[0].id;
  const ship = (body: unknown) => callWithEnv(MAIL, "POST", `/admin/v1/orders/${orderId}/items/${itemId}/shipped`, { token: c.token, body });
  return { c, orderId, orderToken, itemId, ship };
}

describe("shipping visibility", () => {
  it("admin order items carry fulfillment and shipment fields, null until they happen", async () => {
    const { c, orderId } = await shippableOrder();
    const detail = (await c.api("GET", `/orders/${orderId}`)).json.order.items[0];
    expect(detail).toMatchObject({ fulfilledAt: null, providerReference: null, carrier: null, trackingNumber: null, shippedAt: null });
    const listed = (await c.api("GET", "/orders")).json.items.find((o: { id: string }) => o.id === orderId);
    expect(listed.items[0]).toMatchObject({ fulfilledAt: null, providerReference: null, carrier: null, trackingNumber: null, shippedAt: null });
  });

  it("marking an item shipped emails the buyer once with carrier and tracking; a second call updates it and sends nothing", async () => {
    const { c, orderId, orderToken, itemId, ship } = await shippableOrder();
    const requests = captureFetch();

    const first = await ship({ carrier: "UPS", trackingNumber: "1Z999" });
    expect(first.status).toBe(200);
    const shipped = first.json.order.items.find((i: { id: string }) => i.id === itemId);
    expect(shipped).toMatchObject({ carrier: "UPS", trackingNumber: "1Z999", providerReference: null });
    expect(new Date(shipped.shippedAt).toISOString()).toBe(shipped.shippedAt);
    expect(new Date(shipped.fulfilledAt).toISOString()).toBe(shipped.fulfilledAt);

    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(MAIL.EMAIL_API_URL);
    const email = await requests[0]!.json<{ to: string; subject: string; text: string }>();
    expect(email).toMatchObject({ to: "fan@example.com", subject: "Your Test Creator order has shipped" });
    expect(email.text).toContain("2 × Tour Tee");
    expect(email.text).toContain("Carrier: UPS");
    expect(email.text).toContain("Tracking number: 1Z999");
    expect(email.text).toContain(`/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);

    // A corrected tracking number is stored, but the buyer is not emailed again.
    const again = await ship({ carrier: "UPS", trackingNumber: "1Z1000" });
    expect(again.status).toBe(200);
    expect(again.json.order.items[0].trackingNumber).toBe("1Z1000");
    expect(requests).toHaveLength(1);
  });

  it("the buyer's order (API and page) shows carrier and tracking number once shipped", async () => {
    const { c, orderId, orderToken, ship } = await shippableOrder();
    const before = await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`);
    expect(before.json.order.items[0]).toMatchObject({ carrier: null, trackingNumber: null, shippedAt: null });
    expect(before.json.order.items[0]).not.toHaveProperty("providerReference");
    const pageBefore = await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);
    expect(pageBefore.text).not.toContain("Shipped with");

    captureFetch();
    expect((await ship({ carrier: "DHL", trackingNumber: "JD0146" })).status).toBe(200);

    const after = await call("GET", `/api/v1/orders/${orderId}?token=${orderToken}`);
    expect(after.json.order.items[0]).toMatchObject({ carrier: "DHL", trackingNumber: "JD0146", shippedAt: expect.any(String) });
    const page = await call("GET", `/${c.creator.handle}/orders/${orderId}?token=${orderToken}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Shipped with DHL");
    expect(page.text).toContain("JD0146");
  });

  it("a provider's reference shows on the admin order item", async () => {
    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook" } });
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    const jobs = captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    captureFetch(() => Response.json({ reference: "PRV-77" }));
    await runConsumer(jobs);
    const item = (await c.api("GET", `/orders/${orderId}`)).json.order.items[0];
    expect(item).toMatchObject({ providerReference: "PRV-77", fulfilledAt: expect.any(String), carrier: null, shippedAt: null });
  });

  it("the shipped fields are in the OpenAPI document", async () => {
    const doc = (await call("GET", "/admin/v1/openapi.json")).json;
    const item = doc.components.schemas.Order.properties.items.items.properties;
    for (const field of ["fulfilledAt", "providerReference", "carrier", "trackingNumber", "shippedAt"]) expect(item, field).toHaveProperty(field);
  });
});
