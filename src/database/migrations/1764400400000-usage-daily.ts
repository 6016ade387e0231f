import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage kept by day (issue 9): `usage_daily` holds each (item, day) as imported; `usage_history`
 * stays the weekly series the forecasts read, now derived:
 *   usage_history.quantity = usage_history.weekly_quantity + Σ usage_daily of that ISO week,
 * where weekly_quantity is the part recorded as a weekly total (weekly files, recordUsage, the
 * demo catalog, and every row that existed before this migration). A weekly write replaces its
 * week (sets weekly_quantity and drops that week's daily rows); a daily write sets its day and
 * re-derives the week.
 *
 * Also per-item order-review period (null: the supplier's), and room for derived sums: a week of
 * seven days of up to 1e11 each needs more than numeric(14,3), and the annual value (52 weeks ×
 * unit cost) more than numeric(16,2).
 */
export class UsageDaily1764400400000 implements MigrationInterface {
  name = 'UsageDaily1764400400000';

  async up(q: QueryRunner): Promise<void> {
    // No per-row foreign key: its check (a key-share lock on the item per row) was ~45 % of a
    // daily import's insert (200,000 rows). Rows are only written joined to inventory_items in
    // the importing transaction; deleting items removes their days by the statement trigger below.
    await q.query(`
      CREATE TABLE usage_daily (
        item_id uuid NOT NULL,
        day date NOT NULL CHECK (day >= DATE '1970-01-01'),
        quantity numeric(14,3) NOT NULL CHECK (quantity >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, day)
      )`);
    await q.query(`
      CREATE FUNCTION usage_daily_drop_deleted_items() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM usage_daily d USING deleted_items g WHERE d.item_id = g.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER inventory_items_drop_usage_daily AFTER DELETE ON inventory_items
        REFERENCING OLD TABLE AS deleted_items FOR EACH STATEMENT EXECUTE FUNCTION usage_daily_drop_deleted_items()`);
    // Today's rows are weekly totals: they stay so, as the weekly part of their week.
    await q.query(`ALTER TABLE usage_history ADD COLUMN weekly_quantity numeric(14,3)`);
    await q.query(`UPDATE usage_history SET weekly_quantity = quantity`);
    await q.query(`ALTER TABLE usage_history ALTER COLUMN weekly_quantity SET DEFAULT 0, ALTER COLUMN weekly_quantity SET NOT NULL`);
    await q.query(`ALTER TABLE usage_history ADD CONSTRAINT usage_history_weekly_quantity_check CHECK (weekly_quantity >= 0)`);
    // Raising the precision of a numeric at the same scale does not rewrite the table.
    await q.query(`ALTER TABLE usage_history ALTER COLUMN quantity TYPE numeric(16,3)`);
    // The week of 1970-01-01 (a Thursday) starts on 1969-12-29.
    await q.query(`ALTER TABLE usage_history ADD CONSTRAINT usage_history_week_start_1970_check CHECK (week_start >= DATE '1969-12-29') NOT VALID`);
    await q.query(`ALTER TABLE inventory_items ALTER COLUMN annual_value TYPE numeric`);
    await q.query(`ALTER TABLE inventory_items ADD COLUMN review_period_days integer CHECK (review_period_days BETWEEN 1 AND 90)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory_items DROP COLUMN review_period_days`);
    await q.query(`ALTER TABLE inventory_items ALTER COLUMN annual_value TYPE numeric(16,2)`);
    await q.query(`ALTER TABLE usage_history DROP CONSTRAINT usage_history_week_start_1970_check`);
    await q.query(`ALTER TABLE usage_history ALTER COLUMN quantity TYPE numeric(14,3)`);
    await q.query(`ALTER TABLE usage_history DROP COLUMN weekly_quantity`);
    await q.query(`DROP TRIGGER inventory_items_drop_usage_daily ON inventory_items`);
    await q.query(`DROP FUNCTION usage_daily_drop_deleted_items()`);
    await q.query(`DROP TABLE usage_daily`);
  }
}
