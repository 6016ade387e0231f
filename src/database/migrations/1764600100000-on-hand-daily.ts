import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On-hand history (issue 11, stock-out weeks), owned by the inventory module
 * (src/inventory/on-hand.repository.ts): `on_hand_daily` holds, per item and UTC day, the lowest
 * on hand recorded that day — the nightly count the cycle's preparation takes of every active item
 * (a second count the same day writes only when it is lower), and a stock movement that takes the
 * stock to 0 (`adjustStock`, an item import or `upsertItems`). An item's history begins at its first count above zero, so a catalog
 * that never kept its on hand (imported at 0) has none and no week of it is ever called a stock-out.
 * Stock-out weeks are derived from it (src/inventory/stockout-weeks.ts).
 *
 * No per-row foreign key (as usage_daily: the nightly count inserts one row per active item; rows
 * are only written joined to inventory_items); deleting items removes their rows by the statement
 * trigger below. The partial index serves the reads (the days an item was out of stock); days older
 * than the forecast history (104 weeks) and two more are deleted by the nightly count.
 */
export class OnHandDaily1764600100000 implements MigrationInterface {
  name = 'OnHandDaily1764600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE on_hand_daily (
        item_id uuid NOT NULL,
        day date NOT NULL,
        lowest_on_hand numeric(14,3) NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (item_id, day)
      )`);
    await q.query(`CREATE INDEX on_hand_daily_out_of_stock ON on_hand_daily (item_id, day) WHERE lowest_on_hand <= 0`);
    // The nightly count appends a day at a time, so rows lie in day order: a BRIN index (a few pages)
    // finds the days the count prunes past the history window.
    await q.query(`CREATE INDEX on_hand_daily_day ON on_hand_daily USING brin (day)`);
    await q.query(`
      CREATE FUNCTION on_hand_daily_drop_deleted_items() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM on_hand_daily h USING deleted_items g WHERE h.item_id = g.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER inventory_items_drop_on_hand_daily AFTER DELETE ON inventory_items
        REFERENCING OLD TABLE AS deleted_items FOR EACH STATEMENT EXECUTE FUNCTION on_hand_daily_drop_deleted_items()`);
    // The read cache's change notifications (1764600500000-table-change-notify.ts): on a fresh
    // database that migration, run after this one, puts its trigger on every table; on one where it
    // ran already, this table gets it here.
    await q.query(`
      DO $$ BEGIN
        IF to_regprocedure('nn_notify_changes_on(text)') IS NOT NULL THEN PERFORM nn_notify_changes_on('on_hand_daily'); END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER inventory_items_drop_on_hand_daily ON inventory_items`);
    await q.query(`DROP FUNCTION on_hand_daily_drop_deleted_items()`);
    await q.query(`DROP TABLE on_hand_daily`);
  }
}
