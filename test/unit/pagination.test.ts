import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/shared/errors";
import { cursorPage, decodeCursor, encodeCursor, pageOf } from "../../src/shared/pagination";

const ID = "ord_01jabcdefghjkmnpqrstvwxyz0";

const invalid = (cursor: string) => {
  try {
    decodeCursor(cursor);
  } catch (err) {
    return err instanceof DomainError ? err.code : "other error";
  }
  return "accepted";
};

describe("cursors", () => {
  it("a cursor reads back as the id it was made from", () => {
    expect(decodeCursor(encodeCursor(ID))).toBe(ID);
  });

  it("a cursor is opaque and URL-safe (no id in clear, no + / =)", () => {
    const cursor = encodeCursor(ID);
    expect(cursor).not.toContain(ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("no cursor, or an empty one, is the first page", () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor("")).toBeUndefined();
  });

  it.each([
    ["not base64", "%%%"],
    ["base64 of something that is not an id", btoa("select * from orders")],
    ["an id of the wrong shape", encodeCursor("ord_short")],
    ["a cursor with a character changed", encodeCursor(ID).slice(0, -2) + "!!"],
  ])("a tampered cursor (%s) is invalid_input, never a query", (_, cursor) => {
    expect(invalid(cursor)).toBe("invalid_input");
  });
});

describe("pages", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `ord_${String(i).padStart(26, "0")}` }));

  it("limit + 1 fetched rows make a full page with a cursor to the last item shown", () => {
    const page = cursorPage(pageOf(rows(4), 3), (r) => r.id);
    expect(page.items).toHaveLength(3);
    expect(decodeCursor(page.nextCursor!)).toBe(page.items[2]);
  });

  it("a page with exactly limit rows (or fewer) is the last one: no cursor", () => {
    expect(cursorPage(pageOf(rows(3), 3), (r) => r.id).nextCursor).toBeNull();
    expect(cursorPage(pageOf(rows(1), 3), (r) => r.id).nextCursor).toBeNull();
    expect(cursorPage(pageOf([], 3), (r) => r)).toEqual({ items: [], nextCursor: null });
  });

  it("items are shown through the view, in the order fetched", () => {
    expect(cursorPage(pageOf(rows(2), 5), (r) => r.id.slice(-1)).items).toEqual(["0", "1"]);
  });
});
