// The OpenAPI document describes what the admin API answers: issue #9's fields (order `refund`, settings `cartLimits`
// and the write-only secret, products' `hasFile`, drop items' `returned`) are in it, and real answers match it.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { makeDrop } from "../helpers/drops";
import { captureJobs, digitalProduct, paidOrder } from "../helpers/fulfillment";

afterEach(() => vi.restoreAllMocks());


type Schema = { properties: Record<string, any>; required?: string[] };

async function schemas(): Promise<Record<string, Schema>> {
  const res = await call("GET", "/admin/v1/openapi.json");
  expect(res.status).toBe(200);
  return res.json.components.schemas;
}

/** Every field the answer carries is documented, and every field the document requires is in the answer. */
function expectDescribes(schema: Schema, value: Record<string, unknown>) {
  expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(value)));
  for (const field of schema.required ?? []) expect(value, field).toHaveProperty(field);
}

/** The object branch of a nullable object property (`anyOf`/`oneOf` with null, or `type: [object, null]`). */
const objectBranch = (property: any): Schema => (property.anyOf ?? property.oneOf ?? [property]).find((s: any) => s.properties);

describe("the OpenAPI document", () => {
  it("is the one the real generator builds from today's admin routes, with servers from the request's origin", async () => {
    const res = await call("GET", "/admin/v1/openapi.json");
    expect(res.status).toBe(200);
    const { servers, ...served } = res.json;
    expect(servers).toEqual([{ url: "http://localhost/admin/v1" }]);
    expect(served, "static/admin-openapi.json is out of date with the admin routes: run npm run openapi").toEqual(
      inject("adminOpenApiDocument"),
    );
  });

  it("an order's refund is a nullable object with its status, amount and times, as a refunded order answers it", async () => {
    const doc = await schemas();
    const refund = objectBranch(doc.Order!.properties.refund);
    expect(refund.properties.status.enum).toEqual(["pending", "succeeded", "failed"]);
    expect(refund.required).toEqual(expect.arrayContaining(["status", "amountCents", "requestedAt", "refundedAt"]));

    const c = await makeCreator();
    const tee = await makeProduct(c, { variants: [{ sku: unique("TEE"), title: "M", stock: 5 }] });
    captureJobs();
    const { orderId } = await paidOrder(c, [{ variantId: tee.variants[0].id, quantity: 1 }]);
    expect((await c.api("GET", `/orders/${orderId}`)).json.order.refund).toBeNull();
    expect((await c.api("POST", `/orders/${orderId}/refund`)).status).toBe(202);
    const order = (await c.api("GET", `/orders/${orderId}`)).json.order;
    expect(order.refund).toMatchObject({ status: "succeeded", amountCents: 2500 });
    expectDescribes(doc.Order!, order);
    expectDescribes(refund, order.refund);
  });

  it("settings carry cartLimits, and the webhook secret is optional (omitted for read-only tokens)", async () => {
    const doc = await schemas();
    const settings = doc.Settings!;
    expect(settings.required).toContain("cartLimits");
    expect(settings.properties.cartLimits.required).toEqual(expect.arrayContaining(["maxPerLine", "maxPerEmail"]));
    expect(settings.properties).toHaveProperty("fulfillmentWebhookSecret");
    expect(settings.required).not.toContain("fulfillmentWebhookSecret");
    expect(doc.SettingsPatch!.properties.cartLimits.properties).toHaveProperty("maxPerEmail");

    const c = await makeCreator();
    await c.api("PATCH", "/settings", { body: { fulfillmentWebhookUrl: "https://fulfil.example.com/hook" } });
    const readOnly = (await c.api("POST", "/tokens", { body: { name: "viewer", readOnly: true } })).json.token;
    const written = (await c.api("GET", "/settings")).json.settings;
    const read = (await call("GET", "/admin/v1/settings", { token: readOnly })).json.settings;
    expect(written.fulfillmentWebhookSecret).toEqual(expect.any(String));
    expect(read).not.toHaveProperty("fulfillmentWebhookSecret");
    expectDescribes(settings, written);
    expectDescribes(settings, read);
  });

  it("products describe hasFile, which digital products carry", async () => {
    const doc = await schemas();
    expect(doc.Product!.properties.hasFile.type).toBe("boolean");
    const c = await makeCreator();
    const product = (await c.api("GET", `/products/${(await digitalProduct(c)).id}`)).json.product;
    expect(product.hasFile).toBe(true);
    expectDescribes(doc.Product!, product);
  });

  it("drop items always carry returned, so quantity = available + held + sold + returned can be checked", async () => {
    const doc = await schemas();
    const item = doc.Drop!.properties.items.items as Schema;
    expect(item.required).toEqual(expect.arrayContaining(["available", "held", "sold", "returned"]));
    const c = await makeCreator();
    const { dropId } = await makeDrop(c, { quantity: 4 });
    const drop = (await c.api("GET", `/drops/${dropId}`)).json.drop;
    expectDescribes(item, drop.items[0]);
  });
});
