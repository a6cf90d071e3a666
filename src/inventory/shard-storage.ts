// A drop shard's SQLite schema (drop-shard-do.ts): its state as the drop's object last pushed it, its tickets (one
// per normalized email; `pre` = joined before the opening; `rand` = the shard's own uniform order for the shuffle),
// and the admission batches that say until when an admitted position may reserve.

export interface ShardMeta extends Record<string, SqlStorageValue> {
  drop_id: string;
  shard: number;
  frozen: number;
  preplaced: number;
  admitted_through: number;
  sold_out_at: number | null;
  closed_at: number | null;
  pace: number;
  units_left: number | null;
  next_tick_at: number;
  nudged_at: number;
  queue_message: string | null;
  stock_message: string | null;
  stock_version: number;
  stock_at: number;
  subscribed: number;
}

export interface TicketRow extends Record<string, SqlStorageValue> {
  id: string;
  email: string;
  origin: string | null;
  joined_at: number;
  rand: number;
  pre: number;
  position: number | null;
}

export function hasShardSchema(sql: SqlStorage): boolean {
  return sql.exec("select 1 from sqlite_master where type = 'table' and name = 'meta'").toArray().length > 0;
}

export function createShardSchema(sql: SqlStorage): void {
  sql.exec(`
    create table if not exists meta (
      id integer primary key check (id = 1),
      drop_id text not null,
      shard integer not null,
      frozen integer not null default 0,
      preplaced integer not null default 0,
      admitted_through integer not null default 0,
      sold_out_at integer,
      closed_at integer,
      pace real not null default 0,
      units_left integer,
      next_tick_at integer not null default 0,
      nudged_at integer not null default 0,
      queue_message text,
      stock_message text,
      stock_version integer not null default -1,
      stock_at integer not null default 0,
      subscribed integer not null default 0
    );
    create table if not exists tickets (
      id text primary key,
      email text not null unique,
      origin text,
      joined_at integer not null,
      rand integer not null,
      pre integer not null,
      position integer unique
    );
    create index if not exists tickets_unplaced on tickets (pre, position, joined_at);
    create table if not exists admission_batches (from_pos integer primary key, to_pos integer not null, admitted_at integer not null, expires_at integer not null);
  `);
}
