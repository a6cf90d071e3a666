import { describe, expect, it } from "vitest";
import { createReadCache } from "../../src/checkout/drop-read-cache";

/** A cache on a hand-driven clock, and a loader that answers `{ key, n }` and counts its calls per key. */
function setup(opts: { ttlMs?: number; maxEntries?: number } = {}) {
  let clock = 1_000_000;
  const cache = createReadCache<{ key: string; n: number }>({ ttlMs: opts.ttlMs ?? 1000, maxEntries: opts.maxEntries ?? 100, now: () => clock });
  const loads: Record<string, number> = {};
  const loader = (key: string) => async () => ({ key, n: (loads[key] = (loads[key] ?? 0) + 1) });
  const read = (key: string) => cache.read(key, loader(key));
  return { cache, read, loads, advance: (ms: number) => (clock += ms) };
}

/** A load the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("the drop read micro-cache", () => {
  it("serves a value for less than the TTL after its load began, then loads again", async () => {
    const { read, loads, advance } = setup({ ttlMs: 1000 });
    expect((await read("a")).value.n).toBe(1);
    advance(999);
    const cached = await read("a");
    expect(cached).toEqual({ value: { key: "a", n: 1 }, ageMs: 999 });
    advance(1);
    expect(await read("a")).toEqual({ value: { key: "a", n: 2 }, ageMs: 0 });
    expect(loads).toEqual({ a: 2 });
  });

  it("the TTL counts from the start of a slow load, so nothing is served older than the TTL", async () => {
    let clock = 0;
    const cache = createReadCache<number>({ ttlMs: 1000, maxEntries: 10, now: () => clock });
    const slow = deferred<number>();
    const first = cache.read("a", () => slow.promise);
    clock = 700;
    slow.resolve(1);
    expect(await first).toEqual({ value: 1, ageMs: 0 });
    clock = 1000;
    expect(await cache.read("a", async () => 2)).toEqual({ value: 2, ageMs: 0 });
  });

  it("a hundred concurrent misses for one key share one load", async () => {
    const { cache, advance } = setup();
    const gate = deferred<{ key: string; n: number }>();
    let calls = 0;
    const reads = Array.from({ length: 100 }, () =>
      cache.read("a", () => {
        calls++;
        return gate.promise;
      }),
    );
    advance(20);
    gate.resolve({ key: "a", n: 1 });
    const answers = await Promise.all(reads);
    expect(calls).toBe(1);
    expect(new Set(answers.map((a) => a.value.n))).toEqual(new Set([1]));
    expect(answers.every((a) => a.ageMs === 0)).toBe(true);
  });

  it("different keys do not share a load", async () => {
    const { read, loads } = setup();
    await Promise.all([read("a"), read("b"), read("a"), read("b")]);
    expect(loads).toEqual({ a: 1, b: 1 });
  });

  it("a failed load is not cached: its waiters all see the error, the next read loads again", async () => {
    const { cache } = setup();
    const gate = deferred<{ key: string; n: number }>();
    let calls = 0;
    const failing = () => {
      calls++;
      return gate.promise;
    };
    const reads = [cache.read("a", failing), cache.read("a", failing)];
    gate.reject(new Error("object overloaded"));
    for (const r of reads) await expect(r).rejects.toThrow("object overloaded");
    expect(calls).toBe(1);
    expect((await cache.read("a", async () => ({ key: "a", n: 7 }))).value.n).toBe(7);
  });

  it("a loader that throws at once is not cached either", async () => {
    const { cache, read } = setup();
    await expect(
      cache.read("a", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await read("a")).value.n).toBe(1);
  });

  it("keeps at most maxEntries keys, dropping the oldest load first", async () => {
    const { read, loads, advance } = setup({ maxEntries: 2 });
    await read("a");
    advance(1);
    await read("b");
    advance(1);
    await read("c");
    await read("b");
    await read("c");
    expect(loads).toEqual({ a: 1, b: 1, c: 1 });
    await read("a");
    expect(loads).toEqual({ a: 2, b: 1, c: 1 });
  });

  it("a load that never answers blocks its key for one TTL at most", async () => {
    const { cache, advance } = setup({ ttlMs: 1000 });
    void cache.read("a", () => new Promise(() => {}));
    advance(1000);
    expect((await cache.read("a", async () => ({ key: "a", n: 2 }))).value.n).toBe(2);
  });
});
