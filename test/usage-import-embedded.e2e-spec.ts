import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SettableClock } from '../src/clock/clock';
import { DemoService } from '../src/inventory/demo.service';
import { ImportService } from '../src/inventory/import.service';
import { startApp, TestApp } from './support/app';

/**
 * The usage import on the embedded PGlite: its socket server does not speak COPY, so lines are
 * staged by INSERT there (usage.repository.ts). Both merges run — all days new, then days
 * imported before — with a repeated day (summed), an unknown SKU (rejected) and a re-import
 * (nothing written).
 */
describe('usage import on the embedded database (staged by INSERT, not COPY)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-import-embedded-'));
  let app: TestApp;
  let importer: ImportService;
  let db: DataSource;
  let files = 0;
  const csv = (...lines: string[]) => {
    const file = join(dataDir, `usage-${++files}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const week = async (sku: string, weekStart: string) =>
    (
      await db.query(`SELECT u.quantity, u.weekly_quantity FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = $1 AND u.week_start = $2`, [
        sku,
        weekStart,
      ])
    )[0];

  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: undefined, REDIS_URL: undefined, DATA_DIR: dataDir, SCHEDULER_ENABLED: 'false' }, { clock: new SettableClock('2026-11-25T12:00:00Z') });
    expect(app.runtime.mode).toMatchObject({ database: 'embedded' });
    await app.runtime.app.get(DemoService).load({ skus: 5, weeks: 20, seed: 3, endWeekStart: '2026-11-09' });
    importer = app.runtime.app.get(ImportService);
    db = app.runtime.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stages, sums a repeated day, rejects an unknown SKU, and moves the week', async () => {
    const report = await importer.importUsage(csv('sku,date,quantity', 'SKU-00001,2026-11-16,5', 'SKU-00001,2026-11-16,1.5', 'NOPE,2026-11-16,1', 'SKU-00002,2026-11-17,4'));
    expect(report).toMatchObject({ accepted: 3, rejected: 1, inserted: 2, updated: 0 });
    expect(report.rejections).toEqual([{ line: 4, field: 'sku', message: 'unknown SKU "NOPE"' }]);
    expect(await week('SKU-00001', '2026-11-16')).toEqual({ quantity: '6.500', weekly_quantity: '0.000' });
    expect(await week('SKU-00002', '2026-11-16')).toEqual({ quantity: '4.000', weekly_quantity: '0.000' });
  });

  it('sets days imported before (the merge that looks each day up) and writes nothing on a re-import', async () => {
    const file = csv('sku,date,quantity', 'SKU-00001,2026-11-16,2', 'SKU-00001,2026-11-17,3', 'SKU-00002,2026-11-17,4');
    expect(await importer.importUsage(file)).toMatchObject({ accepted: 3, inserted: 1, updated: 1, unchanged: 1 });
    expect(await week('SKU-00001', '2026-11-16')).toEqual({ quantity: '5.000', weekly_quantity: '0.000' });
    expect(await importer.importUsage(file)).toMatchObject({ accepted: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await week('SKU-00001', '2026-11-16')).toEqual({ quantity: '5.000', weekly_quantity: '0.000' });
  });
});
