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
  coerce,
  discriminatedUnion,
  email,
  enum,
  iso,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  unknown,
} from "zod/v4";
