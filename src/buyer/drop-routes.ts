// Buyer API for drops (no auth): read a drop, reserve and release units, and subscribe to live stock.
// Every answer about stock comes from the drop's inventory object, never from D1; the read through a micro-cache of
// at most 1 s (shared caches may keep it 1 s more), the writes and the socket straight from the object.
import { Hono } from "hono/tiny";
import { QueueJoinSchema, RaffleEntrySchema, ReserveSchema } from "../catalog/drop-schemas";
import { enterRaffle, raffleEntries, raffleEntry } from "../checkout/raffle-entries";
import { openLiveStock, publicDrop, readDrop, releaseUnits, reserveUnits } from "../checkout/buyer-reservations";
import { admissionOf, joinQueue, queueTicket } from "../checkout/queue-tickets";
import type { AppEnv } from "../env";
import { readIdempotencyKey } from "../http/idempotency";
import { DomainError } from "../shared/errors";
import { parseWith } from "../shared/validation";
import { rateLimitReservations } from "../http/rate-limit";

export const buyerDropRoutes = new Hono<AppEnv>();

buyerDropRoutes.get("/drops/:dropId", async (c) => {
  const drop = publicDrop(await readDrop(c.get("services"), c.req.param("dropId")));
  c.header("cache-control", "public, max-age=1");
  return c.json({ drop });
});

buyerDropRoutes.get("/drops/:dropId/live", async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new DomainError("invalid_input", "This endpoint is a WebSocket; send Upgrade: websocket.");
  }
  return openLiveStock(c.get("services"), c.req.param("dropId"), c.req.raw);
});

buyerDropRoutes.post("/drops/:dropId/reservations", rateLimitReservations, async (c) => {
  const input = parseWith(ReserveSchema, await c.req.json().catch(() => undefined));
  const dropId = c.req.param("dropId");
  // Queue drops: the admission token (signed, bound to the email, short-lived); the drop's object decides if one is needed.
  const admission = await admissionOf(c.get("services"), dropId, c.req.header("drop-admission"), input.email);
  const reservation = await reserveUnits(c.get("services"), dropId, { ...input, idempotencyKey: readIdempotencyKey(c), admission });
  return c.json({ reservation }, 201);
});

buyerDropRoutes.delete("/drops/:dropId/reservations/:reservationId", async (c) => {
  const reservation = await releaseUnits(c.get("services"), c.req.param("dropId"), c.req.param("reservationId"));
  return c.json({ reservation });
});

// Queues (API.md "Fair drops"): join from queueOpensAt, one ticket per normalized email; follow it with its token.
// Joining is a write: rate limited per client IP like reservations.
buyerDropRoutes.post("/drops/:dropId/queue", rateLimitReservations, async (c) => {
  const input = parseWith(QueueJoinSchema, await c.req.json().catch(() => undefined));
  const client = { origin: new URL(c.req.url).origin, ip: c.req.header("cf-connecting-ip") };
  const joined = await joinQueue(c.get("services"), c.req.param("dropId"), input, client);
  return c.json({ ticket: joined.ticket, ticketToken: joined.ticketToken }, joined.created ? 201 : 200);
});

buyerDropRoutes.get("/drops/:dropId/queue/:ticketId", async (c) => {
  const ticket = await queueTicket(c.get("services"), c.req.param("dropId"), c.req.param("ticketId"), c.req.query("token"));
  c.header("cache-control", "no-store");
  return c.json({ ticket });
});

// Raffles (API.md "Fair drops"): entries until startsAt, one per normalized email; entry status with its token;
// the public list the draw shuffles. Entering is a write: rate limited per client IP like reservations.
buyerDropRoutes.post("/drops/:dropId/entries", rateLimitReservations, async (c) => {
  const input = parseWith(RaffleEntrySchema, await c.req.json().catch(() => undefined));
  const client = { origin: new URL(c.req.url).origin, ip: c.req.header("cf-connecting-ip") };
  const entered = await enterRaffle(c.get("services"), c.req.param("dropId"), input, client);
  return c.json({ entry: entered.entry, entryToken: entered.entryToken }, entered.created ? 201 : 200);
});

buyerDropRoutes.get("/drops/:dropId/entries", async (c) => c.json(await raffleEntries(c.get("services"), c.req.param("dropId"))));

buyerDropRoutes.get("/drops/:dropId/entries/:entryId", async (c) => {
  const entry = await raffleEntry(c.get("services"), c.req.param("dropId"), c.req.param("entryId"), c.req.query("token"));
  c.header("cache-control", "no-store");
  return c.json({ entry });
});

