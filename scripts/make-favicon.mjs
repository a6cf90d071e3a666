// Writes static/favicon.ico: a 16×16 and a 32×32 icon (32-bit BMP entries, which every browser reads), a rounded
// square in the storefront's default accent with a white drop shape, drawn pixel by pixel here so no image tool or network is
// needed. Run `node scripts/make-favicon.mjs` after changing the drawing; the output is committed.
import { writeFileSync } from "node:fs";
import path from "node:path";

/** The stylesheet's default accent (--accent in static/assets/storefront.css). */
const ACCENT = [0x6d, 0x28, 0xd9];

/** One icon's RGBA pixels, top row first: `inside(x, y)` in unit coordinates (0–1) decides each sample. */
function draw(size) {
  const px = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let square = 0;
      let drop = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          if (inSquare(u, v)) square++;
          if (inDrop(u, v)) drop++;
        }
      }
      const n = samples * samples;
      const white = drop / n;
      const i = (y * size + x) * 4;
      for (let ch = 0; ch < 3; ch++) px[i + ch] = Math.round(ACCENT[ch] * (1 - white) + 255 * white);
      px[i + 3] = Math.round((255 * square) / n);
    }
  }
  return px;
}

function inSquare(u, v) {
  const r = 0.2;
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** A water drop: a circle at the bottom that narrows to a point at the top. */
function inDrop(u, v) {
  const cx = 0.5;
  const cy = 0.62;
  const r = 0.22;
  if ((u - cx) ** 2 + (v - cy) ** 2 <= r * r) return true;
  const top = 0.16;
  if (v < top || v > cy) return false;
  const half = (r * (v - top)) / (cy - top);
  return Math.abs(u - cx) <= half;
}

/** A BMP entry of an ICO: BITMAPINFOHEADER (height doubled for the mask), BGRA rows bottom-up, then the AND mask. */
function bmp(size, rgba) {
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0);
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8);
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  let at = 40;
  for (let y = size - 1; y >= 0; y--) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      out[at++] = rgba[i + 2];
      out[at++] = rgba[i + 1];
      out[at++] = rgba[i];
      out[at++] = rgba[i + 3];
    }
  }
  // The AND mask stays all zero: the alpha channel decides transparency for 32-bit entries.
  return out;
}

const sizes = [16, 32];
const images = sizes.map((s) => bmp(s, draw(s)));
const header = Buffer.alloc(6 + 16 * sizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(sizes.length, 4);
let offset = header.length;
sizes.forEach((s, k) => {
  const e = 6 + 16 * k;
  header[e] = s;
  header[e + 1] = s;
  header.writeUInt16LE(1, e + 4);
  header.writeUInt16LE(32, e + 6);
  header.writeUInt32LE(images[k].length, e + 8);
  header.writeUInt32LE(offset, e + 12);
  offset += images[k].length;
});
const file = path.resolve(import.meta.dirname, "..", "static", "favicon.ico");
writeFileSync(file, Buffer.concat([header, ...images]));
console.log(`wrote ${file} (${offset} bytes)`);
