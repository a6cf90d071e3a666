// DropShardDO: one of a drop's shard objects (API.md "Fair drops"; docs/SCALE.md). Two jobs, each taken off the
// drop's own object so that it only ever serves reservations at a rate it can:
// - Queue tickets: a join is one write in the shard that owns the email (one ticket per normalized email). The drop's
//   object coordinates its shards from its alarm (`sync`): it freezes the pre-opening tickets at `startsAt`, deals
//   them positions by the opening shuffle, places later joiners in arrival order, and pushes the admissions.
// - Live sockets: buyers' sockets spread over the shards; the drop's object sends each change once per shard and the
//   shard fans it out, so no broadcast serializes every send in one object. Sockets hibernate; the last messages
//   are kept in storage for the next connection.
// Like the inventory object, every read-and-write here is synchronous over SQLite: concurrent joins cannot both win.
import { DurableObject } from "cloudflare:workers";
import { dropObject } from "./inventory-client";
import { createShardSchema, hasShardSchema, type ShardMeta, type TicketRow } from "./shard-storage";
import { fail, ok, type Result } from "./rules";
import { batchOf } from "./queue-admission";
import { iso } from "../shared/time";
import { errorFields, log } from "../shared/log";

export interface AdmissionBatch {
  fromPos: number;
  toPos: number;
  admittedAt: number;
  expiresAt: number;
}

/** What the drop's object tells a shard on each queue tick. */
export interface ShardPush {
  dropId: string;
  shard: number;
  /** The opening: stop taking pre-opening tickets and report how many there are. */
  freeze: boolean;
  /** This shard's share of the opening shuffle's positions (increasing), until it confirms having placed them. */
  prePositions: number[] | null;
  /** Later joiners of this shard, placed by the drop's object in arrival order. */
  placements: { id: string; position: number }[];
  /** Admission batches the shard has not confirmed yet. */
  batches: AdmissionBatch[];
  admittedThrough: number;
  soldOutAt: number | null;
  closedAt: number | null;
  /** Report unplaced later joiners that joined before this time (null before the opening). */
  lateCutoff: number | null;
  /** Admissions per second over the last half minute, and units not sold yet: the page's honest estimate. */
  pace: number;
  unitsLeft: number;
  /** When the drop's object next syncs by itself: a later joiner nudges it when that is far off. */
  nextTickAt: number;
  queueMessage: string;
}

export interface ShardReport {
  tickets: number;
  /** Pre-opening tickets (once frozen). */
  preCount: number | null;
  preplaced: boolean;
  /** The highest admitted position this shard has a batch for. */
  batchesThrough: number;
  /** Unplaced later joiners, oldest first (at most LATE_REPORT_LIMIT; `truncated` when more were left out). */
  late: { id: string; joinedAt: number }[];
  truncated: boolean;
  /** Later joiners without a position yet. */
  unplaced: number;
}

type TicketStatus = "waiting" | "admitted" | "sold_out" | "expired";

export interface TicketView {
  id: string;
  status: TicketStatus;
  position: number | null;
  ahead: number | null;
  admittedUntil: string | null;
  /** How long until admission at the current pace (null while unknown), and the units still unsold. */
  estimate: { seconds: number | null; unitsLeft: number | null };
  /** The shard's clock when it read the ticket: a page counts down to `admittedUntil` against it, not the device's. */
  serverTime: string;
}

const LATE_REPORT_LIMIT = 5_000;
const restamped = (message: string, serverTime: string) => JSON.stringify({ ...(JSON.parse(message) as object), serverTime });
/** A later joiner nudges an idle drop object (next sync further off than this) so its place comes quickly. */
const NUDGE_WHEN_IDLE_MS = 1_000;

