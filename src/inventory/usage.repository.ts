import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PhaseRecorder, timed } from './import-phases';

export interface WriteCounts {
  inserted: number;
  updated: number;
}

/** Quantities a usage_daily row holds: numeric(14,3). */
const MAX_DAILY_QUANTITY = '1e11';

/** The transaction lock daily merges take (pg_advisory_xact_lock key; any constant of its own). */
const DAILY_MERGE_LOCK = 7_301_964_201;

/**
 * Usage SQL: `usage_daily` (one row per item and day, as imported) and `usage_history` (the
 * weekly series, ISO weeks starting Monday UTC). The rule both keep:
 *
 *   usage_history.quantity = usage_history.weekly_quantity + Σ usage_daily of that week
 *
 * weekly_quantity is usage recorded as a weekly total (weekly files, recordUsage, the demo,
 * rows from before usage_daily). A weekly write replaces its week: it sets weekly_quantity and
 * deletes that week's daily rows. A daily write sets its days (not adds: re-sending a day
 * changes nothing) and re-derives the weeks it changed, in the caller's transaction.
 */
@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Weekly totals set per (item, week), replacing that week's daily rows. */
  async setWeeks(rows: { itemIds: string[]; weekStarts: string[]; quantities: string[] }, manager: EntityManager): Promise<WriteCounts> {
    const result: { inserted: boolean }[] = await manager.query(
      `WITH weeks AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::numeric[]) AS w(item_id, week_start, quantity)),
            cleared AS (DELETE FROM usage_daily d USING weeks w WHERE d.item_id = w.item_id AND d.day >= w.week_start AND d.day < w.week_start + 7)
       INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
       SELECT item_id, week_start, quantity, quantity FROM weeks
       ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = EXCLUDED.quantity, weekly_quantity = EXCLUDED.weekly_quantity, updated_at = now()
       WHERE (usage_history.quantity, usage_history.weekly_quantity) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.weekly_quantity)
       RETURNING (xmax = 0) AS inserted`,
      [rows.itemIds, rows.weekStarts, rows.quantities],
    );
    return counts(result);
  }

  /** Weekly usage of many items, newest `weeks` per item, oldest first (for DataLoader). */
  async recentWeeks(itemIds: readonly string[], weeks: number): Promise<Map<string, { weekStart: string; quantity: string }[]>> {
    const rows: { item_id: string; week_start: string; quantity: string }[] = await this.db.query(
      `SELECT item_id, week_start, quantity FROM (
         SELECT item_id, week_start, quantity, row_number() OVER (PARTITION BY item_id ORDER BY week_start DESC) AS n
           FROM usage_history WHERE item_id = ANY($1)) u
        WHERE n <= $2 ORDER BY item_id, week_start`,
      [[...itemIds], weeks],
    );
    const byItem = new Map<string, { weekStart: string; quantity: string }[]>();
    for (const r of rows) {
      const list = byItem.get(r.item_id) ?? [];
      list.push({ weekStart: r.week_start, quantity: r.quantity });
      byItem.set(r.item_id, list);
    }
    return byItem;
  }

  // ----- CSV import: a staging table per transaction, merged in a few statements

  /** The staging table of one import (dropped at commit): `day` is the day (daily files) or the Monday (weekly files). */
  async createStaging(manager: EntityManager): Promise<void> {
    await manager.query(`CREATE TEMP TABLE usage_staging (line integer NOT NULL, sku text NOT NULL, day date NOT NULL, quantity numeric(14,3) NOT NULL) ON COMMIT DROP`);
  }

  stage(rows: { lines: number[]; skus: string[]; days: string[]; quantities: string[] }, manager: EntityManager): Promise<unknown> {
    return manager.query(`INSERT INTO usage_staging SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::numeric[])`, [rows.lines, rows.skus, rows.days, rows.quantities]);
  }

  /**
   * Sums the staged lines per (SKU, day) once, joined to the catalog, into `usage_staged_days`
   * (analyzed, so the merges below are planned on real row counts), and says what the checks
   * need: how many keys, and whether any SKU is unknown, any day overflows, any key repeats.
   * The line-level checks below run only when their count is not zero; after `unstage` the
   * summary is made again. One pass over the staged lines instead of one per check.
   */
  async summarizeStaged(manager: EntityManager): Promise<StagedSummary> {
    await manager.query(`DROP TABLE IF EXISTS usage_staged_days`);
    await manager.query(
      `CREATE TEMP TABLE usage_staged_days ON COMMIT DROP AS
       SELECT i.id AS item_id, s.sku, s.day, sum(s.quantity) AS quantity, count(*)::int AS lines
         FROM usage_staging s LEFT JOIN inventory_items i ON i.sku = s.sku GROUP BY s.sku, s.day, i.id`,
    );
    await manager.query(`ANALYZE usage_staged_days`);
    const [summary]: StagedSummary[] = await manager.query(
      `SELECT count(*)::int AS keys, count(*) FILTER (WHERE item_id IS NULL)::int AS unknown,
              count(*) FILTER (WHERE quantity >= ${MAX_DAILY_QUANTITY})::int AS overflowing, count(*) FILTER (WHERE lines > 1)::int AS repeated
         FROM usage_staged_days`,
    );
    return summary;
  }

  /** Staged lines whose SKU is not in the catalog. */
  stagedUnknownSkus(manager: EntityManager): Promise<{ line: number; sku: string }[]> {
    return manager.query(`SELECT s.line, s.sku FROM usage_staging s LEFT JOIN inventory_items i ON i.sku = s.sku WHERE i.id IS NULL ORDER BY s.line`);
  }

  /** Staged lines that repeat an earlier line's SKU and day (weekly files: a week has one total). */
  stagedRepeats(manager: EntityManager): Promise<{ line: number; first: number }[]> {
    return manager.query(
      `SELECT line, first FROM (SELECT line, min(line) OVER w AS first, row_number() OVER (w ORDER BY line) AS n
         FROM usage_staging WINDOW w AS (PARTITION BY sku, day)) d WHERE n > 1 ORDER BY line`,
    );
  }

  /** Staged lines of a (SKU, day) whose lines add up to more than a day's row can hold. */
  stagedOverflowingDays(manager: EntityManager): Promise<{ line: number; sku: string; day: string }[]> {
    return manager.query(
      `SELECT s.line, s.sku, s.day::text AS day FROM usage_staging s
         JOIN usage_staged_days o ON o.sku = s.sku AND o.day = s.day AND o.quantity >= ${MAX_DAILY_QUANTITY} ORDER BY s.line`,
    );
  }

  async unstage(lines: readonly number[], manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM usage_staging WHERE line = ANY($1)', [[...lines]]);
  }

  /** Weekly file: each staged (SKU, Monday) sets its week, replacing the week's daily rows (after summarizeStaged; repeats unstaged). */
  async mergeStagedWeeks(manager: EntityManager): Promise<WriteCounts> {
    const result: { inserted: boolean }[] = await manager.query(
      `WITH weeks AS (SELECT item_id, day AS week_start, quantity FROM usage_staged_days WHERE item_id IS NOT NULL),
            cleared AS (DELETE FROM usage_daily d USING weeks w WHERE d.item_id = w.item_id AND d.day >= w.week_start AND d.day < w.week_start + 7)
       INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
       SELECT item_id, week_start, quantity, quantity FROM weeks
       ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = EXCLUDED.quantity, weekly_quantity = EXCLUDED.weekly_quantity, updated_at = now()
       WHERE (usage_history.quantity, usage_history.weekly_quantity) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.weekly_quantity)
       RETURNING (xmax = 0) AS inserted`,
    );
    return counts(result);
  }

  /**
   * Daily file: each staged (SKU, day) sets its usage_daily row (lines of the same day in one
   * file are summed first, by summarizeStaged), then the weeks whose days changed are
   * re-derived. Unchanged days write nothing, so re-importing a file touches no row.
   *
   * Days that exist and differ are updated, new days inserted by an anti-join: a plain insert
   * costs about half of `INSERT … ON CONFLICT DO UPDATE` (200,000 new days: 2.2 s against 3.4 s).
   * Without ON CONFLICT a concurrent insert of the same day would fail the import, so daily merges
   * take a transaction lock of their own (only daily merges insert days; weekly writes delete them).
   */
  async mergeStagedDays(manager: EntityManager, phases?: PhaseRecorder): Promise<WriteCounts> {
    await manager.query(`SELECT pg_advisory_xact_lock(${DAILY_MERGE_LOCK})`);
    await manager.query(`CREATE TEMP TABLE usage_changed_weeks (item_id uuid NOT NULL, week_start date NOT NULL, inserted integer NOT NULL, updated integer NOT NULL) ON COMMIT DROP`);
    await timed(phases, 'merge: days updated', () => manager.query(
      `WITH changed AS (
         UPDATE usage_daily d SET quantity = s.quantity, updated_at = now()
           FROM usage_staged_days s
          WHERE s.item_id IS NOT NULL AND d.item_id = s.item_id AND d.day = s.day AND d.quantity IS DISTINCT FROM s.quantity
         RETURNING d.item_id, d.day)
       INSERT INTO usage_changed_weeks SELECT item_id, date_trunc('week', day)::date, 0, count(*) FROM changed GROUP BY 1, 2`,
    ));
    // Rows in key order: the primary-key index is then walked in order.
    await timed(phases, 'merge: days inserted', () => manager.query(
      `WITH changed AS (
         INSERT INTO usage_daily (item_id, day, quantity)
         SELECT s.item_id, s.day, s.quantity FROM usage_staged_days s
          WHERE s.item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM usage_daily d WHERE d.item_id = s.item_id AND d.day = s.day)
          ORDER BY s.item_id, s.day
         RETURNING item_id, day)
       INSERT INTO usage_changed_weeks SELECT item_id, date_trunc('week', day)::date, count(*), 0 FROM changed GROUP BY 1, 2`,
    ));
    // Real row counts for the re-derivation's plan: without them PostgreSQL guessed a tenth of
    // the weeks and its grouping spilled to disk.
    await manager.query(`ANALYZE usage_changed_weeks`);
    // A separate statement: it must see the daily rows written above. A week can be listed twice
    // (days updated and days inserted): once here.
    await timed(phases, 'merge: weeks re-derived', () => manager.query(
      `INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
       SELECT w.item_id, w.week_start, sum(d.quantity), 0
         FROM (SELECT DISTINCT item_id, week_start FROM usage_changed_weeks) w
         JOIN usage_daily d ON d.item_id = w.item_id AND d.day >= w.week_start AND d.day < w.week_start + 7
        GROUP BY w.item_id, w.week_start
       ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = usage_history.weekly_quantity + EXCLUDED.quantity, updated_at = now()`,
    ));
    const [totals]: { inserted: number; updated: number }[] = await manager.query(
      `SELECT COALESCE(sum(inserted), 0)::int AS inserted, COALESCE(sum(updated), 0)::int AS updated FROM usage_changed_weeks`,
    );
    await manager.query(`DROP TABLE usage_changed_weeks`);
    return totals;
  }
}

/** What summarizeStaged found: distinct (SKU, day) keys, and how many are of an unknown SKU, overflow a day's row, or repeat. */
export interface StagedSummary {
  keys: number;
  unknown: number;
  overflowing: number;
  repeated: number;
}

function counts(result: { inserted: boolean }[]): WriteCounts {
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}
