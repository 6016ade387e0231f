import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { CycleService } from '../src/cycle/cycle.service';
import { DemoService } from '../src/inventory/demo.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { smtpSink } from './support/mail-and-webhook';

/**
 * The rollout phases on one catalog, one app per phase (the phase is configuration):
 * shadow — forecasts and recommendations only; notify — plus the report; draft — plus PO
 * drafts (tested in pipeline.e2e-spec.ts); auto — plus system approval of all-low-priority POs.
 */
describe('rollout phases (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pg: Client;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  const clock = new SettableClock('2026-11-30T02:00:00Z');
  const prefix = () => `nn-test-${db.name}`;

  async function runInPhase(phase: string, key: string): Promise<{ runId: string; stats: Record<string, unknown> }> {
    const app: TestApp = await startApp(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), ROLLOUT_PHASE: phase, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'ops@example.test' },
      { processJobs: true, clock },
    );
    try {
      const cycle = app.runtime.app.get(CycleService);
      const runId = await cycle.startRun('manual', 'test', { runKey: key });
      const stats = await cycle.waitForCompletion(runId, { timeoutMs: 180_000 });
      return { runId, stats };
    } finally {
      await app.close();
      clock.advance(24 * 3600 * 1000);
    }
  }

  beforeAll(async () => {
    db = await freshDatabase('phases');
    smtp = await smtpSink();
    pg = await sql(db.url);
    const app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix() }, { clock });
    await app.runtime.app.get(DemoService).load({ skus: 25, weeks: 60, seed: 5, endWeekStart: '2026-11-23' });
    await app.close();
  });

  afterAll(async () => {
    await pg?.end();
    await smtp?.close();
    if (db) await dropQueueKeys(prefix());
    await db?.drop();
  });

  it('shadow: forecasts and recommendations, no purchase orders, no report', async () => {
    const { runId, stats } = await runInPhase('shadow', 'shadow-1');
    expect(stats.succeeded).toBeGreaterThan(10);
    expect(stats.notificationsSent).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
    expect((await pg.query(`SELECT count(*)::int AS n FROM reorder_recommendations WHERE run_id = $1`, [runId])).rows[0].n).toBe(stats.succeeded);
    expect((await pg.query(`SELECT count(*)::int AS n FROM purchase_orders`)).rows[0].n).toBe(0);
  });

  it('notify: the report goes out, still no purchase orders', async () => {
    const before = smtp.mails.length;
    const { stats } = await runInPhase('notify', 'notify-1');
    expect(stats.notificationsSent).toEqual(['email']);
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.raw).toContain('notify-1');
    expect((await pg.query(`SELECT count(*)::int AS n FROM purchase_orders`)).rows[0].n).toBe(0);
  });

  it('auto: drafts purchase orders; only all-low-priority ones are approved by the system', async () => {
    const { runId, stats } = await runInPhase('auto', 'auto-1');
    expect(stats.purchaseOrders).toBeGreaterThan(0);
    const { rows } = await pg.query(
      `SELECT p.status, p.decided_by, bool_and(r.priority = 'low') AS all_low
         FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id JOIN reorder_recommendations r ON r.id = l.recommendation_id
        WHERE p.run_id = $1 GROUP BY p.id`,
      [runId],
    );
    expect(rows.length).toBe(stats.purchaseOrders);
    for (const po of rows) {
      expect([po.all_low, po.status, po.decided_by]).toEqual(po.all_low ? [true, 'approved', 'system'] : [false, 'pending_approval', null]);
    }
  });
});
