// The demo store's artwork, drawn in code as SVG (shapes and gradients only: no text, so no font is needed) and
// rasterized by the Images binding when the store is seeded. One visual identity throughout — Nova's "Midnight" tour:
// a moon over layered mountains in a dusk sky, an equalizer skyline — on a tee, a poster, stems, a zine and a badge.

/** A small seeded PRNG (mulberry32): the same stars and waveforms on every seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const svg = (w: number, h: number, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;
const stops = (colors: string[]) => colors.map((c, i) => `<stop offset="${r1(i / (colors.length - 1))}" stop-color="${c}"/>`).join("");
const linear = (id: string, colors: string[], [x1, y1, x2, y2] = [0, 0, 0, 1]) => `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stops(colors)}</linearGradient>`;
const radial = (id: string, colors: string[]) => `<radialGradient id="${id}">${stops(colors)}</radialGradient>`;
const blur = (id: string, deviation: number) => `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${deviation}"/></filter>`;

const DUSK = ["#0b1026", "#2e1065", "#86198f", "#f472b6", "#fdba74"];
const NIGHT = ["#0b1026", "#1e1b4b", "#3b0764"];

function stars(seed: number, count: number, [x, y, w, h]: [number, number, number, number], max = 2.6) {
  const next = random(seed);
  let out = "";
  for (let i = 0; i < count; i++) out += `<circle cx="${r1(x + next() * w)}" cy="${r1(y + next() * h)}" r="${r1(0.6 + next() * max)}" fill="#fff" opacity="${r1(0.25 + next() * 0.75)}"/>`;
  return out;
}

/** A mountain ridge across [x, x + w], peaks up to `height` above `base`, closed down to `bottom`. */
function ridge(seed: number, x: number, w: number, base: number, height: number, bottom: number, fill: string, steps = 9) {
  const next = random(seed);
  const points = [`${x},${bottom}`, `${x},${base}`];
  for (let i = 1; i < steps; i++) points.push(`${r1(x + (w * (i - 0.5 + next() * 0.4)) / steps)},${r1(base - height * (0.35 + next() * 0.65))}`);
  points.push(`${x + w},${base}`, `${x + w},${bottom}`);
  return `<polygon points="${points.join(" ")}" fill="${fill}"/>`;
}

/** Equalizer bars standing on `base`, like a skyline. */
function equalizer(seed: number, x: number, w: number, base: number, height: number, count: number, fill: string, tip?: string) {
  const next = random(seed);
  const step = w / count;
  let out = "";
  for (let i = 0; i < count; i++) {
    const h = height * (0.2 + 0.8 * Math.abs(Math.sin(i * 0.37 + next())) * (0.55 + next() * 0.45));
    const bx = r1(x + i * step + step * 0.12);
    out += `<rect x="${bx}" y="${r1(base - h)}" width="${r1(step * 0.76)}" height="${r1(h + 2)}" rx="${r1(step * 0.2)}" fill="${fill}"/>`;
    if (tip && next() > 0.55) out += `<rect x="${bx}" y="${r1(base - h - step * 0.9)}" width="${r1(step * 0.76)}" height="${r1(step * 0.5)}" rx="${r1(step * 0.2)}" fill="${tip}"/>`;
  }
  return out;
}

