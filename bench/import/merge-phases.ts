/**
 * The daily merge of a usage import, before and after the issue-9 tuning, alternated in one
 * process on the same database (the machine is shared and noisy: compare within a pair).
 * 200,000 staged daily lines (10,000 SKUs × 20 days, made by generate_series, so the CSV parse is
 * out of the picture) are merged into empty usage tables:
 *   before — the statements of commit 82662ce: three checks over the staged lines (unknown SKUs,
 *            overflowing days, the distinct-key count), the daily upsert grouping the staged lines
 *            itself, the weeks re-derived from an un-analyzed temp table, JIT on;
 *   after  — UsageRepository as it is, for a file without repeated keys: lines staged with their
 *            item id, analyzed, merged straight from the staging table (no summary pass), the
 *            weeks moved by the change of their days instead of re-derived, JIT off, work_mem 64 MB.
 *
 *   node bin/build.js && node dist/bench/import/merge-phases.js [pairs=4]
 */
import 'reflect-metadata';
import { DataSource, EntityManager } from 'typeorm';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { InventoryService } from '../../src/inventory/inventory.service';
import { UsageRepository } from '../../src/inventory/usage.repository';
import { benchDatabase } from '../support/bench-database';

const BEFORE: [string, string][] = [
  ['unknown SKUs', `SELECT s.line, s.sku FROM usage_staging s LEFT JOIN inventory_items i ON i.sku = s.sku WHERE i.id IS NULL ORDER BY s.line`],
  ['overflowing days', `SELECT s.line, s.sku, s.day::text AS day FROM usage_staging s JOIN (SELECT sku, day FROM usage_staging GROUP BY sku, day HAVING sum(quantity) >= 1e11) o USING (sku, day) ORDER BY s.line`],
  ['keys', `SELECT count(*)::int AS n FROM (SELECT DISTINCT sku, day FROM usage_staging) k`],
  ['changed weeks table', `CREATE TEMP TABLE usage_changed_weeks (item_id uuid NOT NULL, week_start date NOT NULL, inserted integer NOT NULL, updated integer NOT NULL) ON COMMIT DROP`],
  [
    'daily upsert',
    `WITH changed AS (
       INSERT INTO usage_daily (item_id, day, quantity)
       SELECT i.id, s.day, sum(s.quantity) FROM usage_staging s JOIN inventory_items i ON i.sku = s.sku GROUP BY i.id, s.day ORDER BY i.id, s.day
       ON CONFLICT (item_id, day) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()
       WHERE usage_daily.quantity IS DISTINCT FROM EXCLUDED.quantity
       RETURNING item_id, day, (xmax = 0) AS inserted)
     INSERT INTO usage_changed_weeks
     SELECT item_id, date_trunc('week', day)::date, count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM changed GROUP BY 1, 2`,
  ],
  [
    'weeks re-derived',
    `INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
     SELECT w.item_id, w.week_start, sum(d.quantity), 0
       FROM usage_changed_weeks w JOIN usage_daily d ON d.item_id = w.item_id AND d.day >= w.week_start AND d.day < w.week_start + 7
      GROUP BY w.item_id, w.week_start
     ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = usage_history.weekly_quantity + EXCLUDED.quantity, updated_at = now()`,
  ],
];

async function main() {
  const pairs = Number(process.argv[2] ?? 4);
  const db = await benchDatabase('merge');
  const runtime = await createRuntime(parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false' }), { role: 'cli' });
  try {
    const data = runtime.app.get(DataSource);
    const usage = runtime.app.get(UsageRepository);
    const inventory = runtime.app.get(InventoryService);
    for (let i = 0; i < 10_000; i += 5000) {
      await inventory.upsertItems(Array.from({ length: 5000 }, (_, j) => ({ sku: `SKU-${String(i + j + 1).padStart(5, '0')}`, name: `Item ${i + j + 1}`, unitCost: '1.25' })), 'bench');
    }
    const variants: Record<string, (tx: EntityManager) => Promise<void>> = {
      before: async (tx) => {
        for (const [, sql] of BEFORE) await tx.query(sql);
      },
      after: async (tx) => {
        await tx.query('SET LOCAL jit = off');
        await tx.query(`SET LOCAL work_mem = '64MB'`);
        await usage.analyzeStaging(tx);
        // Every item's first day: the merge's check for days imported before (none here, the tables are emptied).
        const items: { id: string }[] = await tx.query(`SELECT id FROM inventory_items`);
        await usage.mergeStagedDays(tx, { source: 'usage_staging', keys: 200_000, itemIds: items.map((i) => i.id), firstEpochDays: items.map(() => 19_723) });
      },
    };
    const seconds: Record<string, number[]> = { before: [], after: [] };
    console.log(`| pair | before s | after s |`);
    console.log(`| --- | --- | --- |`);
    for (let pair = 1; pair <= pairs; pair++) {
      for (const name of ['before', 'after']) {
        await data.query('TRUNCATE usage_daily, usage_history');
        await data.transaction(async (tx) => {
          const lines = `SELECT g AS line, 'SKU-' || lpad(((g % 10000) + 1)::text, 5, '0') AS sku, DATE '2024-01-01' + (g / 10000) AS day, (g % 17) + 0.5 AS quantity FROM generate_series(0, 199999) g`;
          if (name === 'before') {
            // The staging table of 82662ce: lines keyed by SKU text.
            await tx.query(`CREATE TEMP TABLE usage_staging (line integer NOT NULL, sku text NOT NULL, day date NOT NULL, quantity numeric(14,3) NOT NULL) ON COMMIT DROP`);
            await tx.query(`INSERT INTO usage_staging ${lines}`);
          } else {
            // Today's: the SKU resolved to its item while the file is read; the rows are sent by INSERT here, not COPY.
            const staging = await usage.openStaging(tx);
            await staging.end();
            await tx.query(`INSERT INTO usage_staging SELECT l.line, i.id, l.day, l.quantity FROM (${lines}) l JOIN inventory_items i ON i.sku = l.sku`);
          }
          const started = process.hrtime.bigint();
          await variants[name](tx);
          seconds[name].push(Number(process.hrtime.bigint() - started) / 1e9);
        });
        const [{ days, weeks }] = await data.query(`SELECT (SELECT count(*)::int FROM usage_daily) AS days, (SELECT count(*)::int FROM usage_history) AS weeks`);
        if (days !== 200_000 || weeks !== 30_000) throw new Error(`${name}: ${days} days, ${weeks} weeks written`);
      }
      console.log(`| ${pair} | ${seconds.before.at(-1)!.toFixed(2)} | ${seconds.after.at(-1)!.toFixed(2)} |`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`\nmedian: before ${median(seconds.before).toFixed(2)} s, after ${median(seconds.after).toFixed(2)} s (200,000 daily lines → 200,000 days, 30,000 weeks)`);
  } finally {
    await runtime.close();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
