import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../src/jobs/consumer";

describe("job retry backoff", () => {
  it("the first retry waits 5 s and each later one twice as long", () => {
    expect([1, 2, 3, 4, 5].map(backoffSeconds)).toEqual([5, 10, 20, 40, 80]);
  });

  it("no retry waits more than 15 minutes", () => {
    expect(backoffSeconds(9)).toBe(900);
    expect(backoffSeconds(50)).toBe(900);
  });

  it("a first delivery (attempts 0 or 1) waits the base delay, never less", () => {
    expect(backoffSeconds(0)).toBe(5);
  });
});
