import { describe, expect, it } from "vitest";
import { dropStatus } from "../../src/inventory/rules";
import { normalizeEmail } from "../../src/shared/email";

const T = 1_000_000;
const window = (over: Partial<{ startsAt: number; endsAt: number | null; canceledAt: number | null }> = {}) => ({ startsAt: T, endsAt: T + 60_000, canceledAt: null, ...over });

describe("drop status (API.md: canceled > ended > sold_out > live > scheduled)", () => {
  it("a drop before its start is scheduled, with or without units", () => {
    expect(dropStatus(window(), true, T - 1)).toBe("scheduled");
    expect(dropStatus(window(), false, T - 1)).toBe("scheduled");
  });

  it("a drop opens at exactly startsAt", () => {
    expect(dropStatus(window(), true, T)).toBe("live");
  });

  it("an open drop with no unit available is sold out, and live again when units come back", () => {
    expect(dropStatus(window(), false, T + 1)).toBe("sold_out");
    expect(dropStatus(window(), true, T + 1)).toBe("live");
  });

  it("a drop ends at exactly endsAt, and an ended drop with units left is ended, never sold out", () => {
    expect(dropStatus(window(), true, T + 60_000)).toBe("ended");
    expect(dropStatus(window(), false, T + 60_000)).toBe("ended");
  });

  it("a drop without an end stays open", () => {
    expect(dropStatus(window({ endsAt: null }), true, T + 10 * 365 * 86_400_000)).toBe("live");
  });

  it("canceled wins over everything: before the start, while sold out, after the end", () => {
    const canceled = window({ canceledAt: T - 5 });
    expect(dropStatus(canceled, true, T - 1)).toBe("canceled");
    expect(dropStatus(canceled, false, T + 1)).toBe("canceled");
    expect(dropStatus(canceled, true, T + 60_000)).toBe("canceled");
  });
});

describe("buyer emails for per-buyer limits", () => {
  it("two spellings of one address count as one buyer", () => {
    expect(normalizeEmail("  Fan@Example.COM ")).toBe(normalizeEmail("fan@example.com"));
  });

  it("different addresses stay different buyers", () => {
    expect(normalizeEmail("fan+1@example.com")).not.toBe(normalizeEmail("fan@example.com"));
  });
});
