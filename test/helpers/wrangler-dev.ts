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

/** Polls `fn` until it gives a value, or fails after `timeoutMs` (the server's queue and alarms run on their own time). */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 250));
  }
}
