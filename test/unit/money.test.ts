import { describe, expect, it } from "vitest";
import { assertChargeableAmounts, formatMoney, minorUnitExponent, moneyAmountIssue } from "../../src/shared/money";

describe("minor units as Stripe counts them", () => {
  it("zero-decimal, three-decimal and two-decimal currencies, whatever the case of the code", () => {
    for (const c of ["jpy", "krw", "clp", "vnd", "ugx", "xof", "JPY"]) expect(minorUnitExponent(c), c).toBe(0);
    for (const c of ["bhd", "jod", "kwd", "omr", "tnd"]) expect(minorUnitExponent(c), c).toBe(3);
    for (const c of ["usd", "eur", "isk", "huf", "twd", "idr"]) expect(minorUnitExponent(c), c).toBe(2);
  });
});

describe("formatMoney shows the amount that is charged", () => {
  it("a yen price is shown in whole yen, not divided by 100", () => {
    expect(formatMoney(1000, "jpy")).toBe("¥1,000");
  });

  it("two-decimal currencies show cents", () => {
    expect(formatMoney(2500, "usd")).toBe("$25.00");
    expect(formatMoney(199, "eur")).toBe("€1.99");
  });

  it("three-decimal currencies show thousandths, not ten times the amount", () => {
    expect(formatMoney(1500, "kwd")).toMatch(/^KWD\s1\.500$/);
    expect(formatMoney(12_340, "bhd")).toMatch(/^BHD\s12\.340$/);
  });

  it("currencies whose usual display digits differ from Stripe's still show the exact amount", () => {
    expect(formatMoney(150_050, "huf")).toMatch(/1,500\.50$/);
    expect(formatMoney(1050, "all")).toMatch(/10\.50$/);
    // ISK is sent as a two-decimal value whose decimals are always 00: 500 is 5 krónur.
    expect(formatMoney(500, "isk")).toMatch(/^ISK\s5$/);
  });

  it("follows the locale it is given", () => {
    expect(formatMoney(123_456, "eur", "de-DE")).toBe("1.234,56\u00a0€");
  });
});

describe("amounts Stripe would refuse", () => {
  it("three-decimal amounts must end in 0; ISK amounts must be whole krónur", () => {
    expect(moneyAmountIssue(1500, "kwd")).toBeNull();
    expect(moneyAmountIssue(1505, "kwd")).toMatch(/multiple of 10/);
    expect(moneyAmountIssue(1505, "KWD")).toMatch(/multiple of 10/);
    expect(moneyAmountIssue(50_000, "isk")).toBeNull();
    expect(moneyAmountIssue(50_050, "isk")).toMatch(/multiple of 100/);
  });

  it("any whole amount is fine elsewhere (HUF and TWD charges may carry decimals)", () => {
    for (const c of ["usd", "jpy", "huf", "twd", "ugx"]) expect(moneyAmountIssue(1505, c), c).toBeNull();
  });

  it("assertChargeableAmounts names each refused field as invalid_input", () => {
    expect(() => assertChargeableAmounts([{ field: "priceCents", amount: 1505, currency: "usd" }])).not.toThrow();
    expect(() => assertChargeableAmounts([{ field: "priceCents", amount: 1500, currency: "kwd" }, { field: "items.0.priceCents", amount: null, currency: "kwd" }])).not.toThrow();
    try {
      assertChargeableAmounts([
        { field: "priceCents", amount: 1505, currency: "kwd" },
        { field: "items.1.priceCents", amount: 7, currency: "jod" },
        { field: "items.0.priceCents", amount: 7, currency: "usd" },
      ]);
      expect.unreachable();
    } catch (err: any) {
      expect(err.code).toBe("invalid_input");
      expect(err.details.map((d: { field: string }) => d.field)).toEqual(["priceCents", "items.1.priceCents"]);
    }
  });
});
