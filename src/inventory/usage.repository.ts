import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
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
 * changes nothing) and moves the weeks it changed by as much, in the caller's transaction.
 */
@Injectable()
export class UsageRepository {
  /** COPY for the import's staging on PostgreSQL (DATABASE_URL); the embedded PGlite has no COPY over its socket. */
  private readonly stagingByCopy: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.stagingByCopy = !!config.DATABASE_URL;
  }

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

  /** The catalog's SKUs, each with a dense index (for DayKeySet) and its item id, read in the import's transaction. */
  async skuIndex(manager: EntityManager): Promise<{ index: Map<string, number>; ids: string[] }> {
    const rows: { id: string; sku: string }[] = await manager.query(`SELECT id, sku FROM inventory_items`);
    const index = new Map<string, number>();
    rows.forEach((r, i) => index.set(r.sku, i));
    return { index, ids: rows.map((r) => r.id) };
  }

  /**
   * The staging table of one import (dropped at commit; `day` is the day of daily files, the
   * Monday of weekly files) and the way lines get into it: COPY on PostgreSQL — 40 % of the wall
   * time and of the node CPU of multi-row inserts of `unnest`ed arrays (1,000,000 lines: 1.7 s
   * against 4.0–4.3 s, 0.46 s CPU against 1.04–1.10 s; bench/import/staging.ts) — and those
   * inserts on the embedded PGlite, whose socket server does not speak COPY's sub-protocol (it
   * drops the connection).
   */
  async openStaging(manager: EntityManager): Promise<UsageStaging> {
    await manager.query(`CREATE TEMP TABLE usage_staging (line integer NOT NULL, item_id uuid NOT NULL, day date NOT NULL, quantity numeric(14,3) NOT NULL) ON COMMIT DROP`);
    return this.stagingByCopy ? copyStaging(manager) : insertStaging(manager);
  }

  /**
   * After the staging (lines unique per key, nothing to check): real row counts for the merge's
   * plan — a temp table is never analyzed by autovacuum.
   */
  async analyzeStaging(manager: EntityManager): Promise<void> {
    await manager.query(`ANALYZE usage_staging`);
  }

  /**
   * Only when the file repeats an (item, day): sums the staged lines per key into
   * `usage_staged_days` (analyzed, so the merge is planned on real row counts) and says what the
   * checks need — how many keys, and how many overflow a day's row or repeat. A single line cannot
   * overflow (its quantity is validated to fit numeric(14,3)), so a file without repeats skips this.
   * After `unstage` the summary is made again.
   */
  async summarizeStaged(manager: EntityManager): Promise<StagedSummary> {
    await manager.query(`DROP TABLE IF EXISTS usage_staged_days`);
    await manager.query(
      `CREATE TEMP TABLE usage_staged_days ON COMMIT DROP AS
       SELECT item_id, day, sum(quantity) AS quantity, count(*)::int AS lines FROM usage_staging GROUP BY item_id, day`,
    );
    await manager.query(`ANALYZE usage_staged_days`);
    const [summary]: StagedSummary[] = await manager.query(
      `SELECT count(*)::int AS keys, count(*) FILTER (WHERE quantity >= ${MAX_DAILY_QUANTITY})::int AS overflowing, count(*) FILTER (WHERE lines > 1)::int AS repeated
         FROM usage_staged_days`,
    );
    return summary;
  }

  /** Staged lines that repeat an earlier line's item and day (weekly files: a week has one total). */
  stagedRepeats(manager: EntityManager): Promise<{ line: number; first: number }[]> {
    return manager.query(
      `SELECT line, first FROM (SELECT line, min(line) OVER w AS first, row_number() OVER (w ORDER BY line) AS n
         FROM usage_staging WINDOW w AS (PARTITION BY item_id, day)) d WHERE n > 1 ORDER BY line`,
    );
  }

  /** Staged lines of an (item, day) whose lines add up to more than a day's row can hold (after summarizeStaged). */
  stagedOverflowingDays(manager: EntityManager): Promise<{ line: number; sku: string; day: string }[]> {
    return manager.query(
      `SELECT s.line, i.sku, s.day::text AS day FROM usage_staging s
         JOIN usage_staged_days o ON o.item_id = s.item_id AND o.day = s.day AND o.quantity >= ${MAX_DAILY_QUANTITY}
         JOIN inventory_items i ON i.id = s.item_id ORDER BY s.line`,
    );
  }

  async unstage(lines: readonly number[], manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM usage_staging WHERE line = ANY($1)', [[...lines]]);
  }

  /** Weekly file: each staged (item, Monday) sets its week, replacing the week's daily rows (repeats unstaged). */
  async mergeStagedWeeks(manager: EntityManager, source: StagedKeys): Promise<WriteCounts> {
    const result: { inserted: boolean }[] = await manager.query(
      `WITH weeks AS (SELECT item_id, day AS week_start, quantity FROM ${source}),
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
   * Daily file: each staged (item, day) — one per key: the staging table itself when the file
   * repeats no key, else the summed `usage_staged_days` — sets its usage_daily row; the
   * weeks whose days changed move by what their days changed. Unchanged days write nothing, so
   * re-importing a file touches no row.
   *
   * Days that exist and differ are updated, new days inserted by an anti-join: a plain insert
   * costs about half of `INSERT … ON CONFLICT DO UPDATE` (200,000 new days: 2.2 s against 3.4 s).
   * Without ON CONFLICT a concurrent insert of the same day would fail the import, so daily merges
   * take a transaction lock of their own (only daily merges insert days; weekly writes delete them).
   *
   * The weeks: usage_history.quantity = weekly_quantity + Σ days holds before the merge, so after
   * it each changed week is its old quantity + Σ (new − old) of its changed days (a new day's old
   * value is 0; a week with no row has no days yet). Adding that delta reads only the changed days;
   * re-deriving the weeks summed every day of them again from usage_daily (1,000,000 new days:
   * 7.5 s of a 37 s import).
   */
  async mergeStagedDays(manager: EntityManager, staged: StagedDays, phases?: PhaseRecorder): Promise<WriteCounts> {
    const source = staged.source;
    await manager.query(`SELECT pg_advisory_xact_lock(${DAILY_MERGE_LOCK})`);
    // The usual file brings days after the last ones imported: when no item of the file has a
    // day on or after its first staged day, every staged day is new — inserted without looking
    // each one up (1,000,000 lookups of the anti-join below), the weeks moved by the staged sums.
    // One index probe per item of the file decides it; daily merges hold the lock, so no day
    // can be inserted between this look and the insert.
    const [{ overlapping }]: { overlapping: number }[] = await timed(phases, 'merge: any staged day imported before?', () =>
      manager.query(
        `SELECT count(*)::int AS overlapping FROM unnest($1::uuid[], $2::int[]) AS f(item_id, first_day)
          WHERE EXISTS (SELECT 1 FROM usage_daily d WHERE d.item_id = f.item_id AND d.day >= DATE '1970-01-01' + f.first_day)`,
        [staged.itemIds, staged.firstEpochDays],
      ),
    );
    if (overlapping === 0) {
      // All days new: every week's delta is a sum of new days (≥ 0), so one upsert moves them.
      await timed(phases, 'merge: days inserted', () =>
        manager.query(`INSERT INTO usage_daily (item_id, day, quantity) SELECT item_id, day, quantity FROM ${source} ORDER BY item_id, day`),
      );
      await timed(phases, 'merge: weeks moved', () =>
        manager.query(
          `INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
           SELECT item_id, ${weekOf('day')}, sum(quantity), 0 FROM ${source} GROUP BY 1, 2 ORDER BY 1, 2
           ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = usage_history.quantity + EXCLUDED.quantity, updated_at = now()
           WHERE EXCLUDED.quantity <> 0`,
        ),
      );
      return { inserted: staged.keys, updated: 0 };
    }
    await manager.query(
      `CREATE TEMP TABLE usage_changed_weeks (item_id uuid NOT NULL, week_start date NOT NULL, delta numeric NOT NULL, inserted integer NOT NULL, updated integer NOT NULL) ON COMMIT DROP`,
    );
    await timed(phases, 'merge: days updated', () =>
      manager.query(
        `WITH differing AS (
           SELECT s.item_id, s.day, s.quantity, s.quantity - d.quantity AS delta
             FROM ${source} s JOIN usage_daily d ON d.item_id = s.item_id AND d.day = s.day
            WHERE d.quantity <> s.quantity),
         changed AS (
           UPDATE usage_daily d SET quantity = f.quantity, updated_at = now() FROM differing f
            WHERE d.item_id = f.item_id AND d.day = f.day
           RETURNING f.item_id, f.day, f.delta)
         INSERT INTO usage_changed_weeks SELECT item_id, ${weekOf('day')}, sum(delta), 0, count(*) FROM changed GROUP BY 1, 2`,
      ),
    );
    // Rows in key order: the primary-key index is then walked in order.
    await timed(phases, 'merge: days inserted', () =>
      manager.query(
        `WITH changed AS (
           INSERT INTO usage_daily (item_id, day, quantity)
           SELECT s.item_id, s.day, s.quantity FROM ${source} s
            WHERE NOT EXISTS (SELECT 1 FROM usage_daily d WHERE d.item_id = s.item_id AND d.day = s.day)
            ORDER BY s.item_id, s.day
           RETURNING item_id, day, quantity)
         INSERT INTO usage_changed_weeks SELECT item_id, ${weekOf('day')}, sum(quantity), count(*), 0 FROM changed GROUP BY 1, 2`,
      ),
    );
    // A week can be listed twice (days updated and days inserted): summed here. Weeks with a row
    // move by their delta (which may be negative: a day set lower), unless it is 0; weeks without
    // one have only new days, so their delta is their sum (≥ 0: an insert's proposed row must pass
    // the quantity check even when it then conflicts, hence the two statements).
    await timed(phases, 'merge: weeks moved', async () => {
      const deltas = `SELECT item_id, week_start, sum(delta) AS delta FROM usage_changed_weeks GROUP BY item_id, week_start`;
      await manager.query(
        `UPDATE usage_history h SET quantity = h.quantity + w.delta, updated_at = now() FROM (${deltas}) w
          WHERE h.item_id = w.item_id AND h.week_start = w.week_start AND w.delta <> 0`,
      );
      await manager.query(
        `INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
         SELECT item_id, week_start, delta, 0 FROM (${deltas}) w
          WHERE NOT EXISTS (SELECT 1 FROM usage_history h WHERE h.item_id = w.item_id AND h.week_start = w.week_start)
          ORDER BY item_id, week_start
         ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = usage_history.quantity + EXCLUDED.quantity, updated_at = now()`,
      );
    });
    const [totals]: { inserted: number; updated: number }[] = await manager.query(
      `SELECT COALESCE(sum(inserted), 0)::int AS inserted, COALESCE(sum(updated), 0)::int AS updated FROM usage_changed_weeks`,
    );
    await manager.query(`DROP TABLE usage_changed_weeks`);
    return totals;
  }
}

/** The staged keys a merge reads: the staging table when the file repeats no key, else the summed one. */
export type StagedKeys = 'usage_staging' | 'usage_staged_days';

/** What a daily merge is given: where the staged keys are, how many, and each item's earliest staged day. */
export interface StagedDays {
  source: StagedKeys;
  keys: number;
  itemIds: string[];
  /** Days since 1970-01-01, one per entry of itemIds. */
  firstEpochDays: number[];
}

/** Columnar lines for the staging table: line number, item id, day ('YYYY-MM-DD'), quantity (decimal text). */
export interface StagedLines {
  lines: number[];
  itemIds: string[];
  days: string[];
  quantities: string[];
}

/** Lines into the staging table, in the import's transaction. */
export interface UsageStaging {
  /** Sends lines; resolves when the next batch may be sent (the server may still be busy with this one). */
  write(rows: StagedLines): Promise<void>;
  /** Resolves once every line is in the table. */
  end(): Promise<void>;
  /** After a failed read: stops the staging so the transaction can roll back. */
  abort(error: Error): Promise<void>;
}

/**
 * COPY … FROM STDIN on the transaction's own connection. The values need no escaping in COPY's
 * text format: ids are uuids, days validated 'YYYY-MM-DD', quantities validated decimals.
 */
function copyStaging(manager: EntityManager): UsageStaging {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client) throw new Error('staging by COPY needs the transaction\'s connection');
  const stream = client.query(copyFrom(`COPY usage_staging (line, item_id, day, quantity) FROM STDIN`));
  const done = finished(stream);
  done.catch(() => undefined); // awaited by end() or abort(); an error before then surfaces there
  return {
    async write(rows) {
      let text = '';
      for (let i = 0; i < rows.lines.length; i++) text += `${rows.lines[i]}\t${rows.itemIds[i]}\t${rows.days[i]}\t${rows.quantities[i]}\n`;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), done]);
    },
    async end() {
      stream.end();
      await done;
    },
    async abort(error) {
      stream.destroy(error);
      await done.catch(() => undefined);
    },
  };
}

/** Multi-row inserts of `unnest`ed arrays, one in flight while the next batch is parsed. */
function insertStaging(manager: EntityManager): UsageStaging {
  let inFlight: Promise<unknown> = Promise.resolve();
  return {
    async write(rows) {
      await inFlight;
      inFlight = manager.query(`INSERT INTO usage_staging SELECT * FROM unnest($1::int[], $2::uuid[], $3::date[], $4::numeric[])`, [
        rows.lines,
        rows.itemIds,
        rows.days,
        rows.quantities,
      ]);
    },
    async end() {
      await inFlight;
    },
    async abort() {
      await inFlight.catch(() => undefined);
    },
  };
}

/** The Monday of a date's ISO week, in SQL: 1969-12-29 is a Monday before every usage day (≥ 1970-01-01). */
function weekOf(column: string): string {
  return `(${column} - (${column} - DATE '1969-12-29') % 7)`;
}

/** What summarizeStaged found: distinct (item, day) keys, and how many overflow a day's row or repeat. */
export interface StagedSummary {
  keys: number;
  overflowing: number;
  repeated: number;
}

function counts(result: { inserted: boolean }[]): WriteCounts {
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}