export class DropShardDO extends DurableObject<Env> {
  private ready: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ready = hasShardSchema(ctx.storage.sql);
    if (this.ready) createShardSchema(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  private get sql() {
    return this.ctx.storage.sql;
  }

  /** The shard's state, creating its storage on first use (lookups of unknown tickets never do). */
  private meta(dropId: string, shard: number): ShardMeta {
    if (!this.ready) {
      createShardSchema(this.sql);
      this.ready = true;
    }
    this.sql.exec("insert or ignore into meta (id, drop_id, shard) values (1, ?, ?)", dropId, shard);
    return this.sql.exec<ShardMeta>("select * from meta where id = 1").one();
  }

  private existingMeta(): ShardMeta | undefined {
    return this.ready ? this.sql.exec<ShardMeta>("select * from meta where id = 1").toArray()[0] : undefined;
  }

  // Queue tickets ------------------------------------------------------------------------------------------------

  /** Erasing a buyer: their ticket, if this shard keeps it, carries `erasedAs` (erasedEmail) instead of the email. */
  async eraseEmail(input: { email: string; erasedAs: string }): Promise<void> {
    if (this.ready) this.sql.exec("update tickets set email = ? where email = ?", input.erasedAs, input.email);
  }

  /**
   * Joins the queue once per normalized email (the Worker routed it here by `shardOfEmail` and checked the join
   * window). Before the opening a ticket waits for the shuffle; after it, it follows in arrival order.
   */
  async join(input: { dropId: string; shard: number; ticketId: string; email: string; origin: string; erasedAs?: string }): Promise<Result<{ ticket: TicketView; created: boolean }>> {
    const now = Date.now();
    const meta = this.meta(input.dropId, input.shard);
    // An erased email's ticket (erasedEmail) is still that email's one ticket.
    const existing = this.sql.exec<TicketRow>("select * from tickets where email in (?, ?)", input.email, input.erasedAs ?? input.email).toArray()[0];
    if (existing) return ok({ ticket: this.view(meta, existing, now), created: false });
    if (meta.sold_out_at !== null) return fail("sold_out", "Every unit of this drop is sold.");
    if (meta.closed_at !== null) return fail("drop_not_live", "The drop is over.");
    // Until the drop's object freezes this shard at the opening a ticket joins the shuffle; after it, the line. The
    // freeze decides, not a clock: the opening counts exactly the tickets it froze.
    const pre = meta.frozen === 0 ? 1 : 0;
    const rand = crypto.getRandomValues(new Uint32Array(2));
    this.sql.exec(
      "insert into tickets (id, email, origin, joined_at, rand, pre) values (?, ?, ?, ?, ?, ?)",
      input.ticketId, input.email, input.origin, now, rand[0]! * 2 ** 21 + (rand[1]! >>> 11), pre,
    );
    if (!pre && meta.next_tick_at - now > NUDGE_WHEN_IDLE_MS && meta.nudged_at < meta.next_tick_at) {
      // The drop's object is idle (nobody was waiting): ask it to place this ticket now rather than at its next sync.
      this.sql.exec("update meta set nudged_at = ? where id = 1", meta.next_tick_at);
      this.ctx.waitUntil(
        dropObject(this.env.INVENTORY, input.dropId)
          .nudgeQueue()
          .catch((err) => log("warn", "nudging the drop's queue failed; its next sync places the ticket", { dropId: input.dropId, ...errorFields(err) })),
      );
    }
    const ticket = this.sql.exec<TicketRow>("select * from tickets where id = ?", input.ticketId).one();
    return ok({ ticket: this.view(meta, ticket, now), created: true });
  }

  async ticket(ticketId: string): Promise<Result<TicketView & { email: string; origin: string | null }>> {
    const meta = this.existingMeta();
    const row = meta ? this.sql.exec<TicketRow>("select * from tickets where id = ?", ticketId).toArray()[0] : undefined;
    if (!meta || !row) return fail("not_found", "Ticket not found.");
    return ok({ ...this.view(meta, row, Date.now()), email: row.email, origin: row.origin });
  }

  /** A ticket as its holder sees it: admission follows position order, so everything waiting ahead is positions. */
  private view(meta: ShardMeta, t: TicketRow, now: number): TicketView {
    const base = { id: t.id, position: t.position, ahead: null, admittedUntil: null, estimate: { seconds: null, unitsLeft: meta.units_left }, serverTime: iso(now) };
    if (t.position !== null && t.position <= meta.admitted_through) {
      const batch = batchOf(this.sql, t.position);
      if (batch) {
        return { ...base, status: now < batch.expires_at ? "admitted" : "expired", admittedUntil: iso(batch.expires_at) };
      }
    }
    if (meta.sold_out_at !== null) return { ...base, status: "sold_out" };
    if (meta.closed_at !== null) return { ...base, status: "expired" };
    if (t.position === null) return { ...base, status: "waiting" };
    const ahead = Math.max(0, t.position - meta.admitted_through - 1);
    return { ...base, status: "waiting", ahead, estimate: { seconds: meta.pace > 0 ? Math.ceil(ahead / meta.pace) : null, unitsLeft: meta.units_left } };
  }

  /** One queue tick from the drop's object: apply what it decided, report what it needs. Idempotent. */
  async sync(push: ShardPush): Promise<ShardReport> {
    this.meta(push.dropId, push.shard);
    this.ctx.storage.transactionSync(() => {
      if (push.freeze) this.sql.exec("update meta set frozen = 1 where id = 1");
      if (push.prePositions && this.sql.exec<{ p: number }>("select preplaced as p from meta where id = 1").one().p === 0) {
        // The shard's own uniform order (random keys drawn at join) takes the positions dealt to it, in order.
        const pre = this.sql.exec<{ id: string }>("select id from tickets where pre = 1 order by rand, id").toArray();
        if (pre.length === push.prePositions.length) {
          pre.forEach((t, i) => this.sql.exec("update tickets set position = ? where id = ?", push.prePositions![i]!, t.id));
          this.sql.exec("update meta set preplaced = 1 where id = 1");
        } else log("error", "queue shard: the opening dealt a different number of positions than it froze", { dropId: push.dropId, shard: push.shard });
      }
      for (const p of push.placements) this.sql.exec("update tickets set position = ? where id = ? and position is null", p.position, p.id);
      for (const b of push.batches) {
        this.sql.exec("insert or ignore into admission_batches (from_pos, to_pos, admitted_at, expires_at) values (?, ?, ?, ?)", b.fromPos, b.toPos, b.admittedAt, b.expiresAt);
      }
      // The drop's object is the authority: sold out may be lifted (units came back before the close).
      this.sql.exec(
        `update meta set admitted_through = max(admitted_through, ?), sold_out_at = ?, closed_at = coalesce(closed_at, ?),
           pace = ?, units_left = ?, next_tick_at = ?, queue_message = ? where id = 1`,
        push.admittedThrough, push.soldOutAt, push.closedAt, push.pace, push.unitsLeft, push.nextTickAt, push.queueMessage,
      );
    });
    this.send(push.queueMessage);
    const meta = this.sql.exec<ShardMeta>("select * from meta where id = 1").one();
    const count = (where: string, ...args: SqlStorageValue[]) => this.sql.exec<{ n: number }>(`select count(*) as n from tickets where ${where}`, ...args).one().n;
    const late =
      push.lateCutoff === null
        ? []
        : this.sql
            .exec<{ id: string; joined_at: number }>("select id, joined_at from tickets where pre = 0 and position is null and joined_at < ? order by joined_at, id limit ?", push.lateCutoff, LATE_REPORT_LIMIT + 1)
            .toArray()
            .map((t) => ({ id: t.id, joinedAt: t.joined_at }));
    return {
      tickets: count("1 = 1"),
      preCount: meta.frozen ? count("pre = 1") : null,
      preplaced: meta.preplaced === 1,
      batchesThrough: this.sql.exec<{ t: number | null }>("select max(to_pos) as t from admission_batches").one().t ?? 0,
      late: late.slice(0, LATE_REPORT_LIMIT),
      truncated: late.length > LATE_REPORT_LIMIT,
      unplaced: count("pre = 0 and position is null"),
    };
  }

  // Live sockets ---------------------------------------------------------------------------------------------------

  /** A stock message from the drop's object (sent once per shard): kept for new sockets and sent to every socket here. */
  async broadcast(input: { dropId: string; shard: number; version: number; message: string }): Promise<void> {
    this.meta(input.dropId, input.shard);
    if (this.keepStock(input.version, input.message)) this.send(input.message);
  }

  /**
   * Keeps a stock message unless a newer one is already here (an older change arriving late, or a snapshot taken
   * before a broadcast that overtook it): newer = a higher version, or the same version at a later server time.
   */
  private keepStock(version: number, message: string): boolean {
    const at = Date.parse((JSON.parse(message) as { serverTime: string }).serverTime);
    const meta = this.sql.exec<ShardMeta>("select * from meta where id = 1").one();
    if (version < meta.stock_version || (version === meta.stock_version && at < meta.stock_at)) return false;
    this.sql.exec("update meta set stock_message = ?, stock_version = ?, stock_at = ? where id = 1", message, version, at);
    return true;
  }

  private send(message: string) {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(message);
      } catch {
        // a socket closing mid-send is dropped by the runtime
      }
    }
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const url = new URL(request.url);
    const dropId = url.searchParams.get("drop") ?? "";
    const shard = Number(url.searchParams.get("shard"));
    let meta = this.meta(dropId, shard);
    if (meta.subscribed === 0) {
      // The first socket here: the drop's object starts sending this shard its changes, and says where things stand.
      const snapshot = await dropObject(this.env.INVENTORY, dropId).subscribeShard(shard);
      if (!snapshot.ok) return new Response("Drop not found", { status: 404 });
      this.sql.exec("update meta set subscribed = 1, queue_message = coalesce(queue_message, ?) where id = 1", snapshot.value.queueMessage);
      this.keepStock(snapshot.value.version, snapshot.value.stockMessage);
      meta = this.sql.exec<ShardMeta>("select * from meta where id = 1").one();
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    // The kept messages are the latest state, but their serverTime is when they were made: a page runs its clock on
    // it (countdowns, the opening), so a socket opening now is told now.
    const now = iso(Date.now());
    if (meta.stock_message) server.send(restamped(meta.stock_message, now));
    if (meta.queue_message) server.send(restamped(meta.queue_message, now));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(): Promise<void> {
    // Buyers only listen; "ping" is answered by the auto-response without waking the object.
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // already closed
    }
  }
}
