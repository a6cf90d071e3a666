// Newest-first lists keyed by time-ordered ids: stores fetch `limit + 1` rows and cut them with `pageOf`; use cases
// answer `{ items, nextCursor }` with `cursorPage`, the cursor being the opaque id (or other key) of the last item.
import { DomainError } from "./errors";
import { idPattern } from "./ids";

const ANY_ID = idPattern();

export function encodeCursor(lastId: string): string {
  return btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The key inside a cursor, checked against `shape` (an id by default) so junk never reaches a query. */
export function decodeCursor(cursor: string | undefined, shape = ANY_ID): string | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  try {
    const id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    if (shape.test(id)) return id;
  } catch {
    // fall through to the error below
  }
  throw new DomainError("invalid_input", "The cursor is not valid.", [{ field: "cursor", message: "Unknown cursor." }]);
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Cuts `limit + 1` fetched rows to a page, remembering whether more exist. */
export function pageOf<T>(rows: T[], limit: number): Page<T> {
  return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

export function cursorPage<T, U>(page: Page<T>, view: (item: T) => U, key = (item: T) => (item as { id: string }).id): { items: U[]; nextCursor: string | null } {
  const last = page.items.at(-1);
  return { items: page.items.map(view), nextCursor: page.hasMore && last ? encodeCursor(key(last)) : null };
}
