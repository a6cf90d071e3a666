// Queue mode's shared rules (API.md "Fair drops"): which shard object keeps an email's ticket, how a ticket id names
// its shard, and the opening shuffle that places every pre-opening ticket across the shards uniformly at random.
// Pure functions: the drop's object, its shards, the Worker and the tests all use these.

/** Default shard objects per drop (joins and live sockets spread over them); DROP_SHARDS overrides it per deployment. */
export const DEFAULT_SHARDS = 16;
export const MAX_SHARDS = 256;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** The shard that keeps an email's ticket: the same normalized email always lands in the same shard (one ticket each). */
export function shardOfEmail(normalizedEmail: string, shards: number): number {
  // FNV-1a, 32-bit: cheap and evenly spread; nothing secret depends on it.
  let h = 0x811c9dc5;
  for (let i = 0; i < normalizedEmail.length; i++) {
    h ^= normalizedEmail.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** A ticket id carries its shard in its last two characters, so a ticket read goes straight to its shard. */
export function ticketIdFor(freshId: string, shard: number): string {
  return freshId.slice(0, -2) + ALPHABET[(shard >> 5) & 31] + ALPHABET[shard & 31];
}

export function shardOfTicket(ticketId: string): number {
  return ALPHABET.indexOf(ticketId.at(-2)!) * 32 + ALPHABET.indexOf(ticketId.at(-1)!);
}

/** A small, fast PRNG (sfc32) seeded from 128 bits: reproducible from the stored seed, so a retried opening agrees. */
function sfc32(seedHex: string) {
  let [a, b, c, d] = [0, 8, 16, 24].map((i) => parseInt(seedHex.slice(i, i + 8), 16) >>> 0) as [number, number, number, number];
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  // 53 random bits, so `floor(x * n)` is unbiased to within 2^-53 · n.
  return () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
}

/** A fresh opening seed: 128 random bits as 32 hex characters. */
export function newShuffleSeed(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The opening shuffle across shards. Shard `s` holds `counts[s]` pre-opening tickets, each shard orders its own
 * tickets uniformly at random (a random key drawn at join); this deals the positions 1…T to the shards as a uniformly
 * random sequence of shard labels (a Fisher–Yates shuffle of c₀ zeros, c₁ ones, …). Together that is a uniform
 * random permutation of all T tickets. Returns, per shard, its positions in increasing order.
 */
export function dealPositions(counts: readonly number[], seedHex: string): number[][] {
  const total = counts.reduce((a, b) => a + b, 0);
  const labels = new Uint16Array(total);
  let k = 0;
  counts.forEach((c, shard) => {
    for (let i = 0; i < c; i++) labels[k++] = shard;
  });
  const random = sfc32(seedHex);
  for (let i = total - 1; i >= 1; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = labels[i]!;
    labels[i] = labels[j]!;
    labels[j] = t;
  }
  const positions: number[][] = counts.map(() => []);
  labels.forEach((shard, i) => positions[shard]!.push(i + 1));
  return positions;
}

/** Spearman's rank correlation of two equally long sequences without ties (the fairness statistic: ~0 when uniform). */
export function rankCorrelation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const ranks = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(n);
    order.forEach(([, i], rank) => (r[i] = rank + 1));
    return r;
  };
  const rx = ranks(xs);
  const ry = ranks(ys);
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (rx[i]! - ry[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Messages the drop's object sends its shards, and the shards' sockets receive. */
export interface QueueMessage {
  type: "queue";
  status: string;
  admittedThrough: number;
  waiting: number;
  serverTime: string;
}
