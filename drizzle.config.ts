import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  // Column names are the schema's keys in snake_case, as the client reads them (src/db/client.ts).
  casing: "snake_case",
});
