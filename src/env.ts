// The Hono environment: Worker bindings (generated `Env`) and per-request variables.
import type { Db } from "./db/client";

export interface AuthContext {
  creatorId: string;
  tokenId: string;
  readOnly: boolean;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    auth: AuthContext;
  };
}
