// The raffle's public algorithm, `fy-sha256-v1` (API.md "Fair drops"): a Fisher–Yates shuffle of the entry ids,
// driven by SHA-256 of the secret seed, then each entry in shuffled order gets one unit of its variant while units
// last. The seed's SHA-256 (the commitment) is public from the drop's creation and the seed is revealed after the
// draw, so anyone can recompute the winners from public data (scripts/raffle-verify.mjs) and nobody can pick them.
export const RAFFLE_ALGORITHM = "fy-sha256-v1";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

function hexToBytes(value: string): Uint8Array {
  if (!/^([0-9a-f]{2})+$/.test(value)) throw new Error("not lowercase hex");
  return Uint8Array.from(value.match(/../g)!, (b) => parseInt(b, 16));
}

/** A fresh secret seed: 32 random bytes, as 64 lowercase hex characters. */
export function newRaffleSeed(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

/** hex(SHA-256 of the seed's 32 bytes): published at creation, before any entry exists. */
export async function raffleCommitment(seedHex: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", hexToBytes(seedHex))));
}

/** for i = n−1 … 1: j = (first 8 bytes of SHA-256(seed ‖ uint32be(i)) as unsigned big-endian) mod (i+1); swap i, j. */
export async function raffleShuffle<T>(seedHex: string, ids: readonly T[]): Promise<T[]> {
  const seed = hexToBytes(seedHex);
  const out = [...ids];
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  const view = new DataView(input.buffer);
  for (let i = out.length - 1; i >= 1; i--) {
    view.setUint32(seed.length, i, false);
    const digest = new DataView(await crypto.subtle.digest("SHA-256", input));
    const j = Number(digest.getBigUint64(0, false) % BigInt(i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The draw: entries in shuffled order, each taking one unit of its variant while that variant has units left.
 * Returns the winners and the standby list (the rest, in shuffled order).
 */
export async function raffleDraw(
  seedHex: string,
  entries: readonly { id: string; variantId: string }[],
  units: Record<string, number>,
): Promise<{ winners: string[]; standby: string[] }> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const left = { ...units };
  const winners: string[] = [];
  const standby: string[] = [];
  for (const id of await raffleShuffle(seedHex, entries.map((e) => e.id))) {
    const variantId = byId.get(id)!.variantId;
    if ((left[variantId] ?? 0) > 0) {
      left[variantId]!--;
      winners.push(id);
    } else standby.push(id);
  }
  return { winners, standby };
}