/** The tour's emblem: a moon over mountains in a dusk sky, in a circle of radius r. `id` keeps its definitions apart. */
function emblem(id: string, cx: number, cy: number, r: number) {
  return (
    `<defs><clipPath id="${id}c"><circle cx="${cx}" cy="${cy}" r="${r}"/></clipPath>${linear(`${id}s`, DUSK)}${radial(`${id}g`, ["#fef3c7", "#fef3c7", "#fde68a00"])}</defs>` +
    `<g clip-path="url(#${id}c)"><rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" fill="url(#${id}s)"/>` +
    stars(cx + r, Math.round(r / 6), [cx - r, cy - r, 2 * r, r * 0.9], r / 110) +
    `<circle cx="${cx + r * 0.18}" cy="${cy - r * 0.12}" r="${r * 0.62}" fill="url(#${id}g)" opacity=".55"/><circle cx="${cx + r * 0.18}" cy="${cy - r * 0.12}" r="${r * 0.3}" fill="#fef3c7"/>` +
    ridge(r + 1, cx - r, 2 * r, cy + r * 0.42, r * 0.55, cy + r, "#7e22ce") +
    ridge(r + 2, cx - r, 2 * r, cy + r * 0.62, r * 0.45, cy + r, "#3b0764") +
    equalizer(r + 3, cx - r, 2 * r, cy + r, r * 0.4, 18, "#0b1026") +
    `</g><circle cx="${cx}" cy="${cy}" r="${r - r * 0.02}" fill="none" stroke="#fef3c7" stroke-width="${r1(r * 0.04)}" opacity=".9"/>`
  );
}

const shadow = (cx: number, cy: number, rx: number, ry: number, opacity = 0.35) =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="#1e1b4b" opacity="${opacity}" filter="url(#soft)"/>`;

/** A tee, front or back, in a 1000-wide box at (x, y) scaled by s. */
function tee(x: number, y: number, s: number, back: boolean, fill: string) {
  const neck = back ? "Q 500 205 620 170" : "Q 500 265 620 170";
  const body = `M 380 170 ${neck} L 770 215 L 915 375 L 805 460 L 730 395 L 735 880 Q 500 905 265 880 L 270 395 L 195 460 L 85 375 L 230 215 Z`;
  return (
    `<g transform="translate(${x} ${y}) scale(${s})"><path d="${body}" fill="${fill}"/>` +
    `<path d="M 380 170 ${neck}" fill="none" stroke="#374151" stroke-width="16" stroke-linecap="round"/>` +
    `<path d="M 270 400 L 270 870 M 730 400 L 735 870" stroke="#fff" stroke-width="6" opacity=".05"/>` +
    `</g>`
  );
}

const SQUARE = 1200;
const softFilter = `<defs><filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="18"/></filter></defs>`;

export function banner(): string {
  const w = 1920;
  const h = 640;
  return svg(
    w,
    h,
    `<defs>${linear("sky", ["#0b1026", "#1e1b4b", "#4c1d95", "#db2777", "#fb923c", "#fb923c"])}${radial("glow", ["#fef3c7", "#fde68a80", "#f472b600"])}${linear("beam", ["#c4b5fd00", "#c4b5fd55"])}</defs>` +
      `<rect width="${w}" height="${h}" fill="url(#sky)"/>` +
      stars(7, 170, [0, 0, w, h * 0.6]) +
      `<circle cx="1410" cy="250" r="300" fill="url(#glow)" opacity=".55"/><circle cx="1410" cy="250" r="118" fill="#fef3c7"/><circle cx="1378" cy="226" r="22" fill="#fde68a" opacity=".7"/><circle cx="1452" cy="290" r="14" fill="#fde68a" opacity=".6"/>` +
      `<polygon points="700,${h} 860,${h} 520,40" fill="url(#beam)" opacity=".5"/><polygon points="1060,${h} 1220,${h} 1400,30" fill="url(#beam)" opacity=".4"/>` +
      ridge(11, 0, w, 530, 150, h, "#6b21a8", 14) +
      ridge(12, 0, w, 590, 120, h, "#3b0764", 12) +
      equalizer(13, 0, w, h, 110, 72, "#0b1026", "#f472b6"),
  );
}

/** Bold enough to read at 40 px: the emblem nearly filling a record's label, a few grooves around it. */
export function avatar(): string {
  const s = 512;
  let grooves = "";
  for (let r = 214; r < 250; r += 7) grooves += `<circle cx="256" cy="256" r="${r}" fill="none" stroke="#4c1d95" stroke-width="2" opacity=".8"/>`;
  return svg(s, s, `<defs>${radial("bg", ["#1e1b4b", "#0b1026"])}</defs><rect width="${s}" height="${s}" fill="url(#bg)"/>${grooves}${emblem("av", 256, 256, 206)}`);
}

export function teeFront(): string {
  return svg(SQUARE, SQUARE, `${softFilter}<defs>${linear("bg", ["#ede9fe", "#fbcfe8"], [0, 0, 1, 1])}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${shadow(600, 1040, 380, 36)}${tee(100, 120, 1, false, "#111827")}${emblem("tf", 600, 560, 130)}`);
}

export function teeBack(): string {
  let dates = "";
  for (let i = 0; i < 10; i++) {
    const y = 590 + i * 34;
    dates += `<rect x="478" y="${y}" width="${70 + ((i * 37) % 50)}" height="12" rx="6" fill="#fef3c7" opacity=".9"/><rect x="${600}" y="${y}" width="${90 + ((i * 53) % 60)}" height="12" rx="6" fill="#f472b6" opacity=".85"/>`;
  }
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("bg", ["#fbcfe8", "#ddd6fe"], [0, 0, 1, 1])}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${shadow(600, 1040, 380, 36)}${tee(100, 120, 1, true, "#111827")}` +
      `${emblem("tb", 600, 470, 70)}${dates}`,
  );
}

