// A creator's accent colour made readable: text on an accent button, and the accent as text (links, prices) on the
// light and the dark page background, each darkened or lightened just enough for WCAG AA contrast (4.5:1). The
// creator picks any colour; the page never gets an unreadable one.

/** The light page background (storefront.css --bg); cards are white, which reads better still. */
const LIGHT_BG = [247, 246, 243];
const DARK_BG = [24, 24, 28];
const AA = 4.5;

type Rgb = number[];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const hexOf = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: Rgb | string, b: Rgb | string): number {
  const [x, y] = [a, b].map((c) => luminance(typeof c === "string" ? rgbOf(c) : c));
  return (Math.max(x!, y!) + 0.05) / (Math.min(x!, y!) + 0.05);
}

/** The colour mixed toward `toward` in 5 % steps until it reads on `bg`. */
function readableOn(rgb: Rgb, bg: Rgb, toward: number): string {
  for (let t = 0; t <= 1; t += 0.05) {
    const mixed = rgb.map((c) => Math.round(c + (toward - c) * t));
    if (contrast(mixed, bg) >= AA) return hexOf(mixed);
  }
  return hexOf([toward, toward, toward]);
}

export interface AccentColours {
  accent: string;
  /** Text on an accent background: white or black, whichever reads better. */
  onAccent: string;
  /** The accent as text on the light page. */
  text: string;
  /** The accent as text on the dark page. */
  textDark: string;
}

export function accentColours(hex: string): AccentColours {
  const rgb = rgbOf(hex);
  return {
    accent: hex.toLowerCase(),
    onAccent: contrast(rgb, [255, 255, 255]) >= contrast(rgb, [0, 0, 0]) ? "#ffffff" : "#000000",
    text: readableOn(rgb, LIGHT_BG, 0),
    textDark: readableOn(rgb, DARK_BG, 255),
  };
}

/** The page's CSS custom properties for an accent (the stylesheet's defaults stand for none). */
export function accentCss(hex: string): string {
  const c = accentColours(hex);
  return `:root{--accent:${c.accent};--on-accent:${c.onAccent};--accent-text:${c.text}}@media(prefers-color-scheme:dark){:root{--accent-text:${c.textDark}}}`;
}
