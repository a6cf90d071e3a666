// Money as Stripe counts it: every `…Cents` amount is in the currency's minor unit per Stripe's currency table
// (https://docs.stripe.com/currencies), and pages show exactly the amount that is charged, in that currency's decimals.
import { DomainError } from "./errors";

/** Stripe's zero-decimal currencies: the amount is in whole units (`jpy` 1000 is ¥1,000). */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Stripe's three-decimal currencies: amounts are in thousandths, and Stripe's partners need the last digit to be 0. */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/**
 * Amounts Stripe accepts only in multiples of this step. Three-decimal currencies: multiples of 10. ISK is
 * zero-decimal but, for backwards compatibility, Stripe takes it as a two-decimal value whose decimals are always 00.
 * (HUF and TWD are two-decimal for charges; their multiples-of-100 rule applies to payouts only.)
 */
const STEP: Record<string, number> = { bhd: 10, jod: 10, kwd: 10, omr: 10, tnd: 10, isk: 100 };

/** Digits shown where they differ from the API exponent: ISK's API decimals are always 00, so none are shown. */
const SHOWN_DIGITS: Record<string, number> = { isk: 0 };

/** How many decimal digits the API amount carries: 0 (`jpy`), 3 (`kwd`) or 2 (everything else, `isk` included). */
export function minorUnitExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** `jpy` 1000 → "¥1,000", `usd` 2500 → "$25.00", `kwd` 1500 → "KWD 1.500": the charged amount, never rounded. */
export function formatMoney(amount: number, currency: string, locale = "en"): string {
  const c = currency.toLowerCase();
  const exponent = minorUnitExponent(c);
  const digits = SHOWN_DIGITS[c] ?? exponent;
  // Set both bounds: Intl's own digits for a currency (CLDR) differ from Stripe's for some (e.g. `huf`, `all`).
  return new Intl.NumberFormat(locale, { style: "currency", currency: c.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amount / 10 ** exponent,
  );
}

/** The amount as a decimal string in the currency's units, as schema.org and Open Graph prices take it: `usd` 2500 → "25.00", `jpy` 1000 → "1000". */
export function decimalAmount(amount: number, currency: string): string {
  const c = currency.toLowerCase();
  return (amount / 10 ** minorUnitExponent(c)).toFixed(SHOWN_DIGITS[c] ?? minorUnitExponent(c));
}

/** Why Stripe would refuse this amount in this currency (a sentence for `invalid_input` details), or null. */
export function moneyAmountIssue(amount: number, currency: string): string | null {
  const step = STEP[currency.toLowerCase()];
  if (step && amount % step !== 0) return `${currency.toUpperCase()} amounts must be a multiple of ${step} (Stripe's rule for this currency).`;
  return null;
}

/** Refuses, with one `invalid_input` detail per field, any amount that Stripe would not accept in its currency. */
export function assertChargeableAmounts(amounts: { field: string; amount: number | null | undefined; currency: string }[]): void {
  const details = amounts.flatMap(({ field, amount, currency }) => {
    const message = amount == null ? null : moneyAmountIssue(amount, currency);
    return message ? [{ field, message }] : [];
  });
  if (details.length) throw new DomainError("invalid_input", "Some amounts cannot be charged in their currency.", details);
}

/**
 * Stripe's minimum charge per currency, in its minor unit (https://docs.stripe.com/currencies#minimum-and-maximum-
 * charge-amounts): about 0.50 USD. Currencies not listed here are taken at 50 minor units, which is Stripe's figure
 * for most of them; a total of 0 needs no charge at all.
 */
const MINIMUM_CHARGE: Record<string, number> = { gbp: 30, hkd: 400, jpy: 50, mxn: 1000, nok: 300, sek: 300, dkk: 250, czk: 1500, huf: 17500, pln: 200, ron: 200, thb: 1000, aed: 200, myr: 200, bgn: 100, inr: 50 };

export const minimumCharge = (currency: string): number => MINIMUM_CHARGE[currency.toLowerCase()] ?? 50;
