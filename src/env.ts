// The Hono environment: Worker bindings (generated `Env`) and per-request variables.
import type { Services } from "./services";

interface AuthContext {
  creatorId: string;
  tokenId: string;
  readOnly: boolean;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Everything the use cases need, built once for this request (services.ts). */
    services: Services;
    auth: AuthContext;
  };
}

declare global {
  /**
   * Development tooling is in this build (wrangler.toml `[define]`, the tests): false only in production builds
   * (`npm run build`, `npm run deploy` pass `--define DEV_TOOLS:false`), which then leave it out of the bundle.
   */
  const DEV_TOOLS: boolean;
}
