// Two test runs: "workers" runs inside workerd through @cloudflare/vitest-plugin (the Worker's own bindings,
// migrations applied per test file); "e2e" runs in Node and drives a real `wrangler dev` over HTTP.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      // Logs of passing tests are noise; a failing test still shows its logs. Root-level on purpose: the reporter
      // reads only the root config, so a project's own `silent` is ignored.
      silent: "passed-only" as const,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // A second, empty database: migration tests replay migrations/ on it step by step.
                d1Databases: ["MIGRATION_DB"],
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ENVIRONMENT: "development",
                  PLATFORM_ADMIN_TOKEN: "test-platform-token",
                  SIGNING_SECRET: "test-signing-secret",
                  STRIPE_SECRET_KEY: "",
                  STRIPE_WEBHOOK_SECRET: "whsec_test_dropfront",
                  // No request lines in tests, only warnings and errors (shown when their test fails);
                  // a test that asserts on logs raises it with captureLogs() (test/helpers/logs.ts).
                  LOG_LEVEL: "warn",
                },
              },
            }),
          ],
          // The Worker bundle's zod (zod/mini with the classic methods the code chains) and @hono/zod-openapi runtime (wrangler.toml `[alias]`), so the tests run what
          // is deployed.
          // wrangler.toml's `[define]` (development tooling in the build).
          define: { DEV_TOOLS: "true", DOCS: "true" },
          resolve: {
            alias: [
              { find: /^zod$/, replacement: path.join(import.meta.dirname, "shims/zod.js") },
              { find: /^@hono\/zod-openapi$/, replacement: path.join(import.meta.dirname, "shims/zod-openapi-runtime.js") },
            ],
          },
          test: {
            name: "workers",
            // Generous: CI is a slow, noisy 2-core machine, and a few tests wait for real time (hold expiry, rate windows).
            testTimeout: 30_000,
            include: ["test/integration/**/*.test.ts", "test/unit/**/*.test.ts"],
            setupFiles: ["./test/helpers/apply-migrations.ts"],
            globalSetup: ["./test/node/openapi-document.setup.ts"],
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
        {
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
