// The members of zod classic's `z` that Dropfront calls, and nothing else: `z` is used as a value (a namespace
// object), so esbuild keeps every export it has. Without the generator at run time (shims/zod-openapi-runtime.js),
// nothing needs the rest — other schema types, every non-English locale, `z.compile`, JSON Schema in and out — and
// leaving them out saves ~10.5 KiB gzip. A schema calling a member missing here fails at module load in every workers
// test ("z.… is not a function"): add it to the list. English messages stay: zod registers them on the first schema.
export {
  ZodError,
  ZodType,
  array,
  boolean,
  email,
  enum,
  number,
  object,
  strictObject,
  string,
  union,
} from "zod/v4";

import { ZodISODateTime, ZodNumber, record as docsRecord, unknown as docsUnknown } from "zod/v4";
import { _coercedNumber, _isoDateTime } from "zod/v4/core";

/**
 * `z.coerce` and `z.iso` with the one member of each Dropfront calls, built as zod's own `z.coerce.number()` and
 * `z.iso.datetime()` are: a whole namespace keeps all its members (`z.coerce`'s also keep the bigint and date schema
 * types, ~0.4 KiB gzip; `z.iso`'s ~0.1 KiB).
 */
export const coerce = { number: (params) => _coercedNumber(ZodNumber, params) };
export const iso = { datetime: (params) => _isoDateTime(ZodISODateTime, params) };

// Called only by response schemas, which exist only where the API is described (DOCS: tests, the document's build):
// a production build leaves these schema types out (~1.1 KiB gzip).
const docsOnly = (name) => () => {
  throw new Error(`z.${name} is left out of production builds: only response schemas (DOCS) may call it`);
};
export const record = DOCS ? docsRecord : docsOnly("record");
export const unknown = DOCS ? docsUnknown : docsOnly("unknown");