export function printDetail(): string {
  const pattern = `<pattern id="weave" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#111827"/><path d="M0 4h8M4 0v8" stroke="#1f2937" stroke-width="1.5"/></pattern>`;
  return svg(SQUARE, SQUARE, `<defs>${pattern}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#weave)"/>${emblem("pd", 600, 600, 430)}<rect width="${SQUARE}" height="${SQUARE}" fill="url(#weave)" opacity=".12"/>`);
}

/** A signature-like flourish (a drawn line, not letters). */
const flourish = (x: number, y: number, s: number, color: string, width: number) =>
  `<path transform="translate(${x} ${y}) scale(${s})" d="M0 40 C 20 -10 40 -10 35 30 S 50 70 70 20 S 95 -5 100 35 S 120 60 140 25 C 150 10 165 10 160 30 S 175 55 205 15 M 60 62 C 110 52 170 50 220 40" fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;

export function poster(): string {
  const [w, h] = [560, 792];
  const [x, y] = [(SQUARE - w) / 2, 190];
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("wall", ["#f5f0e8", "#e7dfd3"])}${linear("sheet", NIGHT)}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#wall)"/>` +
      `<rect x="${x + 14}" y="${y + 24}" width="${w}" height="${h}" fill="#1e1b4b" opacity=".35" filter="url(#soft)"/>` +
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="url(#sheet)"/>` +
      stars(21, 60, [x, y, w, h * 0.5], 1.6) +
      emblem("po", SQUARE / 2, y + 330, 210) +
      `<rect x="${x + 60}" y="${y + 590}" width="${w - 120}" height="16" rx="8" fill="#fef3c7" opacity=".9"/><rect x="${x + 60}" y="${y + 622}" width="${w - 300}" height="10" rx="5" fill="#f472b6" opacity=".8"/>` +
      equalizer(22, x, w, y + h, 70, 28, "#f472b6") +
      flourish(x + w - 240, y + 650, 0.85, "#e5e7eb", 5) +
      `<circle cx="${x + 10}" cy="${y + 10}" r="6" fill="#9ca3af"/><circle cx="${x + w - 10}" cy="${y + 10}" r="6" fill="#9ca3af"/>`,
  );
}

export function signatureDetail(): string {
  return svg(
    SQUARE,
    SQUARE,
    `<defs>${linear("paper", NIGHT, [0, 0, 1, 1])}${linear("silver", ["#f9fafb", "#9ca3af", "#f3f4f6"], [0, 0, 1, 0])}${radial("glow", ["#f472b680", "#f472b600"])}</defs>` +
      `<rect width="${SQUARE}" height="${SQUARE}" fill="url(#paper)"/><circle cx="300" cy="260" r="520" fill="url(#glow)"/>` +
      stars(31, 50, [0, 0, SQUARE, 600], 2.2) +
      equalizer(32, 0, SQUARE, SQUARE, 260, 30, "#f472b6", "#fef3c7") +
      flourish(170, 430, 3.6, "url(#silver)", 5.5) +
      `<circle cx="930" cy="880" r="86" fill="none" stroke="#fef3c7" stroke-width="6" opacity=".8"/><circle cx="930" cy="880" r="66" fill="none" stroke="#fef3c7" stroke-width="2" stroke-dasharray="6 8" opacity=".8"/><circle cx="930" cy="880" r="26" fill="#fef3c7" opacity=".85"/>`,
  );
}

/** Stems as stacked tracks of mirrored waveforms, each its own colour, with a playhead. */
export function stems(): string {
  const colors = ["#f59e0b", "#f472b6", "#a78bfa", "#22d3ee"];
  let tracks = "";
  colors.forEach((color, t) => {
    const next = random(40 + t);
    const top = 170 + t * 225;
    const mid = top + 95;
    tracks += `<rect x="90" y="${top}" width="1020" height="190" rx="22" fill="#fff" opacity=".04"/><circle cx="135" cy="${mid}" r="16" fill="${color}"/>`;
    for (let i = 0; i < 120; i++) {
      const env = Math.abs(Math.sin(i / (9 + t * 3))) * 0.7 + 0.3;
      const a = r1(80 * env * (0.25 + next() * 0.75));
      tracks += `<rect x="${180 + i * 7.6}" y="${r1(mid - a)}" width="4.4" height="${r1(2 * a)}" rx="2.2" fill="${color}" opacity="${i < 74 ? 1 : 0.45}"/>`;
    }
  });
  return svg(
    SQUARE,
    SQUARE,
    `<defs>${linear("bg", ["#0b1026", "#1e1b4b"])}${blur("glow", 6)}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${tracks}` +
      `<rect x="739" y="130" width="6" height="950" fill="#fff" filter="url(#glow)" opacity=".8"/><rect x="740" y="130" width="4" height="950" fill="#fff"/><polygon points="728,118 756,118 742,138" fill="#fff"/>`,
  );
}

/** A radial spectrum around the emblem, as a visualizer draws it. */
export function spectrum(): string {
  const next = random(50);
  let bars = "";
  for (let i = 0; i < 96; i++) {
    const angle = (i / 96) * 360;
    const length = 60 + 170 * Math.abs(Math.sin(i / 7)) * (0.4 + next() * 0.6);
    bars += `<rect x="596" y="${r1(600 - 300 - length)}" width="8" height="${r1(length)}" rx="4" fill="url(#bar)" transform="rotate(${r1(angle)} 600 600)"/>`;
  }
  return svg(
    SQUARE,
    SQUARE,
    `<defs>${radial("bg", ["#3b0764", "#1e1b4b", "#0b1026"])}<linearGradient id="bar" x1="0" y1="1" x2="0" y2="0">${stops(["#a78bfa", "#f472b6", "#fdba74"])}</linearGradient></defs>` +
      `<rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${stars(51, 80, [0, 0, SQUARE, SQUARE], 1.8)}${bars}${emblem("sp", 600, 600, 250)}`,
  );
}

/** Loose ink strokes around a shape, as a pen sketches it. */
function sketchCircle(seed: number, cx: number, cy: number, r: number, ink: string) {
  const next = random(seed);
  let out = "";
  for (let i = 0; i < 3; i++) out += `<ellipse cx="${r1(cx + (next() - 0.5) * 8)}" cy="${r1(cy + (next() - 0.5) * 8)}" rx="${r1(r + (next() - 0.5) * 10)}" ry="${r1(r + (next() - 0.5) * 10)}" fill="none" stroke="${ink}" stroke-width="3" opacity=".8"/>`;
  return out;
}

function hatch(x: number, y: number, w: number, h: number, ink: string) {
  let out = "";
  for (let i = 0; i < w; i += 14) out += `<line x1="${x + i}" y1="${y + h}" x2="${x + i + h * 0.6}" y2="${y}" stroke="${ink}" stroke-width="2" opacity=".5"/>`;
  return out;
}

export function zineCover(): string {
  const ink = "#1f2937";
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("desk", ["#fce7f3", "#ede9fe"], [0, 0, 1, 1])}${linear("paper", ["#fffbeb", "#fef3c7"])}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#desk)"/>` +
      `<g transform="rotate(-6 600 600)"><rect x="330" y="190" width="560" height="780" fill="#1e1b4b" opacity=".3" filter="url(#soft)"/><rect x="320" y="170" width="560" height="780" rx="6" fill="url(#paper)"/>` +
      `<rect x="320" y="170" width="18" height="780" fill="#fde68a"/><rect x="326" y="330" width="6" height="44" rx="2" fill="#9ca3af"/><rect x="326" y="760" width="6" height="44" rx="2" fill="#9ca3af"/>` +
      `<circle cx="640" cy="430" r="120" fill="#f472b6" opacity=".35"/>${sketchCircle(61, 660, 420, 110, ink)}` +
      `<polyline points="380,700 470,560 540,640 640,500 740,640 800,580 850,700" fill="none" stroke="${ink}" stroke-width="4" stroke-linejoin="round"/>` +
      hatch(400, 640, 420, 60, ink) +
      `<rect x="390" y="820" width="260" height="16" rx="8" fill="${ink}"/><rect x="390" y="852" width="170" height="10" rx="5" fill="#7c3aed"/></g>` +
      `<g transform="rotate(38 980 960)"><rect x="760" y="940" width="440" height="34" rx="6" fill="#7c3aed"/><rect x="760" y="940" width="70" height="34" fill="#f472b6"/><polygon points="1200,940 1260,957 1200,974" fill="#fde68a"/><polygon points="1244,952 1260,957 1244,962" fill="${ink}"/></g>`,
  );
}

