import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { CycleService } from '../src/cycle/cycle.service';
import { DemoService } from '../src/inventory/demo.service';
import { InventoryService } from '../src/inventory/inventory.service';
import { JOBS_QUEUE } from '../src/jobs/job-queue';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { eventually, smtpSink } from './support/mail-and-webhook';

/**
 * The cycle's loose ends on PostgreSQL + Redis, with a set clock (a run never straddles UTC
 * midnight; "the next night" is one call). Faults are real: database triggers that raise for one
 * SKU or for purchase-order inserts, a row lock that holds a run mid-way.
 */
const RUN = `mutation($key: String, $force: Boolean) { runForecastNow(runKey: $key, force: $force) { id status } }`;
const RUN_STATUS = `query($id: ID!) { forecastRun(id: $id) { status error progress { total processed succeeded insufficientHistory failed } stats } }`;
const LAST_WEEK = '2026-11-23';

describe('the cycle: failures, superseding, consistency (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let admin: string;
  let approver: string;
  const clock = new SettableClock('2026-11-30T02:00:00Z');

  async function runToEnd(key: string, expected: 'completed' | 'failed' = 'completed') {
    const started = await app.gql(RUN, { key }, admin);
    expect(started.errors).toBeUndefined();
    const id: string = started.data.runForecastNow.id;
    const run = await eventually(async () => {
      const r = (await app.gql(RUN_STATUS, { id }, admin)).data.forecastRun;
      return r.status === 'completed' || r.status === 'failed' ? r : undefined;
    }, 180_000, `run ${key} to end`);
    expect(run.status).toBe(expected);
    return { id, run };
  }

  const nextNight = () => clock.advance(24 * 3600 * 1000);

  beforeAll(async () => {
    db = await freshDatabase('cycle');
    smtp = await smtpSink();
    app = await startApp(
      // Every ordering line on a draft (none held for a person): this spec is about PO mechanics; the
      // phase rules that hold urgent and high lines are phases.e2e-spec.ts's.
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, ROLLOUT_PHASE: 'draft', DECISION_PRIORITIES: '', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'ops@example.test' },
      { processJobs: true, clock },
    );
    pg = await sql(db.url);
    [admin, approver] = [await app.login('admin'), await app.login('approver')];
    await app.runtime.app.get(DemoService).load({ skus: 30, weeks: 60, seed: 11, endWeekStart: LAST_WEEK });
    const inventory = app.runtime.app.get(InventoryService);
    await inventory.upsertSuppliers([{ name: 'Lonely Supply', defaultLeadTimeDays: 7 }], 'test');
    // BROKEN-1 fails in its own forecast write (a SKU error, not the infrastructure's); IDLE-1 has 20 weeks of zero demand.
    await inventory.upsertItems(
      [
        { sku: 'BROKEN-1', name: 'Item whose forecast cannot be stored', unitCost: '2', onHand: '5', leadTimeDays: 7, supplierName: 'Acme Industrial Supply' },
        { sku: 'IDLE-1', name: 'Item nobody uses', unitCost: '3', onHand: '10', leadTimeDays: 7, supplierName: 'Acme Industrial Supply' },
        // Nothing to go on (their own supplier, no usage): no cold start either, "insufficient history".
        ...[1, 2, 3].map((n) => ({ sku: `LONELY-${n}`, name: 'No history, no peers', unitCost: '1', onHand: '0', leadTimeDays: 7, supplierName: 'Lonely Supply' })),
      ],
      'test',
    );
    const weeks = (await pg.query(`SELECT DISTINCT week_start::text AS w FROM usage_history ORDER BY 1 DESC LIMIT 20`)).rows.map((r) => r.w);
    await inventory.recordUsage([...weeks.map((w) => ({ sku: 'BROKEN-1', weekStart: w, quantity: '9' })), ...weeks.map((w) => ({ sku: 'IDLE-1', weekStart: w, quantity: '0' }))], 'test');
    await pg.query(`
      CREATE FUNCTION refuse_broken_forecast() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.item_id = (SELECT id FROM inventory_items WHERE sku = 'BROKEN-1') THEN RAISE EXCEPTION 'forecast of BROKEN-1 refused by the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_broken_forecast BEFORE INSERT ON forecasts FOR EACH ROW EXECUTE FUNCTION refuse_broken_forecast();
      CREATE FUNCTION refuse_purchase_orders() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'purchase orders refused by the test'; END $$;`);
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await smtp?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('records a SKU whose job keeps throwing as failed after its attempts and still completes the run', async () => {
    const { id, run } = await runToEnd('night-1');
    expect(run.progress.failed).toBe(1);
    expect(run.progress.processed).toBe(run.progress.total);
    const [row] = (await pg.query(`SELECT ri.outcome, ri.error, ri.attempts FROM forecast_run_items ri JOIN inventory_items i ON i.id = ri.item_id WHERE ri.run_id = $1 AND i.sku = 'BROKEN-1'`, [id])).rows;
    expect(row).toEqual({ outcome: 'failed', error: expect.stringContaining('forecast of BROKEN-1 refused by the test'), attempts: 3 });
    // Nothing of the failed SKU was half-written.
    const written = await pg.query(`SELECT 1 FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id WHERE r.run_id = $1 AND i.sku = 'BROKEN-1'`, [id]);
    expect(written.rows).toEqual([]);
  });

  it('stores no stockout day count for an item without demand (null, not a sentinel)', async () => {
    const { rows } = await pg.query(`SELECT r.days_to_stockout, r.status FROM reorder_recommendations r WHERE r.sku = 'IDLE-1'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toEqual({ days_to_stockout: null, status: 'no_action' });
  });

  it('puts every open recommendation that orders something on exactly one PO of its own supplier, with its quantity', async () => {
    const { rows } = await pg.query(`
      SELECT r.sku, r.recommended_qty, count(l.id)::int AS lines, bool_and(p.supplier_id = r.supplier_id) AS own_supplier, bool_and(l.quantity = r.recommended_qty) AS same_qty
        FROM reorder_recommendations r
        LEFT JOIN purchase_order_lines l ON l.recommendation_id = r.id
        LEFT JOIN purchase_orders p ON p.id = l.purchase_order_id AND p.status = 'pending_approval'
       WHERE r.status = 'open' AND r.recommended_qty > 0 GROUP BY r.id`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r.sku, r.lines, r.own_supplier, r.same_qty]).toEqual([r.sku, 1, true, true]);
  });

  it('writes nothing when a job for a SKU that already has its outcome is delivered again', async () => {
    const [{ id: runId }] = (await pg.query(`SELECT id FROM forecast_runs WHERE run_key = 'night-1'`)).rows;
    const [{ id: itemId }] = (await pg.query(`SELECT ri.item_id AS id FROM forecast_run_items ri WHERE ri.run_id = $1 AND ri.outcome = 'succeeded' LIMIT 1`, [runId])).rows;
    const count = async () => (await pg.query(`SELECT (SELECT count(*) FROM forecasts)::int AS f, (SELECT count(*) FROM reorder_recommendations)::int AS r, (SELECT processed FROM forecast_runs WHERE id = $1) AS p`, [runId])).rows[0];
    const before = await count();
    await app.runtime.app.get(CycleService).forecastSkus(runId, [itemId], 1, false);
    expect(await count()).toEqual(before);
  });

  it('supersedes older open recommendations and pending drafts at the next run; a superseded PO cannot be approved', async () => {
    const oldPos = (await pg.query(`SELECT id FROM purchase_orders WHERE status = 'pending_approval'`)).rows.map((r) => r.id);
    expect(oldPos.length).toBeGreaterThan(0);
    nextNight();
    const { id } = await runToEnd('night-2');
    const statuses = (await pg.query(`SELECT DISTINCT status FROM purchase_orders WHERE id = ANY($1)`, [oldPos])).rows.map((r) => r.status);
    expect(statuses).toEqual(['superseded']);
    const refused = await app.gql(`mutation($id: ID!) { approvePurchaseOrder(id: $id) { status } }`, { id: oldPos[0] }, approver);
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    // No item has two open recommendations, and every open one that orders is on one pending PO (none pile up).
    const doubled = await pg.query(`SELECT item_id FROM reorder_recommendations WHERE status = 'open' GROUP BY item_id HAVING count(*) > 1`);
    expect(doubled.rows).toEqual([]);
    const lines = await pg.query(`
      SELECT r.item_id, count(*)::int AS n FROM purchase_order_lines l JOIN purchase_orders p ON p.id = l.purchase_order_id JOIN reorder_recommendations r ON r.id = l.recommendation_id
       WHERE p.status = 'pending_approval' GROUP BY r.item_id HAVING count(*) > 1`);
    expect(lines.rows).toEqual([]);
    const older = await pg.query(`SELECT count(*)::int AS n FROM reorder_recommendations WHERE status = 'open' AND run_id <> $1`, [id]);
    expect(older.rows[0].n).toBe(0);
  });

  it('keeps decisions and purchase orders consistent both ways', async () => {
    const [po] = (await pg.query(`SELECT id FROM purchase_orders WHERE status = 'pending_approval' AND (SELECT count(*) FROM purchase_order_lines l WHERE l.purchase_order_id = purchase_orders.id) >= 3 LIMIT 1`)).rows;
    expect(po).toBeDefined();
    const recs = (await pg.query(`SELECT id, recommended_qty FROM reorder_recommendations WHERE purchase_order_id = $1 ORDER BY sku`, [po.id])).rows;
    // Rejecting an open recommendation takes its line off the pending PO.
    const rejected = await app.gql(`mutation($id: ID!) { rejectRecommendation(id: $id, reason: "have enough") { status purchaseOrderId } }`, { id: recs[0].id }, approver);
    expect(rejected.data.rejectRecommendation).toEqual({ status: 'rejected', purchaseOrderId: null });
    expect((await pg.query(`SELECT 1 FROM purchase_order_lines WHERE recommendation_id = $1`, [recs[0].id])).rows).toEqual([]);
    // Approving with another quantity is an adjustment, and the line follows.
    const newQty = String(Number(recs[1].recommended_qty) + 7);
    const adjusted = await app.gql(`mutation($id: ID!, $q: Decimal) { approveRecommendation(id: $id, quantity: $q) { status decidedQty } }`, { id: recs[1].id, q: newQty }, approver);
    expect(adjusted.data.approveRecommendation.status).toBe('adjusted');
    expect(Number((await pg.query(`SELECT quantity FROM purchase_order_lines WHERE recommendation_id = $1`, [recs[1].id])).rows[0].quantity)).toBe(Number(newQty));
    // Approving the PO approves its still-open recommendations; then they cannot be rejected or re-adjusted.
    const approved = await app.gql(`mutation($id: ID!) { approvePurchaseOrder(id: $id) { status totalCost lines { sku } } }`, { id: po.id }, approver);
    expect(approved.data.approvePurchaseOrder.status).toBe('approved');
    expect((await pg.query(`SELECT status FROM reorder_recommendations WHERE id = $1`, [recs[2].id])).rows[0].status).toBe('approved');
    const late = await app.gql(`mutation($id: ID!) { rejectRecommendation(id: $id, reason: "too late") { status } }`, { id: recs[2].id }, approver);
    expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
    // Rejecting a pending PO rejects its open recommendations.
    const [other] = (await pg.query(`SELECT id FROM purchase_orders WHERE status = 'pending_approval' LIMIT 1`)).rows;
    if (other) {
      const r = await app.gql(`mutation($id: ID!) { rejectPurchaseOrder(id: $id, reason: "budget") { status } }`, { id: other.id }, approver);
      expect(r.data.rejectPurchaseOrder.status).toBe('rejected');
      const open = await pg.query(`SELECT count(*)::int AS n FROM reorder_recommendations WHERE purchase_order_id = $1 AND status = 'open'`, [other.id]);
      expect(open.rows[0].n).toBe(0);
    }
  });

  it('refuses a second run while one is active (CONFLICT naming it), and keeps the SKUs it was prepared with', async () => {
    nextNight();
    const locker = await sql(db.url);
    try {
      const started = await app.gql(RUN, { key: 'night-3' }, admin);
      const id = started.data.runForecastNow.id;
      // Wait until the run is prepared, then hold its row so no SKU can record an outcome.
      await eventually(async () => (await pg.query(`SELECT prepared_at FROM forecast_runs WHERE id = $1`, [id])).rows[0].prepared_at !== null, 60_000, 'preparation');
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM forecast_runs WHERE id = $1 FOR UPDATE`, [id]);
      const [{ total_skus }] = (await pg.query(`SELECT total_skus FROM forecast_runs WHERE id = $1`, [id])).rows;

      const second = await app.gql(RUN, { key: 'night-3-again' }, admin);
      expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(second.errors?.[0].message).toContain('night-3');
      expect((await pg.query(`SELECT 1 FROM forecast_runs WHERE run_key = 'night-3-again'`)).rows).toEqual([]);

      // Items (de)activated mid-run change nothing about this run.
      await pg.query(`UPDATE inventory_items SET active = false WHERE sku = (SELECT min(sku) FROM inventory_items WHERE active AND sku LIKE 'SKU-%')`);
      await app.runtime.app.get(InventoryService).upsertItems([{ sku: 'LATE-1', name: 'Activated mid-run', unitCost: '1', onHand: '0', leadTimeDays: 5, supplierName: 'Acme Industrial Supply' }], 'test');
      await locker.query('COMMIT');
      const run = await eventually(async () => {
        const r = (await app.gql(RUN_STATUS, { id }, admin)).data.forecastRun;
        return r.status === 'completed' ? r : undefined;
      }, 180_000, 'night-3 to complete');
      expect(run.progress.total).toBe(total_skus);
      expect(run.progress.processed).toBe(total_skus);
      expect((await pg.query(`SELECT 1 FROM forecast_run_items ri JOIN inventory_items i ON i.id = ri.item_id WHERE ri.run_id = $1 AND i.sku = 'LATE-1'`, [id])).rows).toEqual([]);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('fails a run whose finalisation keeps throwing, with the reason and an alert; retryRun then completes it', async () => {
    nextNight();
    await pg.query(`CREATE TRIGGER refuse_purchase_orders BEFORE INSERT ON purchase_orders FOR EACH ROW EXECUTE FUNCTION refuse_purchase_orders()`);
    const mailsBefore = smtp.mails.length;
    let id: string;
    try {
      ({ id } = await runToEnd('night-4', 'failed'));
    } finally {
      await pg.query(`DROP TRIGGER IF EXISTS refuse_purchase_orders ON purchase_orders`);
    }
    const [row] = (await pg.query(`SELECT status, error FROM forecast_runs WHERE id = $1`, [id])).rows;
    expect(row.status).toBe('failed');
    expect(row.error).toContain('purchase orders refused by the test');
    const alert = await eventually(async () => smtp.mails.slice(mailsBefore).find((m) => m.raw.includes('ALERT')), 10_000, 'the alert mail');
    expect(alert.raw).toContain('night-4');
    // …and an incident (ops) to acknowledge and follow.
    expect((await pg.query(`SELECT count(*)::int AS n FROM incidents WHERE kind = 'run-failed'`)).rows[0].n).toBe(1);

    const retried = await app.gql(`mutation($id: ID!) { retryRun(id: $id) { id } }`, { id }, admin);
    expect(retried.errors).toBeUndefined();
    const run = await eventually(async () => {
      const r = (await app.gql(RUN_STATUS, { id }, admin)).data.forecastRun;
      return r.status === 'completed' ? r : undefined;
    }, 60_000, 'the retried run to complete');
    expect(run.error).toBeNull();
    expect((await pg.query(`SELECT count(*)::int AS n FROM purchase_orders WHERE run_id = $1`, [id])).rows[0].n).toBeGreaterThan(0);
    const again = await app.gql(`mutation($id: ID!) { retryRun(id: $id) { id } }`, { id }, admin);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('lets the supervisor re-enqueue SKUs whose jobs were lost and finish the run', async () => {
    nextNight();
    const cycle = app.runtime.app.get(CycleService);
    const id = await cycle.startRun('manual', 'test', { runKey: 'night-5' });
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [id])).rows[0].status === 'completed', 180_000, 'night-5');
    // Simulate a lost queue: reopen the run with three SKUs back to pending and no jobs for them.
    const { rows } = await pg.query(`SELECT item_id FROM forecast_run_items WHERE run_id = $1 AND outcome = 'insufficient_history' LIMIT 3`, [id]);
    expect(rows.length).toBeGreaterThan(0);
    await pg.query(`UPDATE forecast_run_items SET outcome = 'pending', generation = 5 WHERE run_id = $1 AND item_id = ANY($2)`, [id, rows.map((r) => r.item_id)]);
    await pg.query(`UPDATE forecast_runs SET status = 'running', processed = processed - $2, last_progress_at = $3 WHERE id = $1`, [id, rows.length, new Date(clock.now().getTime() - 10 * 60_000)]);
    const result = await cycle.supervise();
    expect(result.resumed).toBe(1);
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [id])).rows[0].status === 'completed', 60_000, 'the reconciled run');
    expect((await pg.query(`SELECT count(*)::int AS n FROM forecast_run_items WHERE run_id = $1 AND outcome = 'pending'`, [id])).rows[0].n).toBe(0);
  });

  it('fails a run that is past its deadline, with the reason', async () => {
    const cycle = app.runtime.app.get(CycleService);
    const queue = app.runtime.app.get<Queue>(getQueueToken(JOBS_QUEUE));
    nextNight();
    await queue.pause();
    try {
      const id = await cycle.startRun('manual', 'test', { runKey: 'night-6' });
      clock.advance(3 * 3600 * 1000); // past the default deadline of 120 minutes, with no job taken
      const result = await cycle.supervise();
      expect(result.failed).toBe(1);
      const [row] = (await pg.query(`SELECT status, error FROM forecast_runs WHERE id = $1`, [id])).rows;
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/^deadline: not finished 120 minutes after it started/);
    } finally {
      await queue.resume();
    }
  });
});
