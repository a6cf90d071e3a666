// The Worker bundle's "zod" (wrangler.toml `[alias]`, and the workers tests through vitest.config.ts): zod classic's
// own `z`, minus the parts of its namespace Dropfront never calls, so the bundle drops them (see zod-lean.js).
import * as z from "./zod-lean.js";

export * from "./zod-lean.js";
export { z, z as default };
