// A per-isolate micro-cache of reads: an entry answers for at most `ttlMs` after its load began (so a value is never
// older than that), concurrent misses for one key share one load, a failed load is forgotten at once, and at most
// `maxEntries` keys are kept. In-isolate only, no Cache API tier: one isolate already coalesces its whole crowd into
// one object read per key and second, so a colo's few isolates cost the object a handful of reads a second; the
// Cache API would add a lookup and a put to every read, counts ages in whole seconds (RFC 9111), so `max-age=1`
// cannot hold a copy to the contract's 1 s, and does nothing on workers.dev.

interface CachedRead<T> {
  value: T;
  /** Milliseconds since the load answered (by the isolate's clock): 0 for the read that loaded it. */
  ageMs: number;
}

interface Entry<T> {
  startedAt: number;
  settledAt?: number;
  promise: Promise<T>;
}

export interface ReadCache<T> {
  read(key: string, load: () => Promise<T>): Promise<CachedRead<T>>;
}

export function createReadCache<T>(opts: { ttlMs: number; maxEntries: number; now?: () => number }): ReadCache<T> {
  const now = opts.now ?? Date.now;
  // Insertion order is load order (an entry is re-inserted when it reloads), so the first key is the oldest load.
  const entries = new Map<string, Entry<T>>();

  function load(key: string, loader: () => Promise<T>, at: number): Entry<T> {
    const entry = { startedAt: at } as Entry<T>;
    entry.promise = Promise.resolve()
      .then(loader)
      .then(
        (value) => {
          entry.settledAt = now();
          return value;
        },
        (err: unknown) => {
          // The next read tries again; only this entry goes (a newer load under the key may have replaced it).
          if (entries.get(key) === entry) entries.delete(key);
          throw err;
        },
      );
    entries.delete(key);
    if (entries.size >= opts.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    return entry;
  }

  return {
    async read(key, loader) {
      const at = now();
      let entry = entries.get(key);
      // A load still running joins too, but only within the TTL: a load that never answers blocks nobody for longer.
      if (!entry || at - entry.startedAt >= opts.ttlMs) entry = load(key, loader, at);
      const value = await entry.promise;
      return { value, ageMs: Math.max(0, now() - entry.settledAt!) };
    },
  };
}