export function zineSpread(): string {
  const ink = "#1f2937";
  let crowd = "";
  const next = random(71);
  for (let i = 0; i < 16; i++) crowd += `<circle cx="${r1(640 + i * 28 + next() * 8)}" cy="${r1(770 + (i % 3) * 12 + next() * 10)}" r="${r1(13 + next() * 5)}" fill="none" stroke="${ink}" stroke-width="3"/>`;
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("desk", ["#ede9fe", "#fce7f3"], [0, 0, 1, 1])}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#desk)"/>` +
      `<rect x="120" y="250" width="980" height="700" fill="#1e1b4b" opacity=".3" filter="url(#soft)"/><rect x="110" y="230" width="490" height="700" fill="#fffbeb"/><rect x="600" y="230" width="490" height="700" fill="#fef9ec"/><rect x="596" y="230" width="8" height="700" fill="#e7dfd3"/>` +
      `<circle cx="300" cy="470" r="130" fill="#a78bfa" opacity=".3"/><circle cx="420" cy="700" r="90" fill="#fdba74" opacity=".35"/>` +
      `<rect x="190" y="560" width="300" height="130" rx="24" fill="none" stroke="${ink}" stroke-width="4"/><rect x="420" y="580" width="70" height="60" rx="8" fill="none" stroke="${ink}" stroke-width="3"/>` +
      `${sketchCircle(72, 260, 700, 34, ink)}${sketchCircle(73, 430, 700, 34, ink)}<line x1="160" y1="735" x2="540" y2="735" stroke="${ink}" stroke-width="3"/>` +
      `<polyline points="170,420 260,330 330,390 420,300 520,410" fill="none" stroke="${ink}" stroke-width="3"/>${hatch(180, 380, 320, 40, ink)}` +
      `<polygon points="700,330 760,740 640,740" fill="#fde68a" opacity=".55"/><polygon points="990,330 1050,740 930,740" fill="#f9a8d4" opacity=".55"/>` +
      `<rect x="660" y="300" width="420" height="30" rx="6" fill="none" stroke="${ink}" stroke-width="4"/>${sketchCircle(74, 845, 560, 50, ink)}<line x1="845" y1="610" x2="845" y2="740" stroke="${ink}" stroke-width="4"/>${crowd}`,
  );
}

