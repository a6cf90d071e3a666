// The Worker entry point: HTTP through the Hono app.
import { app } from "./app";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
