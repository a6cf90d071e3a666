import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accentColours, contrast } from "../../src/storefront/theme";

const hex = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((c) => `#${c.map((x) => x.toString(16).padStart(2, "0")).join("")}`);

describe("a creator's accent colour", () => {
  it("any accent reads at WCAG AA (4.5:1) as button text, as text on the light page and on the dark page", () => {
    fc.assert(
      fc.property(hex, (accent) => {
        const c = accentColours(accent);
        expect(contrast(c.onAccent, accent)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.text, "#f7f6f3")).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.text, "#ffffff")).toBeGreaterThanOrEqual(4.5);
        expect(contrast(c.textDark, "#18181c")).toBeGreaterThanOrEqual(4.5);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps an accent that already reads, and darkens or lightens one that does not only as far as needed", () => {
    expect(accentColours("#6d28d9")).toMatchObject({ accent: "#6d28d9", onAccent: "#ffffff", text: "#6d28d9" });
    const yellow = accentColours("#FACC15");
    expect(yellow.accent).toBe("#facc15");
    expect(yellow.onAccent).toBe("#000000");
    expect(yellow.textDark).toBe("#facc15");
    expect(contrast(yellow.text, "#ffffff")).toBeLessThan(6);
  });
});
