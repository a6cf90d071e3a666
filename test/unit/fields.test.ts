import { describe, expect, it } from "vitest";
import { CurrencySchema, EmailSchema, HandleSchema, PriceCentsSchema, SlugSchema, publicUrlSchema } from "../../src/shared/fields";

const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("field rules shared by every API", () => {
  it("a handle is 2–40 lowercase letters, digits or hyphens", () => {
    expect(["nova", "a1", "the-band-2", "x".repeat(40)].every((h) => accepts(HandleSchema, h))).toBe(true);
    expect(["n", "Nova", "no va", "nova_", "x".repeat(41)].some((h) => accepts(HandleSchema, h))).toBe(false);
  });

  it("a handle that names a route of the platform is reserved", () => {
    for (const h of ["admin", "api", "downloads", "checkout"]) expect(accepts(HandleSchema, h)).toBe(false);
  });

  it("a slug is lowercase words joined by single hyphens, at most 80 characters", () => {
    expect(["tour-tee", "zine", "drop-2026"].every((s) => accepts(SlugSchema, s))).toBe(true);
    expect(["Tour-Tee", "tour--tee", "-tee", "tee-", "tour tee", "a".repeat(81)].some((s) => accepts(SlugSchema, s))).toBe(false);
  });

  it("a currency is a known lowercase ISO 4217 code", () => {
    expect(accepts(CurrencySchema, "usd")).toBe(true);
    expect(accepts(CurrencySchema, "USD")).toBe(false);
    expect(accepts(CurrencySchema, "xyz")).toBe(false);
  });

  it("a price is whole minor units between 0 and 1,000,000.00", () => {
    expect([0, 2500, 100_000_000].every((p) => accepts(PriceCentsSchema, p))).toBe(true);
    expect([-1, 12.5, 100_000_001].some((p) => accepts(PriceCentsSchema, p))).toBe(false);
  });

  it("an email is trimmed and lowercased", () => {
    expect(EmailSchema.parse("  Fan@Example.COM ")).toBe("fan@example.com");
    expect(accepts(EmailSchema, "not-an-email")).toBe(false);
  });

  it("a webhook URL is https on a public host, without credentials", () => {
    const production = publicUrlSchema(false);
    expect(accepts(production, "https://fulfil.example.com/hook")).toBe(true);
    expect(accepts(production, "http://fulfil.example.com/hook")).toBe(false);
    expect(accepts(production, "https://user:pass@fulfil.example.com/hook")).toBe(false);
    expect(accepts(production, "https://10.0.0.1/hook")).toBe(false);
  });

  it("http on loopback is allowed only in development", () => {
    expect(accepts(publicUrlSchema(true), "http://localhost:8788/hook")).toBe(true);
    expect(accepts(publicUrlSchema(false), "http://localhost:8788/hook")).toBe(false);
    expect(accepts(publicUrlSchema(true), "http://10.0.0.1/hook")).toBe(false);
  });
});
