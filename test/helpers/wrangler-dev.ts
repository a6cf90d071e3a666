// Node-side tests' server: a fresh `wrangler dev` for the test file (its own local state, removed after), started
// before its tests and stopped after them, with the one HTTP client pointed at it.
import { afterAll, beforeAll } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { type Call, httpClient } from "./http";

export function useWranglerDev(platformToken: string) {
  const state = {} as { server: Awaited<ReturnType<typeof startWranglerDev>>; req: Call };
  beforeAll(async () => {
    state.server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: platformToken } });
    state.req = httpClient((request) => fetch(request), state.server.url);
  });
  afterAll(async () => {
    await state.server?.stop();
  });
  return state;
}
