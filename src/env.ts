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
  /**
   * The admin API's descriptive texts (summaries, field descriptions) are in this build: they serve only the OpenAPI
   * document, which is generated at build time (`npm run openapi`, where this is true) and served as a static asset, so
   * production builds (`--define DOCS:false`) leave ~1.5 KiB gzip of text out of the Worker.
   */
  const DOCS: boolean;
}
