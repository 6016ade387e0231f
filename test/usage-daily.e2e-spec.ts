import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SettableClock } from '../src/clock/clock';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { UsageDaily1764400400000 } from '../src/database/migrations/1764400400000-usage-daily';
import { DemoService } from '../src/inventory/demo.service';
import { ImportService } from '../src/inventory/import.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

const USAGE = `mutation($usage: [UsageInput!]!) { recordUsage(usage: $usage) { inserted updated } }`;

describe('usage kept by day: daily imports add up, re-imports change nothing, weekly writes replace their week', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let importer: ImportService;
  let admin: string;
  const dir = mkdtempSync(join(tmpdir(), 'nn-usage-daily-'));
  let files = 0;

  const csv = (...lines: string[]) => {
    const file = join(dir, `usage-${++files}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const week = async (sku: string, weekStart: string) =>
    (
      await pg.query(
        `SELECT u.quantity, u.weekly_quantity FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = $1 AND u.week_start = $2`,
        [sku, weekStart],
      )
    ).rows[0] as { quantity: string; weekly_quantity: string } | undefined;
  const days = async (sku: string) =>
    (await pg.query(`SELECT d.day, d.quantity FROM usage_daily d JOIN inventory_items i ON i.id = d.item_id WHERE i.sku = $1 ORDER BY d.day`, [sku])).rows;

  beforeAll(async () => {
    db = await freshDatabase('usage_daily');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}` }, { clock: new SettableClock('2026-11-25T12:00:00Z') });
    pg = await sql(db.url);
    importer = app.runtime.app.get(ImportService);
    admin = await app.login('admin');
    // The demo catalog's last full week is 2026-11-09; the week of 2026-11-16 has no usage yet.
    await app.runtime.app.get(DemoService).load({ skus: 20, weeks: 30, seed: 3, endWeekStart: '2026-11-09' });
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('adds a second file of another day of the same week: 5 then 6 make 11 (the issue 9 scenario)', async () => {
    expect(await week('SKU-00010', '2026-11-16')).toBeUndefined();
    const first = await importer.importUsage(csv('sku,date,quantity', 'SKU-00010,2026-11-16,5'));
    expect(first).toMatchObject({ accepted: 1, rejected: 0, inserted: 1 });
    expect(await week('SKU-00010', '2026-11-16')).toEqual({ quantity: '5.000', weekly_quantity: '0.000' });
    const second = csv('sku,date,quantity', 'SKU-00010,2026-11-17,6');
    await importer.importUsage(second);
    expect(await week('SKU-00010', '2026-11-16')).toEqual({ quantity: '11.000', weekly_quantity: '0.000' });
    expect(await days('SKU-00010')).toEqual([
      { day: '2026-11-16', quantity: '5.000' },
      { day: '2026-11-17', quantity: '6.000' },
    ]);

    // Re-importing either file changes nothing, not even a timestamp.
    const before = (await pg.query(`SELECT max(updated_at) AS t FROM usage_history`)).rows[0].t;
    const again = await importer.importUsage(second);
    expect(again).toMatchObject({ accepted: 1, inserted: 0, updated: 0, unchanged: 1 });
    expect(await week('SKU-00010', '2026-11-16')).toEqual({ quantity: '11.000', weekly_quantity: '0.000' });
    expect((await pg.query(`SELECT max(updated_at) AS t FROM usage_history`)).rows[0].t).toEqual(before);
  });

  it('sets a day again rather than adding to it, and re-derives its week', async () => {
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00017,2026-11-16,5', 'SKU-00017,2026-11-17,6'));
    const report = await importer.importUsage(csv('sku,date,quantity', 'SKU-00017,2026-11-17,2', 'SKU-00017,2026-11-17,1.5'));
    // Two lines of one day in one file are that day's usage: 3.5, replacing the 6 imported before.
    expect(report).toMatchObject({ accepted: 2, inserted: 0, updated: 1 });
    expect(await week('SKU-00017', '2026-11-16')).toEqual({ quantity: '8.500', weekly_quantity: '0.000' });
  });

  it('adds a partial week to a demo week total instead of replacing it', async () => {
    const demo = await week('SKU-00011', '2026-11-09');
    expect(demo).toBeDefined();
    expect(demo!.weekly_quantity).toBe(demo!.quantity);
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00011,2026-11-12,5'));
    const after = await week('SKU-00011', '2026-11-09');
    expect(Number(after!.quantity)).toBeCloseTo(Number(demo!.quantity) + 5, 6);
    expect(after!.weekly_quantity).toBe(demo!.weekly_quantity);
  });

  it('lets a weekly write (recordUsage, weekly file) replace its week, daily rows included', async () => {
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00019,2026-11-16,5', 'SKU-00019,2026-11-17,6'));
    const result = await app.gql(USAGE, { usage: [{ sku: 'SKU-00019', weekStart: '2026-11-16', quantity: '20' }] }, admin);
    expect(result.errors).toBeUndefined();
    expect(await week('SKU-00019', '2026-11-16')).toEqual({ quantity: '20.000', weekly_quantity: '20.000' });
    expect(await days('SKU-00019')).toEqual([]);
    // A demo week with a day added, then a weekly file for that week (twice: the second changes nothing).
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00018,2026-11-10,5'));
    const weekly = csv('sku,week_start,quantity', 'SKU-00018,2026-11-09,7');
    expect(await importer.importUsage(weekly)).toMatchObject({ accepted: 1, inserted: 0, updated: 1 });
    expect(await importer.importUsage(weekly)).toMatchObject({ accepted: 1, inserted: 0, updated: 0, unchanged: 1 });
    expect(await week('SKU-00018', '2026-11-09')).toEqual({ quantity: '7.000', weekly_quantity: '7.000' });
    expect(await days('SKU-00018')).toEqual([]);
  });

  it('rejects only the bad lines of a file (huge, out-of-range dates) and imports the rest', async () => {
    const report = await importer.importUsage(
      csv('sku,date,quantity', 'SKU-00012,2026-11-16,1', 'SKU-00012,2026-11-17,999999999999', 'SKU-00012,0001-01-01,1', 'SKU-00012,2027-11-26,1', 'SKU-00012,2026-11-18,2'),
    );
    expect(report).toMatchObject({ accepted: 2, rejected: 3 });
    expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
      [3, 'quantity'],
      [4, 'date'],
      [5, 'date'],
    ]);
    expect(await week('SKU-00012', '2026-11-16')).toEqual({ quantity: '3.000', weekly_quantity: '0.000' });
  });

  it('rejects the lines of a day that add up past what a row holds, keeping the rest', async () => {
    const report = await importer.importUsage(csv('sku,date,quantity', 'SKU-00013,2026-11-16,60000000000', 'SKU-00013,2026-11-16,60000000000', 'SKU-00013,2026-11-17,4'));
    expect(report).toMatchObject({ accepted: 1, rejected: 2 });
    expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
      [2, 'quantity'],
      [3, 'quantity'],
    ]);
    expect(await week('SKU-00013', '2026-11-16')).toEqual({ quantity: '4.000', weekly_quantity: '0.000' });
  });

  it('moves a week by what its days changed: lowered, raised, unchanged and new days in one file, beside a week of another item only added to', async () => {
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00020,2026-11-16,5', 'SKU-00020,2026-11-17,6', 'SKU-00020,2026-11-18,7'));
    const untouched = await pg.query(`SELECT u.updated_at FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = 'SKU-00020' AND u.week_start = '2026-11-09'`);
    expect(untouched.rows).toHaveLength(1); // the demo's last week, which no file here touches
    // 5 → 1 (−4), 6 → 10 (+4), 7 stays, 2026-11-19 new (+2): 18 → 20; a new day of SKU-00009 in the same file.
    const report = await importer.importUsage(
      csv('sku,date,quantity', 'SKU-00020,2026-11-16,1', 'SKU-00020,2026-11-17,10', 'SKU-00020,2026-11-18,7', 'SKU-00020,2026-11-19,2', 'SKU-00009,2026-11-16,3'),
    );
    expect(report).toMatchObject({ accepted: 5, inserted: 2, updated: 2, unchanged: 1 });
    expect(await week('SKU-00020', '2026-11-16')).toEqual({ quantity: '20.000', weekly_quantity: '0.000' });
    expect(await week('SKU-00009', '2026-11-16')).toEqual({ quantity: '3.000', weekly_quantity: '0.000' });
    // A file whose changes cancel out in their week (−1, +1) leaves the week's row as it was.
    const before = await pg.query(`SELECT u.updated_at FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = 'SKU-00020' AND u.week_start = '2026-11-16'`);
    expect(await importer.importUsage(csv('sku,date,quantity', 'SKU-00020,2026-11-16,0', 'SKU-00020,2026-11-17,11'))).toMatchObject({ updated: 2, inserted: 0 });
    expect(await week('SKU-00020', '2026-11-16')).toEqual({ quantity: '20.000', weekly_quantity: '0.000' });
    expect((await pg.query(`SELECT u.updated_at FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = 'SKU-00020' AND u.week_start = '2026-11-16'`)).rows).toEqual(before.rows);
    expect((await pg.query(`SELECT u.updated_at FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = 'SKU-00020' AND u.week_start = '2026-11-09'`)).rows).toEqual(untouched.rows);
  });

  it('keeps every week equal to its weekly part plus its days after all the imports above', async () => {
    const { rows } = await pg.query(
      `SELECT u.item_id, u.week_start::text, u.quantity::text, (u.weekly_quantity + COALESCE(sum(d.quantity), 0))::text AS derived
         FROM usage_history u LEFT JOIN usage_daily d ON d.item_id = u.item_id AND d.day >= u.week_start AND d.day < u.week_start + 7
        GROUP BY u.item_id, u.week_start, u.quantity, u.weekly_quantity HAVING u.quantity <> u.weekly_quantity + COALESCE(sum(d.quantity), 0)`,
    );
    expect(rows).toEqual([]);
    // And every day lies in a week that has a row.
    const orphans = await pg.query(`SELECT count(*)::int AS n FROM usage_daily d WHERE NOT EXISTS (SELECT 1 FROM usage_history u WHERE u.item_id = d.item_id AND d.day >= u.week_start AND d.day < u.week_start + 7)`);
    expect(orphans.rows[0].n).toBe(0);
    expect((await pg.query(`SELECT count(*)::int AS n FROM usage_daily`)).rows[0].n).toBeGreaterThan(10);
  });

  it('drops the daily rows of a deleted item (there is no per-row foreign key; a statement trigger does it)', async () => {
    await importer.importUsage(csv('sku,date,quantity', 'SKU-00015,2026-11-16,1', 'SKU-00016,2026-11-16,1'));
    expect(await days('SKU-00015')).toHaveLength(1);
    const { rows } = await pg.query(`SELECT id FROM inventory_items WHERE sku = 'SKU-00015'`);
    await pg.query(`DELETE FROM inventory_items WHERE sku = 'SKU-00015'`);
    expect((await pg.query(`SELECT count(*)::int AS n FROM usage_daily WHERE item_id = $1`, [rows[0].id])).rows[0].n).toBe(0);
    expect(await days('SKU-00016')).toHaveLength(1);
  });

  it('holds seven days at the largest daily quantity in one week', async () => {
    const lines = ['sku,date,quantity'];
    for (let d = 16; d <= 22; d++) lines.push(`SKU-00014,2026-11-${d},99999999999.999`);
    expect(await importer.importUsage(csv(...lines))).toMatchObject({ accepted: 7, rejected: 0 });
    expect((await week('SKU-00014', '2026-11-16'))!.quantity).toBe('699999999999.993');
  });
});