function star(cx: number, cy: number, outer: number, inner: number, points = 5) {
  const pts: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const r = i % 2 ? inner : outer;
    const a = (Math.PI * i) / points - Math.PI / 2;
    pts.push(`${r1(cx + r * Math.cos(a))},${r1(cy + r * Math.sin(a))}`);
  }
  return pts.join(" ");
}

export function badge(): string {
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("bg", ["#7c3aed", "#db2777"], [0, 0, 1, 1])}${linear("gold", ["#fde68a", "#f59e0b", "#b45309"], [0, 0, 1, 1])}</defs><rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${stars(81, 70, [0, 0, SQUARE, SQUARE], 2)}` +
      `<polygon points="430,760 520,760 520,1080 475,1030 430,1080" fill="#be185d"/><polygon points="680,760 770,760 770,1080 725,1030 680,1080" fill="#be185d"/>` +
      `<ellipse cx="600" cy="640" rx="330" ry="330" fill="#1e1b4b" opacity=".4" filter="url(#soft)"/><polygon points="${star(600, 600, 330, 250, 12)}" fill="url(#gold)"/>` +
      `<circle cx="600" cy="600" r="240" fill="#0b1026"/>${emblem("fc", 600, 600, 220)}` +
      `<polygon points="${star(600, 380, 34, 14)}" fill="#fde68a"/><path d="M 420 420 A 250 250 0 0 1 560 352" fill="none" stroke="#fff" stroke-width="14" stroke-linecap="round" opacity=".35"/>`,
  );
}

export function memberCard(): string {
  const [x, y, w, h] = [200, 330, 800, 504];
  let stripes = "";
  for (let i = -6; i < 16; i++) stripes += `<rect x="${x + i * 70}" y="${y - 200}" width="30" height="${h + 400}" fill="#fff" opacity=".07" transform="rotate(28 600 580)"/>`;
  return svg(
    SQUARE,
    SQUARE,
    `${softFilter}<defs>${linear("bg", ["#0b1026", "#1e1b4b"])}${linear("holo", ["#a78bfa", "#f472b6", "#fdba74", "#67e8f9", "#a78bfa"], [0, 0, 1, 1])}<clipPath id="card"><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="36"/></clipPath></defs>` +
      `<rect width="${SQUARE}" height="${SQUARE}" fill="url(#bg)"/>${stars(91, 90, [0, 0, SQUARE, SQUARE], 1.8)}` +
      `<g transform="rotate(-8 600 580)"><rect x="${x + 10}" y="${y + 40}" width="${w}" height="${h}" rx="36" fill="#000" opacity=".5" filter="url(#soft)"/>` +
      `<g clip-path="url(#card)"><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="url(#holo)"/>${stripes}</g>` +
      emblem("mc", x + 170, y + 170, 110) +
      `<rect x="${x + 560}" y="${y + 90}" width="150" height="110" rx="18" fill="#fde68a"/><path d="M ${x + 560} ${y + 145} h 150 M ${x + 610} ${y + 90} v 110 M ${x + 660} ${y + 90} v 110" stroke="#b45309" stroke-width="4" opacity=".6"/>` +
      `<rect x="${x + 60}" y="${y + 360}" width="420" height="26" rx="13" fill="#0b1026" opacity=".8"/><rect x="${x + 60}" y="${y + 406}" width="260" height="18" rx="9" fill="#0b1026" opacity=".55"/>` +
      `<polygon points="${star(x + 690, y + 400, 46, 20)}" fill="#0b1026" opacity=".75"/></g>`,
  );
}
