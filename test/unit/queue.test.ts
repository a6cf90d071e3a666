// Queue mode's pure rules (src/shared/queue.ts): the opening shuffle deals positions to the shards so that, with each
// shard's own uniform order, every pre-opening ticket is equally likely to get any position; emails map to a fixed
// shard; ticket ids name their shard; the fairness statistic.
import { describe, expect, it } from "vitest";
import { dealPositions, newShuffleSeed, rankCorrelation, shardOfEmail, shardOfTicket, ticketIdFor } from "../../src/shared/queue";
import { newId } from "../../src/shared/ids";
import { admissionToken, verifyAdmissionToken } from "../../src/shared/order-token";

describe("the opening shuffle across shards", () => {
  it("deals every position exactly once, each shard as many as it has tickets, in increasing order, reproducibly", () => {
    const counts = [5, 0, 12, 1, 7];
    const seed = newShuffleSeed();
    const dealt = dealPositions(counts, seed);
    expect(dealt.map((p) => p.length)).toEqual(counts);
    expect(dealt.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (const p of dealt) expect([...p].sort((a, b) => a - b)).toEqual(p);
    expect(dealPositions(counts, seed)).toEqual(dealt);
    expect(dealPositions(counts, newShuffleSeed())).not.toEqual(dealt);
  });

  it("is uniform: a shard holding a third of the tickets gets position 1 a third of the time, and ranks carry no order", () => {
    // Shard 0 holds 10 of 30 tickets. Over 3,000 seeds, P(position 1 goes to shard 0) = 1/3: σ ≈ 0.0086, so the
    // 0.05 band is ~6σ wide. Its mean position must be the overall mean, 15.5 (σ over 3,000 runs ≈ 0.09).
    const runs = 3_000;
    let first = 0;
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      const dealt = dealPositions([10, 15, 5], newShuffleSeed());
      if (dealt[0]!.includes(1)) first++;
      sum += dealt[0]!.reduce((a, b) => a + b, 0) / 10;
    }
    expect(Math.abs(first / runs - 1 / 3)).toBeLessThan(0.05);
    expect(Math.abs(sum / runs - 15.5)).toBeLessThan(0.6);
  });

  it("the fairness statistic: Spearman's ρ is 1 for the same order, −1 reversed, near 0 for a shuffle", () => {
    const n = 2_000;
    const order = Array.from({ length: n }, (_, i) => i);
    expect(rankCorrelation(order, order)).toBeCloseTo(1, 10);
    expect(rankCorrelation(order, [...order].reverse())).toBeCloseTo(-1, 10);
    // Join order against positions: tickets spread over four shards, each shard ordering its own by a random key
    // drawn at join (as DropShardDO does), the positions dealt across the shards. σ ≈ 1/√n ≈ 0.022; 0.12 is 5σ.
    const shards: { join: number; key: number }[][] = [[], [], [], []];
    for (const i of order) shards[i % 4]!.push({ join: i, key: Math.random() });
    const dealt = dealPositions(shards.map((s) => s.length), newShuffleSeed());
    const positions = new Array<number>(n);
    shards.forEach((s, shard) => [...s].sort((a, b) => a.key - b.key).forEach((t, k) => (positions[t.join] = dealt[shard]![k]!)));
    expect(Math.abs(rankCorrelation(order, positions))).toBeLessThan(0.12);
    // Both halves matter: dealing alone, with each shard keeping join order, would still reward arriving early.
    const unshuffled = new Array<number>(n);
    shards.forEach((s, shard) => s.forEach((t, k) => (unshuffled[t.join] = dealt[shard]![k]!)));
    expect(rankCorrelation(order, unshuffled)).toBeGreaterThan(0.9);
  });
});

describe("shards and ticket ids", () => {
  it("an email always lands in the same shard, and crowds spread over all of them", () => {
    expect(shardOfEmail("fan@example.com", 16)).toBe(shardOfEmail("fan@example.com", 16));
    const seen = new Set(Array.from({ length: 2_000 }, (_, i) => shardOfEmail(`fan-${i}@example.com`, 16)));
    expect(seen.size).toBe(16);
  });

  it("a ticket id keeps the id shape and names its shard (0–255)", () => {
    for (const shard of [0, 1, 15, 31, 32, 200, 255]) {
      const id = ticketIdFor(newId("tkt"), shard);
      expect(id).toMatch(/^tkt_[0-9a-z]{26}$/);
      expect(shardOfTicket(id)).toBe(shard);
    }
  });
});

describe("admission tokens", () => {
  const SECRET = "unit-test-secret";
  const DROP = "drp_01jabcdefghjkmnpqrstvwxyz0";
  const admission = { ticketId: "tkt_01jabcdefghjkmnpqrstvwx01", position: 7, until: Date.now() + 60_000 };

  it("grant their ticket's position to their email on their drop until they expire", async () => {
    const token = await admissionToken(SECRET, DROP, admission, "fan@example.com");
    expect(await verifyAdmissionToken(SECRET, DROP, token, "fan@example.com", Date.now())).toEqual(admission);
    expect(await verifyAdmissionToken(SECRET, DROP, token, "other@example.com", Date.now())).toBeNull();
    expect(await verifyAdmissionToken(SECRET, "drp_01jabcdefghjkmnpqrstvwxyz1", token, "fan@example.com", Date.now())).toBeNull();
    expect(await verifyAdmissionToken(SECRET, DROP, token, "fan@example.com", admission.until)).toBeNull();
    expect(await verifyAdmissionToken("another-secret", DROP, token, "fan@example.com", Date.now())).toBeNull();
  });

  it("refuse a changed position, a stretched expiry, junk and oversized input", async () => {
    const token = await admissionToken(SECRET, DROP, admission, "fan@example.com");
    const [id, , until, mac] = token.split(".");
    for (const bad of [`${id}.1.${until}.${mac}`, `${id}.7.${Number(until) + 60_000}.${mac}`, `${id}.7.${until}`, "x.y.z.w", "", token + "a".repeat(200)]) {
      expect(await verifyAdmissionToken(SECRET, DROP, bad, "fan@example.com", Date.now())).toBeNull();
    }
  });
});
