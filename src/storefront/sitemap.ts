// A creator's sitemap (https://www.sitemaps.org/protocol.html): the store's home, its active products and its drops
// not canceled nor ended, as absolute URLs with the time each last changed. Served through the page cache like the pages.
import type { CreatorRow } from "../db/creators-store";
import { iso } from "../shared/time";

interface Entry {
  slug: string;
  updatedAt: number;
}

export function sitemapXml(data: { creator: CreatorRow; products: Entry[]; drops: Entry[] }, origin: string): string {
  const home = `${origin}/${data.creator.handle}`;
  const latest = Math.max(data.creator.updatedAt, ...data.products.map((p) => p.updatedAt), ...data.drops.map((d) => d.updatedAt));
  // Handles and slugs are [a-z0-9-] and the origin is a parsed URL's: nothing here needs XML escaping.
  const url = (loc: string, at: number) => `<url><loc>${loc}</loc><lastmod>${iso(at)}</lastmod></url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(home, latest),
    ...data.products.map((p) => url(`${home}/products/${p.slug}`, p.updatedAt)),
    ...data.drops.map((d) => url(`${home}/drops/${d.slug}`, d.updatedAt)),
    "</urlset>",
  ].join("\n");
}
