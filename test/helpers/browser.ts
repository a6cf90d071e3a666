// Chromium tests' fixture: a fresh `wrangler dev` (its own local state) and headless Chromium (Debian's chromium, or
// CHROMIUM_PATH, driven by playwright-core), started before the file's tests and stopped after them, with the one
// HTTP client pointed at the server. Screenshots go to ARTIFACTS (test-results/).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ROOT, startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { type Call, httpClient } from "./http";

export const ARTIFACTS = path.join(ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function useBrowserStore(platformToken: string) {
  const store = {} as { server: Awaited<ReturnType<typeof startWranglerDev>>; browser: Browser; client: Call };
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    store.server = await startWranglerDev({ vars: { PLATFORM_ADMIN_TOKEN: platformToken } });
    store.client = httpClient((request) => fetch(request), store.server.url);
    store.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await store.browser?.close();
    await store.server?.stop();
  });
  return store;
}
