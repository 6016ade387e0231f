import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { CycleService } from '../src/cycle/cycle.service';
import { DemoService } from '../src/inventory/demo.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { smtpSink } from './support/mail-and-webhook';

/**
 * The rollout phases on one catalog, one app per phase (the phase is configuration):
 * shadow — forecasts and recommendations only; notify — plus the report; draft — PO drafts of
 * medium and low lines while urgent and high lines wait for a person (then are ordered); auto —
 * plus medium/low lines up to AUTO_APPROVE_MAX_LINE_VALUE approved by the system, line by line.
 * The priorities are the policy's own on the demo catalog, never set by SQL.
 */
describe('rollout phases (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pg: Client;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  const clock = new SettableClock('2026-11-30T02:00:00Z');
  const prefix = () => `nn-test-${db.name}`;

  async function runInPhase(phase: string, key: string, env: Record<string, string> = {}, after?: (app: TestApp, runId: string) => Promise<void>): Promise<{ runId: string; stats: Record<string, unknown> }> {
    const app: TestApp = await startApp(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), ROLLOUT_PHASE: phase, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'ops@example.test', ...env },
      { processJobs: true, clock },
    );
    try {
      const cycle = app.runtime.app.get(CycleService);
      const runId = await cycle.startRun('manual', 'test', { runKey: key });
      const stats = await cycle.waitForCompletion(runId, { timeoutMs: 180_000 });
      await after?.(app, runId);
      return { runId, stats };
    } finally {
      await app.close();
      clock.advance(24 * 3600 * 1000);
    }
  }

  /** The run's recommendations that order something, with their PO (if any). */
  async function orderingLines(runId: string) {
    return (
      await pg.query(
        `SELECT r.id, r.sku, r.priority, r.status, r.awaiting_decision, r.decided_by, (r.recommended_qty * r.unit_cost)::float8 AS value, p.id AS po_id, p.status AS po_status, p.decided_by AS po_decided_by
           FROM reorder_recommendations r LEFT JOIN purchase_orders p ON p.id = r.purchase_order_id
          WHERE r.run_id = $1 AND r.recommended_qty > 0 ORDER BY r.sku`,
        [runId],
      )
    ).rows;
  }
  let draftMediumValues: number[] = [];

  beforeAll(async () => {
    db = await freshDatabase('phases');
    smtp = await smtpSink();
    pg = await sql(db.url);
    const app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix() }, { clock });
    // 60 SKUs: enough medium and low lines on the first nights for the auto test's cap to fall between two of them.
    await app.runtime.app.get(DemoService).load({ skus: 60, weeks: 60, seed: 5, endWeekStart: '2026-11-23' });
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

  it('draft: medium and low lines on PO drafts, urgent and high held for a person and ordered once approved', async () => {
    let approvedHeld = '';
    const { runId, stats } = await runInPhase('draft', 'draft-1', {}, async (app, id) => {
      const held = (await orderingLines(id)).find((l) => l.awaiting_decision);
      expect(held).toBeDefined();
      approvedHeld = held.id;
      const approver = await app.login('approver');
      const result = await app.gql(`mutation($id: ID!) { approveRecommendation(id: $id) { status } }`, { id: held.id }, approver);
      expect(result.errors).toBeUndefined();
    });
    const lines = await orderingLines(runId);
    const byPriority = (p: string[]) => lines.filter((l) => p.includes(l.priority));
    // The policy's own priorities on this catalog: both kinds occur.
    expect(byPriority(['urgent', 'high']).length).toBeGreaterThan(0);
    expect(byPriority(['medium', 'low']).length).toBeGreaterThan(0);
    for (const l of byPriority(['medium', 'low'])) expect([l.sku, l.awaiting_decision, l.po_status, l.status]).toEqual([l.sku, false, 'pending_approval', 'open']);
    for (const l of byPriority(['urgent', 'high'])) {
      if (l.id === approvedHeld) {
        // Approved by a person: ordered at once, on a PO of its own approved by that person.
        expect([l.status, l.po_status, l.po_decided_by]).toEqual(['approved', 'approved', 'test-approver']);
        expect((await pg.query(`SELECT count(*)::int AS n FROM purchase_order_lines WHERE purchase_order_id = $1`, [l.po_id])).rows[0].n).toBe(1);
      } else {
        expect([l.sku, l.awaiting_decision, l.po_id, l.status]).toEqual([l.sku, true, null, 'open']);
      }
    }
    expect(stats.purchaseOrders).toBe(new Set(byPriority(['medium', 'low']).map((l) => l.po_id)).size);
    draftMediumValues = byPriority(['medium', 'low']).map((l) => l.value).sort((a, b) => a - b);
  });

  it('auto: medium and low lines up to the value cap approved by the system line by line, the rest drafted or held', async () => {
    // A cap inside the range of this catalog's line values, so both sides of it occur.
    const cap = Math.floor(draftMediumValues[Math.floor(draftMediumValues.length / 2)]);
    const { runId, stats } = await runInPhase('auto', 'auto-1', { AUTO_APPROVE_MAX_LINE_VALUE: String(cap) });
    expect(stats.purchaseOrders).toBeGreaterThan(0);
    const lines = await orderingLines(runId);
    const auto = lines.filter((l) => l.po_decided_by === 'system');
    expect(auto.length).toBeGreaterThan(0);
    for (const l of lines) {
      const expected = ['urgent', 'high'].includes(l.priority)
        ? [true, null, 'open', null]
        : l.value <= cap
          ? [false, 'approved', 'approved', 'system']
          : [false, 'pending_approval', 'open', null];
      expect([l.sku, l.priority, l.awaiting_decision, l.po_status, l.status, l.decided_by]).toEqual([l.sku, l.priority, ...expected]);
    }
    // Line by line: a supplier's auto-approved and drafted lines sit on different POs, not all or nothing per PO.
    const { rows } = await pg.query(
      `SELECT p.status, bool_and((r.recommended_qty * r.unit_cost) <= $2) AS all_within FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id
         JOIN reorder_recommendations r ON r.id = l.recommendation_id WHERE p.run_id = $1 GROUP BY p.id`,
      [runId, cap],
    );
    expect(rows.length).toBe(stats.purchaseOrders);
    for (const po of rows) expect(po.status === 'approved').toBe(po.all_within);
  });
});
