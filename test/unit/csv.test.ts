import { describe, expect, it } from "vitest";
import { csvRow } from "../../src/shared/csv";

describe("CSV rows", () => {
  it("leave plain cells alone, write numbers as they are and null as empty, and end with CRLF", () => {
    expect(csvRow(["fan@example.com", 3, null, "2026-01-01T00:00:00.000Z"])).toBe("fan@example.com,3,,2026-01-01T00:00:00.000Z\r\n");
  });

  it("quote a cell with a comma, quote, CR or LF, doubling its quotes", () => {
    expect(csvRow(['say "hi", then', "a\nb", "c\rd"])).toBe('"say ""hi"", then","a\nb","c\rd"\r\n');
  });

  it("make every cell that a spreadsheet would run as a formula text, with a leading apostrophe", () => {
    expect(csvRow(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\r=x"])).toBe(`'=1+1,'+1,'-1,'@SUM(A1),'\tx,"'\r=x"\r\n`);
    expect(csvRow(["a=1", "x-1"])).toBe("a=1,x-1\r\n");
  });
});
