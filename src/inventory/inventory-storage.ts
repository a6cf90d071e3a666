// The inventory object's SQLite schema and row mapping. `available` is derived, never stored, so
// `available + held + sold + returned == quantity` holds by construction. On a closed drop, `returned` counts the
// units taken out of sale to go back to their variant, `returnAcked` those the variant has confirmed.

export interface ItemRow {
  variantId: string;
  title: string;
  priceCents: number;
  currency: string;
  quantity: number;
  held: number;
  sold: number;
  returned: number;
  returnAcked: number;
  available: number;
  tracked: boolean;
}

/** Whether this object was ever configured: looking up an unknown id must not create storage. */
export function hasSchema(sql: SqlStorage): boolean {
  return sql.exec("select 1 from sqlite_master where type = 'table' and name = 'config'").toArray().length > 0;
}

export function createSchema(sql: SqlStorage): void {
  sql.exec(`
    create table if not exists config (
      id integer primary key check (id = 1),
      kind text not null,
      ref_id text not null,
      creator_id text not null,
      slug text not null,
      title text not null,
      starts_at integer not null,
      ends_at integer,
      canceled_at integer,
      per_buyer_limit integer not null,
      hold_seconds integer not null,
      version integer not null default 0,
      flush_at integer,
      flushed_version integer not null default 0
    );
    create table if not exists items (
      variant_id text primary key,
      title text not null,
      price_cents integer not null,
      currency text not null,
      quantity integer not null check (quantity >= 0),
      held integer not null default 0 check (held >= 0),
      sold integer not null default 0 check (sold >= 0),
      returned integer not null default 0,
      tracked integer not null,
      position integer not null,
      check (quantity - held - sold - returned >= 0)
    );
    create table if not exists holds (
      id text primary key,
      variant_id text not null,
      quantity integer not null,
      email text not null,
      status text not null,
      expires_at integer not null,
      created_at integer not null
    );
    create index if not exists holds_status_expiry on holds (status, expires_at);
    create index if not exists holds_email on holds (email, status);
    create table if not exists idem (key text primary key, hash text not null, result text not null, created_at integer not null);
    create index if not exists idem_created on idem (created_at);
    create table if not exists allocations (drop_id text primary key, quantity integer not null, returned integer not null default 0);
  `);
  // Added with checkout: the order a hold belongs to, and whether its expiry still has to be announced.
  const holdColumns = sql.exec<{ name: string }>("select name from pragma_table_info('holds')").toArray().map((c) => c.name);
  if (!holdColumns.includes("order_id")) {
    sql.exec("alter table holds add column order_id text");
    sql.exec("alter table holds add column notify integer not null default 0");
    sql.exec("create index if not exists holds_notify on holds (notify) where notify = 1");
  }
  // Added with the live opening: the status last sent to sockets, so a time-driven change is always announced;
  // and the units of a closed drop that its variant has confirmed taking back.
  const configColumns = sql.exec<{ name: string }>("select name from pragma_table_info('config')").toArray().map((c) => c.name);
  if (!configColumns.includes("broadcast_status")) sql.exec("alter table config add column broadcast_status text");
  // Added with crash-safe drop creation: until its catalog row is confirmed, a drop's object checks for it itself.
  if (!configColumns.includes("confirm_by")) sql.exec("alter table config add column confirm_by integer");
  // Added with raffles: the admission mode, the winners' claim time, the secret seed (revealed after the draw), its
  // public commitment, and the draw's time; one entry per normalized email.
  if (!configColumns.includes("admission")) {
    sql.exec(`
      alter table config add column admission text not null default 'open';
      alter table config add column claim_seconds integer not null default 86400;
      alter table config add column raffle_seed text;
      alter table config add column raffle_commitment text;
      alter table config add column drawn_at integer;
    `);
  }
  sql.exec(`
    create table if not exists entries (
      id text primary key,
      email text not null unique,
      variant_id text not null,
      seq integer not null,
      status text not null default 'entered',
      rank integer,
      hold_id text,
      won_in_draw integer not null default 0,
      notify integer not null default 0,
      origin text,
      created_at integer not null
    );
    create index if not exists entries_standby on entries (variant_id, status, rank);
    create index if not exists entries_notify on entries (notify) where notify = 1;
    create index if not exists entries_hold on entries (hold_id);
  `);
  // Added with queue mode: the queue's settings and state (queue-admission.ts), its shards, the admission batches and
  // their uses, later joiners placed but not yet told to their shard, and the shards that fan out live sockets.
  if (!configColumns.includes("queue_opens_at")) {
    sql.exec(`
      alter table config add column queue_opens_at integer;
      alter table config add column admission_rate integer not null default 50;
      alter table config add column admission_seconds integer not null default 120;
      alter table config add column shard_count integer not null default 16;
      alter table config add column shuffle_seed text;
      alter table config add column shuffled_at integer;
      alter table config add column placed_through integer not null default 0;
      alter table config add column admitted_through integer not null default 0;
      alter table config add column admit_credit real not null default 0;
      alter table config add column admit_credit_at integer;
      alter table config add column queue_sold_out_at integer;
      alter table config add column queue_tick_at integer;
      alter table config add column queue_finished integer not null default 0;
      alter table config add column queue_alerted_at integer;
      alter table holds add column admission_pos integer;
    `);
  }
  // A queue that was ever open (joins may exist even before its first tick): closing it must tell its shards.
  if (!configColumns.includes("queue_opened")) sql.exec("alter table config add column queue_opened integer not null default 0");
  sql.exec(`
    create table if not exists queue_shards (
      shard integer primary key,
      tickets integer not null default 0,
      pre_count integer,
      preplaced integer not null default 0,
      batches_through integer not null default 0,
      unplaced integer not null default 0
    );
    create table if not exists admission_batches (
      from_pos integer primary key, to_pos integer not null, admitted_at integer not null, expires_at integer not null,
      promise integer not null default 1
    );
    create index if not exists admission_batches_expiry on admission_batches (expires_at);
    create index if not exists admission_batches_admitted on admission_batches (admitted_at);
    create index if not exists holds_admission on holds (admission_pos) where admission_pos is not null;
    create table if not exists admission_uses (
      position integer primary key, ticket_id text not null, used_at integer not null, expires_at integer not null, promise integer not null default 1
    );
    create index if not exists admission_uses_expiry on admission_uses (expires_at);
    create table if not exists queue_placements (ticket_id text primary key, shard integer not null, position integer not null unique);
    create index if not exists queue_placements_shard on queue_placements (shard, position);
    create table if not exists fanout (shard integer primary key);
  `);
  // Added with creator webhooks (webhook-events.ts): the status last turned into events, the events' sequence, a
  // variant's low-stock threshold and whether its inventory.low has fired; events wait in the outbox until queued.
  if (!configColumns.includes("hook_status")) {
    sql.exec(`
      alter table config add column hook_status text;
      alter table config add column event_seq integer not null default 0;
      alter table config add column low_threshold integer;
      alter table config add column low_fired integer not null default 0;
    `);
  }
  if (!configColumns.includes("sold_out_fired")) sql.exec("alter table config add column sold_out_fired integer not null default 0");
  sql.exec("create table if not exists outbox (seq integer primary key, body text not null)");
  const itemColumns = sql.exec<{ name: string }>("select name from pragma_table_info('items')").toArray().map((c) => c.name);
  if (!itemColumns.includes("return_acked")) sql.exec("alter table items add column return_acked integer not null default 0");
}

export function loadItems(sql: SqlStorage): ItemRow[] {
  return sql
    .exec<{
      variant_id: string;
      title: string;
      price_cents: number;
      currency: string;
      quantity: number;
      held: number;
      sold: number;
      returned: number;
      return_acked: number;
      tracked: number;
    }>("select * from items order by position")
    .toArray()
    .map((r) => ({
      variantId: r.variant_id,
      title: r.title,
      priceCents: r.price_cents,
      currency: r.currency,
      quantity: r.quantity,
      held: r.held,
      sold: r.sold,
      returned: r.returned,
      returnAcked: r.return_acked,
      available: r.quantity - r.held - r.sold - r.returned,
      tracked: r.tracked === 1,
    }));
}
