// Buyer API for drops (no auth): read a drop, reserve and release units, and subscribe to live stock.
// Every answer about stock comes from the drop's inventory object, never from D1 or a cache.
import { Hono, type Context } from "hono";
import { ReserveSchema } from "../catalog/drop-schemas";
import type { AppEnv } from "../env";
import { dropObject, unwrap } from "../inventory/inventory-client";
import { DomainError, notFound } from "../shared/errors";
import { readIdempotencyKey } from "../shared/idempotency";
import { parseWith } from "../shared/validation";
import { assertDropExists } from "./known-drops";
import { rateLimitReservations } from "./rate-limit";
import { orderDeps } from "../checkout/deps";
import { expireOrderOfReservation } from "../orders/payments";
import { errorFields, log } from "../shared/log";

const DROP_ID = /^drp_[0-9a-z]{26}$/;
const RESERVATION_ID = /^res_[0-9a-z]{26}$/;

export const buyerDropRoutes = new Hono<AppEnv>();

/** Junk ids, and well-formed ids of drops that do not exist, never reach (or create) an inventory object. */
async function dropId(c: Context<AppEnv>): Promise<string> {
  const id = c.req.param("dropId") ?? "";
  if (!DROP_ID.test(id)) throw notFound("Drop");
  await assertDropExists(c.get("db"), id);
  return id;
}

buyerDropRoutes.get("/drops/:dropId", async (c) => {
  const drop = unwrap(await dropObject(c.env.INVENTORY, await dropId(c)).getDrop());
  c.header("cache-control", "no-store");
  return c.json({ drop });
});

buyerDropRoutes.get("/drops/:dropId/live", async (c) => {
  const id = await dropId(c);
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new DomainError("invalid_input", "This endpoint is a WebSocket; send Upgrade: websocket.");
  }
  const res = await dropObject(c.env.INVENTORY, id).fetch(c.req.raw);
  if (res.status === 404) throw notFound("Drop");
  return res;
});

buyerDropRoutes.post("/drops/:dropId/reservations", rateLimitReservations, async (c) => {
  const id = await dropId(c);
  const input = parseWith(ReserveSchema, await c.req.json().catch(() => undefined));
  const reservation = unwrap(
    await dropObject(c.env.INVENTORY, id).reserve({ ...input, idempotencyKey: readIdempotencyKey(c) }),
  );
  return c.json({ reservation }, 201);
});

buyerDropRoutes.delete("/drops/:dropId/reservations/:reservationId", async (c) => {
  const id = await dropId(c);
  const reservationId = c.req.param("reservationId");
  if (!RESERVATION_ID.test(reservationId)) throw notFound("Reservation");
  const reservation = unwrap(await dropObject(c.env.INVENTORY, id).release(reservationId, { byBuyer: true }));
  // A hold that belongs to a pending order expires that order now; the object has announced it too (queue job),
  // which finishes the work if this fails, and a payment arriving later is a late payment under the drop's rules.
  await expireOrderOfReservation(orderDeps(c.env, c.get("db")), reservationId).catch((err) =>
    log("warn", "expiring the order of a released hold failed; the announcement will retry", { reservationId, ...errorFields(err) }),
  );
  return c.json({ reservation });
});
