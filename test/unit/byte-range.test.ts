import { describe, expect, it } from "vitest";
import { parseRange } from "../../src/fulfillment/byte-range";

const SIZE = 1000;

describe("Range headers on downloads (RFC 9110 §14)", () => {
  it("no header is the whole file", () => {
    expect(parseRange(undefined, SIZE)).toEqual({ kind: "whole" });
  });

  it("a closed range is sent as asked", () => {
    expect(parseRange("bytes=0-99", SIZE)).toEqual({ kind: "range", start: 0, end: 99 });
  });

  it("an open range runs to the end of the file", () => {
    expect(parseRange("bytes=900-", SIZE)).toEqual({ kind: "range", start: 900, end: 999 });
  });

  it("a range past the end is cut at the last byte", () => {
    expect(parseRange("bytes=500-5000", SIZE)).toEqual({ kind: "range", start: 500, end: 999 });
  });

  it("a suffix range is the last n bytes, all of them when n covers the file", () => {
    expect(parseRange("bytes=-100", SIZE)).toEqual({ kind: "range", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", SIZE)).toEqual({ kind: "range", start: 0, end: 999 });
  });

  it("several ranges are coalesced into the one span that covers them", () => {
    expect(parseRange("bytes=0-9, 500-509", SIZE)).toEqual({ kind: "range", start: 0, end: 509 });
  });

  it("the unit and spaces are read leniently", () => {
    expect(parseRange("Bytes = 10 - 19", SIZE)).toEqual({ kind: "range", start: 10, end: 19 });
  });

  it.each(["items=0-9", "bytes=abc", "bytes=9-0", "bytes=-", "bytes="])("a header that is not a valid bytes range (%s) is ignored: the whole file", (header) => {
    expect(parseRange(header, SIZE)).toEqual({ kind: "whole" });
  });

  it("a range that starts past the end, or a zero suffix, is unsatisfiable (416)", () => {
    expect(parseRange("bytes=1000-", SIZE)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", SIZE)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("unsatisfiable parts are skipped when another part is satisfiable", () => {
    expect(parseRange("bytes=2000-2100, 0-9", SIZE)).toEqual({ kind: "range", start: 0, end: 9 });
  });
});
