// Opaque, time-ordered identifiers: a prefix, 10 chars of millisecond time and 16 random chars (Crockford
// base32). Sorting ids sorts by creation time, which is what cursor pagination relies on.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** The shape of an id made here with `prefix` (any prefix when omitted): junk never reaches a lookup. */
export const idPattern = (prefix = "[a-z]+") => new RegExp(`^${prefix}_[0-9a-z]{26}$`);

export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b & 31];
  return `${prefix}_${time}${rand}`;
}
