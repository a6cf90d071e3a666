// HTTP Range for downloads (RFC 9110 §14): the one span to send for a `Range: bytes=…` header. Several ranges are
// coalesced into the span that covers them all (allowed by §14.2; R2 serves one range per read); a header that is
// not a valid bytes range is ignored, so the whole file is sent; no satisfiable range at all is a 416.
export type ByteRange = { kind: "whole" } | { kind: "range"; start: number; end: number } | { kind: "unsatisfiable" };

const SPEC = /^\s*(\d*)\s*-\s*(\d*)\s*$/;

export function parseRange(header: string | undefined, size: number): ByteRange {
  const match = header === undefined ? null : /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!match) return { kind: "whole" };
  let start = Infinity;
  let end = -1;
  for (const spec of match[1]!.split(",")) {
    const parts = SPEC.exec(spec);
    if (!parts || (parts[1] === "" && parts[2] === "")) return { kind: "whole" };
    const [first, last] = [parts[1] === "" ? null : Number(parts[1]), parts[2] === "" ? null : Number(parts[2])];
    if (first !== null && last !== null && last < first) return { kind: "whole" };
    // A suffix `-n` is the last n bytes (all of them when n ≥ size); `a-` runs to the end; `a-b` is cut at the end.
    const from = first ?? Math.max(0, size - last!);
    const to = first === null ? size - 1 : Math.min(last ?? size - 1, size - 1);
    const satisfiable = first === null ? last! > 0 && size > 0 : first < size;
    if (!satisfiable) continue;
    start = Math.min(start, from);
    end = Math.max(end, to);
  }
  return end < 0 ? { kind: "unsatisfiable" } : { kind: "range", start, end };
}
