import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * On-hand history SQL: `on_hand_daily`, the lowest on hand recorded per item and UTC day (see the
 * migration 1764600100000-on-hand-daily.ts). A record is written only for an item whose history has
 * begun — a count above zero, or a movement from above zero to zero or below — so catalogs that do
 * not keep their on hand (imported at 0) have none. A record of the same day is replaced only by a
 * lower one: counting twice a day writes nothing new.
 */
@Injectable()
export class OnHandRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The nightly count: every active item's on hand as a record of `day`, in one statement.
   * Returns how many rows it wrote (new days, or a day's lower count).
   */
  async recordActiveOnHand(day: string, recordedAt: Date, manager: EntityManager = this.db.manager): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO on_hand_daily AS h (item_id, day, lowest_on_hand, recorded_at)
       SELECT i.id, $1::date, i.on_hand, $2::timestamptz FROM inventory_items i
        WHERE i.active AND (i.on_hand > 0 OR EXISTS (SELECT 1 FROM on_hand_daily p WHERE p.item_id = i.id))
       ON CONFLICT (item_id, day) DO UPDATE SET lowest_on_hand = EXCLUDED.lowest_on_hand, recorded_at = EXCLUDED.recorded_at
        WHERE EXCLUDED.lowest_on_hand < h.lowest_on_hand
       RETURNING 1`,
      [day, recordedAt],
    );
    return rows.length;
  }

  /** Deletes the records of days before `day` (the nightly count keeps the forecast history's window). */
  async deleteBefore(day: string, manager: EntityManager = this.db.manager): Promise<number> {
    // The BRIN index knows only the page ranges it has summarized (vacuum does it, later): the
    // pages the count just appended are summarized here, so the delete reads only the oldest ranges.
    await manager.query(`SELECT brin_summarize_new_values('on_hand_daily_day')`);
    const [, deleted]: [unknown, number] = await manager.query(`DELETE FROM on_hand_daily WHERE day < $1::date`, [day]);
    return deleted;
  }

  /**
   * A stock movement of one item to `onHand` on `day` (written when the stock is at or below zero
   * and was above zero before, or the item's history has begun).
   */
  async recordMovement(itemId: string, day: string, before: string, onHand: string, recordedAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO on_hand_daily AS h (item_id, day, lowest_on_hand, recorded_at)
       SELECT $1::uuid, $2::date, $4::numeric, $5::timestamptz
        WHERE $3::numeric > 0 OR EXISTS (SELECT 1 FROM on_hand_daily p WHERE p.item_id = $1::uuid)
       ON CONFLICT (item_id, day) DO UPDATE SET lowest_on_hand = EXCLUDED.lowest_on_hand, recorded_at = EXCLUDED.recorded_at
        WHERE EXCLUDED.lowest_on_hand < h.lowest_on_hand`,
      [itemId, day, before, onHand, recordedAt],
    );
  }

  /**
   * Existing items written by an import or upsertItems with on hand ≤ 0 (their on hand before the
   * write in `before`): a record of `day` for each whose stock is now at or below zero
   * and was above zero before, or whose history has begun. One statement.
   */
  async recordMovementsToZero(items: readonly { itemId: string; before: string }[], day: string, recordedAt: Date, manager: EntityManager): Promise<number> {
    if (items.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO on_hand_daily AS h (item_id, day, lowest_on_hand, recorded_at)
       SELECT i.id, $3::date, i.on_hand, $4::timestamptz FROM unnest($1::uuid[], $2::numeric[]) AS b(id, before) JOIN inventory_items i ON i.id = b.id
        WHERE i.on_hand <= 0 AND (b.before > 0 OR EXISTS (SELECT 1 FROM on_hand_daily p WHERE p.item_id = i.id))
       ON CONFLICT (item_id, day) DO UPDATE SET lowest_on_hand = EXCLUDED.lowest_on_hand, recorded_at = EXCLUDED.recorded_at
        WHERE EXCLUDED.lowest_on_hand < h.lowest_on_hand
       RETURNING 1`,
      [items.map((i) => i.itemId), items.map((i) => i.before), day, recordedAt],
    );
    return rows.length;
  }

  /** Days in [fromDay, toDay] with on hand ≤ 0, per item (all items when `itemIds` is null), oldest first. */
  async outOfStockDays(itemIds: readonly string[] | null, fromDay: string, toDay: string, manager: EntityManager = this.db.manager): Promise<Map<string, string[]>> {
    const rows: { item_id: string; day: string }[] = await manager.query(
      `SELECT item_id, day::text AS day FROM on_hand_daily
        WHERE lowest_on_hand <= 0 AND day >= $2::date AND day <= $3::date AND ($1::uuid[] IS NULL OR item_id = ANY($1))
        ORDER BY item_id, day`,
      [itemIds === null ? null : [...itemIds], fromDay, toDay],
    );
    const byItem = new Map<string, string[]>();
    for (const r of rows) byItem.set(r.item_id, [...(byItem.get(r.item_id) ?? []), r.day]);
    return byItem;
  }
}
