import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bumpPageVersion } from "../../src/storefront/page-cache";

/** A KV binding that records every put (and really stores it). */
function countingKv() {
  const puts: { key: string; value: string }[] = [];
  const kv = {
    get: (key: string, opts?: unknown) => env.PAGE_CACHE_VERSIONS.get(key, opts as KVNamespaceGetOptions<"text">),
    put: async (key: string, value: string) => {
      puts.push({ key, value });
      await env.PAGE_CACHE_VERSIONS.put(key, value);
    },
  } as unknown as KVNamespace;
  return { kv, puts };
}

describe("page version bumps", () => {
  it("a burst of twenty admin writes costs KV two puts: one at once, one trailing with the latest version", async () => {
    const { kv, puts } = countingKv();
    const background: Promise<unknown>[] = [];
    const handle = `burst-${Date.now().toString(36)}`;
    for (let i = 0; i < 20; i++) bumpPageVersion({ ...env, PAGE_CACHE_VERSIONS: kv }, handle, (work) => background.push(work));
    await Promise.all(background);
    expect(puts).toHaveLength(2);
    expect(new Set(puts.map((p) => p.key))).toEqual(new Set([`v:${handle}`]));
    expect(puts[1]!.value).not.toBe(puts[0]!.value);
    expect(await env.PAGE_CACHE_VERSIONS.get(`v:${handle}`)).toBe(puts[1]!.value);
  });
});
