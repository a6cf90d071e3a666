// The members of `z` that Dropfront calls, built on zod/mini instead of zod classic. Classic's schema classes wire
// JSON Schema generation into every schema (its processors, generator and memoizer: ~17 KiB gzip with the rest of
// classic), and the Worker never generates JSON Schema: the OpenAPI document is built at build time by the real
// library (scripts/openapi.mjs), and the type checker reads classic's types. Mini schemas are the same core schemas
// (the same parsing, checks, issues and English messages); the handful of classic methods the code chains are added
// below as what classic's own methods do (zod/v4/classic/schemas.js), so a schema means the same in both. A method
// missing here fails at module load in every workers test ("….x is not a function"): add it in classic's terms.
// test/unit/zod-lean.test.ts parses the same inputs with both and compares the answers.
import {
  ZodMiniISODateTime,
  ZodMiniNumber,
  ZodMiniType,
  _default,
  array,
  boolean,
  email,
  enum as enumOf,
  extend,
  gte,
  int,
  lte,
  maxLength,
  minLength,
  nullable,
  number,
  object,
  optional,
  pipe,
  record as miniRecord,
  refine,
  regex,
  strictObject,
  string,
  superRefine,
  toLowerCase,
  transform,
  trim,
  union,
  unknown as miniUnknown,
  url,
} from "zod/v4/mini";
import { $ZodError, _coercedNumber, _isoDateTime, config, util } from "zod/v4/core";
import en from "zod/v4/locales/en.js";

// Classic registers its English messages with its first schema; mini leaves the choice to the caller.
config(en());

export { $ZodError as ZodError, ZodMiniType as ZodType, array, boolean, email, object, strictObject, string, number, union };
export { enumOf as enum };

/** Which of a bound's two checks a schema takes: numbers compare values, strings and arrays their length. */
const bound = (numeric, lengthy) =>
  function (value, params) {
    return this.check(this._zod.def.type === "number" ? numeric(value, params) : lengthy(value, params));
  };

// Own properties of ZodMiniType.prototype are bound onto every mini schema as it is built (zod's $constructor), the
// way classic's prototype methods are.
Object.assign(ZodMiniType.prototype, {
  optional() {
    return optional(this);
  },
  nullable() {
    return nullable(this);
  },
  default(value) {
    return _default(this, value);
  },
  min: bound(gte, minLength),
  max: bound(lte, maxLength),
  int(params) {
    return this.check(int(params));
  },
  regex(pattern, params) {
    return this.check(regex(pattern, params));
  },
  url(params) {
    return this.check(url(params));
  },
  trim() {
    return this.check(trim());
  },
  toLowerCase() {
    return this.check(toLowerCase());
  },
  refine(check, params) {
    return this.check(refine(check, params));
  },
  superRefine(refinement, params) {
    return this.check(superRefine(refinement, params));
  },
  transform(fn) {
    return pipe(this, transform(fn));
  },
  pipe(target) {
    return pipe(this, target);
  },
  extend(shape) {
    return extend(this, shape);
  },
  // @hono/zod-openapi's `.openapi(metadata)`: the document is generated at build time, so at run time it is the schema
  // itself. Defined here rather than by the runtime shim, so a schema built before that shim loads has it too.
  openapi() {
    return this;
  },
  loose() {
    return this.clone(util.mergeDefs(this._zod.def, { catchall: miniUnknown() }));
  },
});

/** `z.coerce` and `z.iso` with the one member of each Dropfront calls (a whole namespace keeps all its members). */
export const coerce = { number: (params) => _coercedNumber(ZodMiniNumber, params) };
export const iso = { datetime: (params) => _isoDateTime(ZodMiniISODateTime, params) };

// Called only by response schemas, which exist only where the API is described (DOCS: tests, the document's build):
// a production build leaves these schema types out.
const docsOnly = (name) => () => {
  throw new Error(`z.${name} is left out of production builds: only response schemas (DOCS) may call it`);
};
export const record = DOCS ? miniRecord : docsOnly("record");
export const unknown = DOCS ? miniUnknown : docsOnly("unknown");
