/**
 * Usage import throughput and memory on PostgreSQL: streams CSV files of daily usage rows through
 * the real ImportService (validation, staging table, usage_daily merge, weekly totals re-derived) and reports rows/s and peak
 * RSS for growing files, plus a one-row-per-INSERT baseline on the same database.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/import/import-usage.js [maxRows=1000000] [--no-baseline] [--sizes 200000,1000000] [--phases] [--again]
 *
 * Sizes: maxRows/4, maxRows/2 and maxRows unless --sizes lists them. --phases prints, per size,
 * where the import's wall time went (ImportService's phase recorder; an older build that has none
 * prints nothing there).
 */
import 'reflect-metadata';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { PhaseRecorder, phaseTotals } from '../../src/inventory/import-phases';
import { ImportService } from '../../src/inventory/import.service';
import { InventoryService } from '../../src/inventory/inventory.service';
import { benchDatabase, rssSampler } from '../support/bench-database';

const SKUS = 10_000;

// Day arithmetic of its own (not src/common): the bench is also copied into older builds to compare them.
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const addWeeks = (day: string, weeks: number) => addDays(day, 7 * weeks);

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('sku,date,quantity\n');
  for (let i = 0; i < rows; i++) {
    const sku = `SKU-${String((i % SKUS) + 1).padStart(5, '0')}`;
    const day = addDays('2024-01-01', Math.floor(i / SKUS));
    if (!out.write(`${sku},${day},${(i % 17) + 0.5}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const args = process.argv.slice(2);
  const maxRows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const listed = args.indexOf('--sizes');
  const sizes = listed >= 0 ? args[listed + 1].split(',').map(Number) : [maxRows / 4, maxRows / 2, maxRows].map(Math.round);
  const phaseTables: string[] = [];
  const db = await benchDatabase('import');
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-import-'));
  const runtime = await createRuntime(parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false' }), { role: 'cli' });
  try {
    const inventory = runtime.app.get(InventoryService);
    const importer = runtime.app.get(ImportService);
    const dataSource = runtime.app.get(DataSource);
    for (let i = 0; i < SKUS; i += 5000) {
      const items = Array.from({ length: 5000 }, (_, j) => ({ sku: `SKU-${String(i + j + 1).padStart(5, '0')}`, name: `Item ${i + j + 1}`, unitCost: '1.25' }));
      await inventory.upsertItems(items, 'bench');
    }
    console.log(`| file rows (daily) | daily rows written | wall s | rows/s (wall) | node CPU s | rows per node CPU s | peak RSS (MB) |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
    const memory = rssSampler();
    for (const rows of sizes) {
      const file = join(dir, `usage-${rows}.csv`);
      await writeCsv(file, rows);
      // Builds from before usage_daily have no such table.
      const [{ daily }] = await dataSource.query(`SELECT to_regclass('usage_daily') IS NOT NULL AS daily`);
      await dataSource.query(daily ? 'TRUNCATE usage_history, usage_daily' : 'TRUNCATE usage_history');
      // --again: the same file imported a second time right after (every day there already: nothing written).
      for (const pass of args.includes('--again') ? ['first', 'again'] : ['first']) {
        global.gc?.();
        memory.reset();
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        const phases = phaseTotals();
        // Called through a loose signature: older builds' importUsage has no options (they record no phases).
        const importUsage = importer.importUsage.bind(importer) as (file: string, actor: string, options: { phases?: PhaseRecorder }) => ReturnType<ImportService['importUsage']>;
        const report = await importUsage(file, 'bench', { phases: phases.record });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const used = process.cpuUsage(cpu);
        const cpuSeconds = (used.user + used.system) / 1e6;
        if (report.rejected !== 0) throw new Error(`unexpected rejections: ${report.rejected}`);
        if (pass === 'again' && report.inserted + report.updated !== 0) throw new Error(`the second import wrote ${report.inserted + report.updated} rows`);
        const label = `${rows.toLocaleString('en')}${pass === 'again' ? ' again' : ''}`;
        console.log(`| ${label} | ${report.inserted.toLocaleString('en')} | ${seconds.toFixed(2)} | ${Math.round(rows / seconds).toLocaleString('en')} | ${cpuSeconds.toFixed(2)} | ${Math.round(rows / cpuSeconds).toLocaleString('en')} | ${memory.peakMb()} |`);
        if (phases.totals.size) phaseTables.push(`${label} rows, ${seconds.toFixed(2)} s: ${[...phases.totals].map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)}`).join('; ')}`);
      }
      rmSync(file);
    }
    if (args.includes('--phases')) for (const t of phaseTables) console.log(t);
    // Baseline: the same rows written one INSERT per row (what a naive import does).
    if (args.includes('--no-baseline')) return memory.stop();
    const baselineRows = 20_000;
    const items: { id: string }[] = await dataSource.query(`SELECT id FROM inventory_items ORDER BY sku LIMIT 1000`);
    await dataSource.query('TRUNCATE usage_history');
    const started = process.hrtime.bigint();
    for (let i = 0; i < baselineRows; i++) {
      const week = addWeeks('2024-01-01', Math.floor(i / 1000));
      await dataSource.query(`INSERT INTO usage_history (item_id, week_start, quantity) VALUES ($1, $2, $3) ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = EXCLUDED.quantity`, [items[i % 1000].id, week, '1.5']);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`\nbaseline, one INSERT per row: ${baselineRows.toLocaleString('en')} rows in ${seconds.toFixed(2)} s = ${Math.round(baselineRows / seconds).toLocaleString('en')} rows/s`);
    memory.stop();
  } finally {
    await runtime.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
