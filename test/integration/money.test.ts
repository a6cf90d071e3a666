import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator, makeProduct, unique } from "../helpers/api";
import { checkout } from "../helpers/checkout";
import { captureJobs, paidOrder, runConsumer } from "../helpers/fulfillment";

afterEach(() => vi.restoreAllMocks());

describe("pages show the amount that is charged", () => {
  it("a yen product priced 1000 is ¥1,000 on the home and product pages, the checkout page and the order page", async () => {
    const c = await makeCreator({ currency: "jpy" });
    const product = await makeProduct(c, { slug: "yen-tee", priceCents: 1000, variants: [{ sku: unique("YEN"), title: "M", stock: 5 }] });
    expect(product.currency).toBe("jpy");
    for (const path of [`/${c.creator.handle}`, `/${c.creator.handle}/products/yen-tee`]) {
      const page = await call("GET", path);
      expect(page.status).toBe(200);
      expect(page.text).toContain("¥1,000");
      expect(page.text).not.toContain("¥10.00");
    }

    const started = await checkout({ handle: c.creator.handle, email: "fan@example.com", items: [{ variantId: product.variants[0].id, quantity: 1 }] });
    expect(started.status).toBe(201);
    expect(started.json.order).toMatchObject({ totalCents: 1000, currency: "jpy" });
    const pay = await call("GET", `/dev/checkout/${started.json.checkoutSessionId}`);
    expect(pay.text).toContain("Pay ¥1,000");
    await call("POST", `/dev/checkout/${started.json.checkoutSessionId}/complete`);
    const orderPage = await call("GET", `/${c.creator.handle}/orders/${started.json.order.id}?token=${started.json.orderToken}`);
    expect(orderPage.status).toBe(200);
    expect(orderPage.text).toContain('<span>Total</span> <span class="price">¥1,000</span>');
  });

  it("a Kuwaiti dinar product priced 1500 is shown as 1.500 KWD, not 15.00", async () => {
    const c = await makeCreator();
    await makeProduct(c, { slug: "dinar-zine", kind: "digital", priceCents: 1500, currency: "kwd" });
    const page = await call("GET", `/${c.creator.handle}/products/dinar-zine`);
    expect(page.text).toMatch(/KWD\s1\.500/);
    expect(page.text).not.toMatch(/KWD\s15\.00/);
  });

  it("the receipt email states the total in the currency's own decimals", async () => {
    const c = await makeCreator({ currency: "jpy" });
    const membership = await makeProduct(c, { kind: "membership", priceCents: 1000 });
    const jobs = captureJobs();
    await paidOrder(c, [{ variantId: membership.variants[0].id, quantity: 2 }]);
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("{}", { status: 200 }));
    await runConsumer(jobs, { env: { EMAIL: undefined, EMAIL_API_URL: "https://mail.example.com/send" } }); // the HTTP adapter (no binding)
    const email = await new Request(...(fetchSpy.mock.calls[0] as [RequestInfo, RequestInit])).json<{ text: string }>();
    expect(email.text).toContain("Total: ¥2,000");
  });
});

describe("amounts Stripe would refuse are invalid_input", () => {
  const fieldsOf = (res: { json: any }) => res.json.error.details.map((d: { field: string }) => d.field);

  it("a KWD price that does not end in 0 is refused, whether the currency is in the body or the creator's default", async () => {
    const usd = await makeCreator();
    const inBody = await usd.api("POST", "/products", { body: { slug: unique("p"), title: "Zine", kind: "digital", priceCents: 1505, currency: "kwd" } });
    expect(inBody.status).toBe(400);
    expect(inBody.json.error.code).toBe("invalid_input");
    expect(fieldsOf(inBody)).toEqual(["priceCents"]);

    const kwd = await makeCreator({ currency: "kwd" });
    const byDefault = await kwd.api("POST", "/products", {
      body: { slug: unique("p"), title: "Tee", kind: "physical", priceCents: 1500, variants: [{ sku: unique("A"), title: "S" }, { sku: unique("B"), title: "L", priceCents: 2001 }] },
    });
    expect(byDefault.status).toBe(400);
    expect(fieldsOf(byDefault)).toEqual(["variants.1.priceCents"]);
    expect((await kwd.api("GET", "/products")).json.items).toHaveLength(0);

    // The same amount is fine in a currency without the rule.
    expect((await usd.api("POST", "/products", { body: { slug: unique("p"), title: "Zine", kind: "digital", priceCents: 1505 } })).status).toBe(201);
  });

  it("a KWD product's price change, new variant price or drop price that does not end in 0 is refused", async () => {
    const c = await makeCreator({ currency: "kwd" });
    const product = await makeProduct(c, { priceCents: 1500, variants: [{ sku: unique("K"), title: "M", stock: 5 }] });
    const patch = await c.api("PATCH", `/products/${product.id}`, { body: { priceCents: 1505, variants: [{ id: product.variants[0].id, priceCents: 3 }] } });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch)).toEqual(["priceCents", "variants.0.priceCents"]);
    expect((await c.api("GET", `/products/${product.id}`)).json.product.priceCents).toBe(1500);

    const body = { slug: unique("drop"), title: "Drop", startsAt: new Date(Date.now() + 3600_000).toISOString(), perBuyerLimit: 2 };
    const drop = await c.api("POST", "/drops", { body: { ...body, items: [{ variantId: product.variants[0].id, quantity: 1, priceCents: 1234 }] } });
    expect(drop.status).toBe(400);
    expect(fieldsOf(drop)).toEqual(["items.0.priceCents"]);
    expect((await c.api("POST", "/drops", { body: { ...body, items: [{ variantId: product.variants[0].id, quantity: 1, priceCents: 1230 }] } })).status).toBe(201);
  });
});