describe('the usage_daily migration', () => {
  it('keeps existing weekly rows as weekly totals, and its down step restores the old table', async () => {
    const db = await freshDatabase('usage_daily_migration');
    const before = new DataSource({ ...dataSourceOptions(db.url, { poolSize: 2, migrationsRun: false }), migrations: migrations.slice(0, migrations.indexOf(UsageDaily1764400400000)) });
    await before.initialize();
    // Up to and including this migration: later ones are not this spec's subject (its down step must be the last).
    const after = new DataSource({ ...dataSourceOptions(db.url, { poolSize: 2, migrationsRun: false }), migrations: migrations.slice(0, migrations.indexOf(UsageDaily1764400400000) + 1) });
    try {
      await before.runMigrations();
      const [{ id }] = await before.query(`INSERT INTO inventory_items (sku, name, unit_cost) VALUES ('M-1', 'm', 1) RETURNING id`);
      await before.query(`INSERT INTO usage_history (item_id, week_start, quantity) VALUES ($1, '2026-11-09', 24), ($1, '2026-11-02', 3.5)`, [id]);
      await before.destroy();

      await after.initialize();
      expect((await after.runMigrations()).map((m) => m.name)).toEqual(['UsageDaily1764400400000']);
      expect(await after.query(`SELECT week_start, quantity, weekly_quantity FROM usage_history ORDER BY week_start`)).toEqual([
        { week_start: '2026-11-02', quantity: '3.500', weekly_quantity: '3.500' },
        { week_start: '2026-11-09', quantity: '24.000', weekly_quantity: '24.000' },
      ]);
      expect(await after.query(`SELECT count(*)::int AS n FROM usage_daily`)).toEqual([{ n: 0 }]);
      await after.undoLastMigration();
      expect(await after.query(`SELECT to_regclass('usage_daily') AS t`)).toEqual([{ t: null }]);
      expect(await after.query(`SELECT quantity FROM usage_history ORDER BY week_start`)).toEqual([{ quantity: '3.500' }, { quantity: '24.000' }]);
    } finally {
      if (before.isInitialized) await before.destroy();
      if (after.isInitialized) await after.destroy();
      await db.drop();
    }
  });
});
