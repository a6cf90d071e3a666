// The raffle algorithm `fy-sha256-v1` as published (API.md "Fair drops"): checked against a vector computed
// independently (Python's hashlib), so the verify script and the draw agree with any third party's implementation.
import { describe, expect, it } from "vitest";
import { raffleCommitment, raffleDraw, raffleShuffle } from "../../src/shared/raffle";

const SEED = "5f".repeat(32);
const IDS = Array.from({ length: 10 }, (_, i) => `ent_${i}`);

describe("fy-sha256-v1", () => {
  it("the commitment is hex(SHA-256 of the seed's 32 bytes)", async () => {
    expect(await raffleCommitment(SEED)).toBe("0ebe2fe703bb2c4235a5946026926bd4abe8ae48ad5920981ceb5d6df4bbe37a");
  });

  it("shuffles exactly as an independent implementation does", async () => {
    expect(await raffleShuffle(SEED, IDS)).toEqual(["ent_8", "ent_7", "ent_9", "ent_6", "ent_5", "ent_4", "ent_0", "ent_1", "ent_2", "ent_3"]);
  });

  it("the same seed always draws the same order; another seed another one; nothing is lost or duplicated", async () => {
    const again = await raffleShuffle(SEED, IDS);
    expect(again).toEqual(await raffleShuffle(SEED, IDS));
    const other = await raffleShuffle("a0".repeat(32), IDS);
    expect(other).not.toEqual(again);
    expect([...other].sort()).toEqual([...IDS].sort());
  });

  it("an empty or single entry list is its own shuffle", async () => {
    expect(await raffleShuffle(SEED, [])).toEqual([]);
    expect(await raffleShuffle(SEED, ["only"])).toEqual(["only"]);
  });

  it("the draw walks the shuffled list giving one unit of each entry's variant while units last", async () => {
    const entries = IDS.map((id, i) => ({ id, variantId: i % 2 === 0 ? "even" : "odd" }));
    const { winners, standby } = await raffleDraw(SEED, entries, { even: 2, odd: 1 });
    // Shuffled: ent_8 (even), ent_7 (odd), ent_9 (odd: none left), ent_6 (even), then all the rest stand by.
    expect(winners).toEqual(["ent_8", "ent_7", "ent_6"]);
    expect(standby).toEqual(["ent_9", "ent_5", "ent_4", "ent_0", "ent_1", "ent_2", "ent_3"]);
  });
});
