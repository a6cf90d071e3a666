// GET|HEAD /downloads/{token}: the purchased file as an attachment (fulfillment/serve-download.ts decides what counts).
import { Hono } from "hono/tiny";
import type { AppEnv } from "../env";
import { serveDownload } from "../fulfillment/serve-download";

export const downloadRoutes = new Hono<AppEnv>();

downloadRoutes.on(["GET", "HEAD"], "/downloads/:token", (c) =>
  serveDownload(c.get("services"), c.req.param("token"), { method: c.req.method, range: c.req.header("range") }),
);
