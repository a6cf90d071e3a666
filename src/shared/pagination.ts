// Opaque cursors for newest-first lists keyed by time-ordered ids.
import { DomainError } from "./errors";

export function encodeCursor(lastId: string): string {
  return btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  try {
    const id = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    if (/^[a-z]+_[0-9a-z]{26}$/.test(id)) return id;
  } catch {
    // fall through to the error below
  }
  throw new DomainError("invalid_input", "The cursor is not valid.", [{ field: "cursor", message: "Unknown cursor." }]);
}
