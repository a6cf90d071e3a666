// A shipping address as the buyer reads it (the receipt, the order page).

/** A shipping address as the processor reported it (`{ name, address: { line1, … } }`), as the lines of a label. */
export function addressLines(shipping: Record<string, unknown> | null): string[] {
  const a = (shipping?.address ?? {}) as Record<string, string | null | undefined>;
  const place = [a.city, a.state].filter(Boolean).join(", ");
  return [shipping?.name as string | undefined, a.line1, a.line2, [place, a.postal_code].filter(Boolean).join(" "), a.country].filter((l): l is string => typeof l === "string" && l !== "");
}
