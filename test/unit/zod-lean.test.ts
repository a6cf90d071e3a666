// The zod the Worker runs (wrangler.toml `[alias]`, mirrored in vitest.config.ts) is zod/mini with the classic methods
// Dropfront chains (shims/zod-lean.js), while the type checker and the OpenAPI build read zod classic. This checks that
// a schema means the same in both: every method and builder the code uses, built twice and fed the same inputs
// (edge cases and generated values), must accept the same values with the same output and refuse the rest with the
// same issues (code, path, message).
import * as fc from "fast-check";
import { z as lean } from "@hono/zod-openapi";
import * as classic from "zod/v4";
import { describe, expect, it } from "vitest";

type Z = typeof classic;

declare global {
  interface ImportMeta {
    /** Vite's, resolved at build time: the matching files' text. */
    glob<T>(pattern: string, options: { query: "?raw"; import: "default"; eager: true }): Record<string, T>;
  }
}

/** One schema per construct the code uses, written once against either `z`. */
const corpus: Record<string, (z: Z) => classic.ZodType> = {
  "string min max trim": (z) => z.string().trim().min(2, "Too short.").max(5),
  "string regex toLowerCase": (z) => z.string().toLowerCase().regex(/^[a-z0-9-]{2,8}$/, "Bad handle."),
  "string url": (z) => z.string().max(40).url(),
  "email pipe transform": (z) => z.string().trim().max(254).pipe(z.email("Enter a valid email address.")).transform((e) => e.toLowerCase()),
  "refine with message": (z) => z.string().refine((s) => s !== "admin", "This handle is reserved."),
  "refine with path": (z) => z.object({ a: z.number(), b: z.number() }).refine((o) => o.a <= o.b, { message: "a > b", path: ["b"] }),
  "number int min max": (z) => z.number().int().min(0).max(99_999_999),
  "coerce number default": (z) => z.coerce.number().int().min(1).max(100).default(20),
  "optional nullable": (z) => z.object({ a: z.string().optional(), b: z.number().int().nullable(), c: z.boolean().nullable().optional() }),
  "default on optional field": (z) => z.object({ status: z.enum(["draft", "active"]).default("active") }),
  "array min max of objects": (z) => z.array(z.object({ sku: z.string().min(1), stock: z.number().int().min(0).nullable().optional() })).min(1).max(3),
  "loose object": (z) => z.object({ id: z.string().min(1), data: z.object({}).loose() }),
  "strict object": (z) => z.strictObject({ name: z.string().min(1).max(80), accent: z.string().regex(/^#[0-9a-f]{6}$/i).optional() }),
  "extend": (z) => z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).extend({ q: z.string().max(10).optional() }),
  "union": (z) => z.union([z.object({ kind: z.enum(["a"]), n: z.number() }), z.object({ kind: z.enum(["b"]), s: z.string() })]),
  "superRefine": (z) =>
    z.object({ percentOff: z.number().int().min(1).max(100).optional(), amountOffCents: z.number().int().min(1).optional() }).superRefine((body, ctx) => {
      if ((body.percentOff === undefined) === (body.amountOffCents === undefined)) {
        ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Give percentOff or amountOffCents." });
      }
    }),
  "iso datetime with offset": (z) => z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time." }),
  "record of unknown": (z) => z.record(z.string(), z.unknown()),
};

const edgeCases: unknown[] = [
  undefined, null, 0, -1, 1.5, 20, 100, 101, 99_999_999, 1e9, Number.NaN, "", " ab ", "ab", "AB-cd", "toolongvalue", "admin",
  "https://example.com/x", "not a url", " Buyer@Example.COM ", "a@b", "2026-12-01T18:00:00Z", "2026-12-01T18:00:00+02:00", "2026-12-01",
  "42", true, false, [], [{ sku: "a" }], [{ sku: "" }, { sku: "b", stock: -1 }], [{ sku: "a" }, { sku: "b" }, { sku: "c" }, { sku: "d" }],
  {}, { a: 1, b: 0 }, { a: 0, b: 1 }, { a: "x", b: null }, { a: "x", b: 3, c: null }, { status: "draft" }, { status: "gone" },
  { name: "Nova" }, { name: "Nova", accent: "#ff00aa" }, { name: "Nova", extra: 1 }, { limit: "5" }, { limit: "0", q: "x" }, { limit: "abc" },
  { kind: "a", n: 1 }, { kind: "b", s: "x" }, { kind: "c" }, { percentOff: 10 }, { amountOffCents: 500 }, { percentOff: 10, amountOffCents: 5 },
  { percentOff: 0 }, { x: 1, y: "2" }, { x: { nested: [1] } }, { id: "e", data: { order: { id: 1 } } }, { id: "e", data: [] },
];

/** What a parse says, in terms that must match between the two: the output, or each issue's code, path and message. */
function outcome(schema: classic.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: result.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };
}

describe("the bundle's zod (zod/mini with classic's methods)", () => {
  it.each(Object.keys(corpus))("%s: the same answers as zod classic", (name) => {
    const build = corpus[name]!;
    const [mine, theirs] = [build(lean as unknown as Z), build(classic)];
    for (const input of edgeCases) expect(outcome(mine, input), JSON.stringify(input)).toEqual(outcome(theirs, input));
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false }), (input) => {
        expect(outcome(mine, input)).toEqual(outcome(theirs, input));
      }),
      { numRuns: 200 },
    );
  });

  it("has every classic schema method the source calls (one it lacks would fail only where it runs)", () => {
    const sources = Object.values(import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true })).join("\n");
    const samples = (z: Z) => [z.string(), z.number(), z.boolean(), z.array(z.string()), z.object({}), z.strictObject({}), z.enum(["a"]), z.union([z.string(), z.number()]), z.email(), z.iso.datetime(), z.coerce.number(), z.string().optional(), z.string().nullable(), z.string().default("a")];
    const methods = (schema: object) => {
      const names = new Set<string>();
      for (let o: object | null = schema; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
        for (const name of Object.getOwnPropertyNames(o)) if (typeof (schema as Record<string, unknown>)[name] === "function") names.add(name);
      }
      return names;
    };
    const leanSamples = samples(lean as unknown as Z);
    const missing = samples(classic).flatMap((schema, i) => [...methods(schema)].filter((name) => !methods(leanSamples[i]!).has(name)).map((name) => ({ type: schema.def.type, name })));
    expect(missing.length).toBeGreaterThan(0); // classic has more; only the ones the code calls matter
    // A call like `.name(` that is not `z.name(`, `z.iso.name(` or the object's own `this.name(`, for a name no built-in
    // string, array, promise or text codec also has.
    const builtIn = (name: string) => [String.prototype, Array.prototype, TextEncoder.prototype, TextDecoder.prototype, Promise.prototype, Object.prototype].some((p) => name in p);
    const called = missing.filter(({ name }) => !builtIn(name) && new RegExp(`(?<!\\b(?:z|iso|coerce|this)\\s*)\\.${name}\\(`).test(sources));
    expect(called).toEqual([]);
  });

  it("is not zod classic, so the bundle carries no JSON Schema generator", () => {
    expect((lean as Record<string, unknown>).toJSONSchema).toBeUndefined();
    expect((lean.string() as unknown as Record<string, unknown>).toJSONSchema).toBeUndefined();
    expect((classic.string() as unknown as Record<string, unknown>).toJSONSchema).toBeTypeOf("function");
  });

  it("explains in English, refuses with ZodError, and takes the OpenAPI extension on every schema", () => {
    const schema = lean.object({ title: lean.string().min(1).openapi({ example: "Tour Tee" }) });
    expect(schema.safeParse({ title: "Tee" }).success).toBe(true);
    const refused = schema.safeParse({ title: 1 });
    expect(refused.error).toBeInstanceOf(lean.ZodError);
    expect(refused.error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
  });
});
