import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { addDays } from '../../src/common/iso-date';
import { DemoService } from '../../src/inventory/demo.service';
import { ImportService } from '../../src/inventory/import.service';
import { startApp, TestApp } from '../support/app';
import { freshDatabase, sql } from '../support/database';
import { eventually } from '../support/mail-and-webhook';
import { killHard, startCli } from '../support/processes';

/**
 * kill -9 of the process doing a bulk usage import. The API has no bulk-file import (its
 * `recordUsage` takes at most MAX_BATCH_ROWS weekly rows in one request); CSV files are imported
 * by the CLI (`import-usage`, ImportService), which promises one transaction per file. So the CLI
 * process is killed: once while it stages the file, once while it merges. Each time nothing of
 * the file is written (no daily row, no week changed, no audit entry); then the same import runs
 * to the end and gives exactly the totals computed here from the CSV; running it again changes
 * nothing (nothing doubled); the audit chain stays valid.
 */
describe('fault: the import process killed with SIGKILL mid-import', () => {
  const SKUS = 120;
  const DAYS = 180;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  /** From the CSV: Σ per (SKU, ISO week) of the file's days. */
  const expectedWeeks = new Map<string, number>();
  let expectedTotal = 0;

  beforeAll(async () => {
    db = await freshDatabase('fault_import');
    env = { DATABASE_URL: db.url, AUDIT_HMAC_KEY: 'k'.repeat(40), MIGRATIONS_RUN: 'false', SCHEDULER_ENABLED: 'false' };
    app = await startApp({ ...env, MIGRATIONS_RUN: 'true' });
    pg = await sql(db.url);
    await app.runtime.app.get(DemoService).load({ skus: SKUS, weeks: 60, seed: 33 });
    // A daily file over the last DAYS days: SKUS × DAYS lines, several lines on some days (they add up).
    dir = mkdtempSync(join(tmpdir(), 'nn-import-kill-'));
    file = join(dir, 'usage.csv');
    const today = new Date().toISOString().slice(0, 10);
    const lines = ['sku,date,quantity'];
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(today, -DAYS + d);
      for (let i = 1; i <= SKUS; i++) {
        const sku = `SKU-${String(i).padStart(5, '0')}`;
        const qty = ((i * 7 + d * 3) % 23) + 0.25;
        const week = weekStart(day);
        lines.push(`${sku},${day},${qty}`);
        expectedWeeks.set(`${sku} ${week}`, (expectedWeeks.get(`${sku} ${week}`) ?? 0) + qty);
        expectedTotal += qty;
        if ((i + d) % 50 === 0) {
          lines.push(`${sku},${day},1`); // a second line of the same day
          expectedWeeks.set(`${sku} ${week}`, expectedWeeks.get(`${sku} ${week}`)! + 1);
          expectedTotal += 1;
        }
      }
    }
    writeFileSync(file, lines.join('\n') + '\n');
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What an import may change: the daily rows, the weekly series, the audit entries of imports. */
  const snapshot = async () =>
    (
      await pg.query(
        `SELECT (SELECT count(*)::int FROM usage_daily) AS daily_rows,
                (SELECT COALESCE(sum(quantity), 0)::text FROM usage_daily) AS daily_sum,
                (SELECT md5(string_agg(concat_ws(' ', item_id, week_start, quantity, weekly_quantity), ',' ORDER BY item_id, week_start)) FROM usage_history) AS weeks,
                (SELECT count(*)::int FROM audit_log WHERE action = 'usage.imported') AS imports`,
      )
    ).rows[0];

  /** Kill -9 the CLI once `when` says the import is at the point wanted; then nothing of it may remain. */
  async function killDuring(when: () => Promise<boolean>, label: string) {
    const before = await snapshot();
    const { child, exited } = startCli(['import-usage', file], env);
    // Polled every 10 ms: the merge is a short window.
    const deadline = Date.now() + 120_000;
    while (!(await when())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the import ended before ${label}: ${(await exited).output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await killHard(child);
    expect((await exited).code).toBeNull(); // killed, not finished
    // The server rolls the killed client's transaction back once it sees the socket gone.
    await eventually(async () => !(await inTransactionAt('usage_sta|usage_daily|usage_changed_weeks')), 60_000, 'the killed session to end');
    expect(await snapshot()).toEqual(before);
  }

  /** A session of this database inside a transaction whose current (or last) statement matches. */
  const inTransactionAt = async (pattern: string) =>
    (await pg.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL AND query ~ $2 AND pid <> pg_backend_pid()`, [db.name, pattern])).rows[0].n > 0;

  it('leaves nothing of the file when killed while staging, or while merging; the re-run gives the CSV totals once', async () => {
    // While staging (a temp table created in an open transaction is not visible to other sessions: its statements are).
    await killDuring(() => inTransactionAt('COPY usage_staging|INSERT INTO usage_staging'), 'staging to start');
    // While merging: the staged lines summed, the daily rows or the weeks being written.
    await killDuring(() => inTransactionAt('usage_staged_days|INSERT INTO usage_daily|usage_changed_weeks'), 'the merge to start');

    const weeksBefore = new Map((await pg.query(`SELECT i.sku || ' ' || u.week_start::text AS k, u.quantity::float8 AS q FROM usage_history u JOIN inventory_items i ON i.id = u.item_id`)).rows.map((r) => [r.k, r.q]));
    const full = await startCli(['import-usage', file], env).exited;
    expect(full.code).toBe(0);
    await expectTotals(weeksBefore);

    // The same file again (in this process, the same ImportService; a CLI start costs seconds): no row changes, nothing doubled.
    const again = await app.runtime.app.get(ImportService).importUsage(file, 'test');
    expect(again).toMatchObject({ rejected: 0, inserted: 0, updated: 0 });
    await expectTotals(weeksBefore);

    const verdict = (await app.gql(`{ verifyAuditChain { valid } }`, undefined, await app.login('admin'))).data.verifyAuditChain;
    expect(verdict.valid).toBe(true);
    expect((await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'usage.imported'`)).rows[0].n).toBe(2);
  }, 600_000);

  /** Σ usage_daily = the CSV's total; each touched week = its weekly part + the CSV's days of it; no other week changed. */
  async function expectTotals(weeksBefore: Map<string, number>) {
    const [daily] = (await pg.query(`SELECT count(*)::int AS n, sum(quantity)::float8 AS total FROM usage_daily`)).rows;
    expect(daily.n).toBe(SKUS * DAYS);
    expect(daily.total).toBeCloseTo(expectedTotal, 3);
    const weeks = (await pg.query(`SELECT i.sku || ' ' || u.week_start::text AS k, u.quantity::float8 AS q, u.weekly_quantity::float8 AS w FROM usage_history u JOIN inventory_items i ON i.id = u.item_id`)).rows;
    let touched = 0;
    for (const { k, q, w } of weeks) {
      const days = expectedWeeks.get(k);
      if (days === undefined) {
        expect([k, q]).toEqual([k, weeksBefore.get(k)]);
        continue;
      }
      touched++;
      expect(q).toBeCloseTo(w + days, 3);
    }
    expect(touched).toBe(expectedWeeks.size);
  }
});

/** Monday of the ISO week of a YYYY-MM-DD day. */
function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}
