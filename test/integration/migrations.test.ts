// Migrations that move data, replayed on an empty database of the tests' own: the rows an older schema held are
// written the old way, then the migration runs as `wrangler d1 migrations apply` would run it.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const upTo = (last: string) => env.TEST_MIGRATIONS.filter((m) => m.name <= last);

describe("0009_product_images", () => {
  it("copies each product's old image_key into product_images as its first, unmeasured image, then drops the column", async () => {
    const db = env.MIGRATION_DB;
    await applyD1Migrations(db, upTo("0008_email_html.sql"));
    const at = Date.UTC(2026, 10, 1);
    await db.batch([
      db.prepare("insert into creators (id, handle, display_name, email, currency, created_at, updated_at) values ('cre_1', 'old-store', 'Old', 'o@example.com', 'usd', ?1, ?1)").bind(at),
      db
        .prepare(
          "insert into products (id, creator_id, slug, title, kind, price_cents, currency, status, image_key, created_at, updated_at) values (?1, 'cre_1', ?2, ?3, 'physical', 1000, 'usd', 'active', ?4, ?5, ?5)",
        )
        .bind("prd_with", "tee", "Old Tee", "cre_1/prd_with/abc.png", at),
      db
        .prepare("insert into products (id, creator_id, slug, title, kind, price_cents, currency, status, image_key, created_at, updated_at) values (?1, 'cre_1', ?2, ?3, 'physical', 1000, 'usd', 'active', NULL, ?4, ?4)")
        .bind("prd_without", "mug", "Mug", at),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    const { results } = await db.prepare("select * from product_images").all();
    expect(results).toEqual([
      { id: expect.stringMatching(/^img_[0-9a-f]{26}$/), creator_id: "cre_1", product_id: "prd_with", key: "cre_1/prd_with/abc.png", width: null, height: null, alt: "Old Tee", position: 0, created_at: at },
    ]);
    const columns = (await db.prepare("select name from pragma_table_info('products')").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns).not.toContain("image_key");
    expect(columns).toContain("title");
  });
});
