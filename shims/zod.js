// The Worker bundle's "zod" (wrangler.toml `[alias]`, and the workers tests through vitest.config.ts): the members of
// `z` Dropfront calls, on zod/mini (see zod-lean.js).
import * as z from "./zod-lean.js";

export * from "./zod-lean.js";
export { z, z as default };
