declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** An empty database of the tests' own (vitest.config.ts), for replaying migrations step by step. */
    MIGRATION_DB: D1Database;
  }
}
