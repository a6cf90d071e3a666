// Newest-first lists keyed by time-ordered ids: stores fetch `limit + 1` rows and cut them with `pageOf`; use cases
// answer `{ items, nextCursor }` with `cursorPage`, the cursor being the opaque id of the last item.
import { DomainError } from "./errors";
import { idPattern } from "./ids";

const ANY_ID = idPattern();

export function encodeCursor(lastId: string): string {
  return btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  try {
    const id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    if (ANY_ID.test(id)) return id;
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

export function cursorPage<T extends { id: string }, U>(page: Page<T>, view: (item: T) => U): { items: U[]; nextCursor: string | null } {
  const last = page.items.at(-1);
  return { items: page.items.map(view), nextCursor: page.hasMore && last ? encodeCursor(last.id) : null };
}
