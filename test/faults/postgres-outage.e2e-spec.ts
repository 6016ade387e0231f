import { Client } from 'pg';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { startApp, TestApp } from '../support/app';
import { ADMIN_URL, dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from '../support/database';
import { eventually } from '../support/mail-and-webhook';
import { tcpProxy } from '../support/tcp-proxy';
import { expectExactlyOnce } from './exactly-once';

/**
 * PostgreSQL unreachable for a while mid-run (every connection dropped, new ones refused, through
 * a TCP proxy): the SKU jobs' infrastructure errors are never recorded as the SKUs' failures;
 * once the database is back the supervisor re-enqueues what has no outcome and the run completes
 * with every SKU once and no SKU failed. Also: two manual runs started at the same moment — one
 * runs, the other is refused.
 */
describe('fault: PostgreSQL unreachable mid-run', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  let app: TestApp;
  let pg: Client;

  beforeAll(async () => {
    db = await freshDatabase('fault_pg');
    const target = new URL(ADMIN_URL);
    proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    app = await startApp(
      {
        DATABASE_URL: viaProxy.toString(),
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: `nn-test-${db.name}`,
        WORKER_CONCURRENCY: '2',
        FORECAST_BATCH_SKUS: '4',
        SCHEDULER_ENABLED: 'true',
        FORECAST_CRON: '0 0 1 1 *',
        SUPERVISOR_CRON: '*/2 * * * * *',
        RUN_STALL_SECONDS: '5',
      },
      { processJobs: true },
    );
    pg = await sql(db.url); // direct, not through the proxy
    await app.runtime.app.get(DemoService).load({ skus: 120, weeks: 60, seed: 29 });
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await proxy?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('rides out a 10-second outage: the run completes, every SKU once, none recorded as failed', async () => {
    const cycle = app.runtime.app.get(CycleService);
    const runId = await cycle.startRun('manual', 'test', { runKey: 'pg-outage' });
    await eventually(async () => (await pg.query(`SELECT processed FROM forecast_runs WHERE id = $1`, [runId])).rows[0].processed >= 12, 120_000, 'progress');
    proxy.cut();
    await new Promise((r) => setTimeout(r, 10_000)); // the outage itself
    proxy.restore();
    const restoredAt = Date.now();
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [runId])).rows[0].status === 'completed', 150_000, 'completion after the outage');
    await expectExactlyOnce(pg, runId);
    expect((await pg.query(`SELECT count(*)::int AS n FROM forecast_run_items WHERE run_id = $1 AND outcome = 'failed'`, [runId])).rows[0].n).toBe(0);
    expect((Date.now() - restoredAt) / 1000).toBeLessThan(120);
  });

  it('starts one of two manual runs fired at the same moment and refuses the other', async () => {
    const admin = await app.login('admin');
    const q = `mutation($k: String) { runForecastNow(runKey: $k) { id } }`;
    const [a, b] = await Promise.all([app.gql(q, { k: 'race-a' }, admin), app.gql(q, { k: 'race-b' }, admin)]);
    const results = [a, b];
    expect(results.filter((r) => r.data?.runForecastNow?.id)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(1);
    const started = results.find((r) => r.data?.runForecastNow?.id)!.data.runForecastNow.id;
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [started])).rows[0].status === 'completed', 120_000, 'the started run');
    expect((await pg.query(`SELECT count(*)::int AS n FROM forecast_runs WHERE run_key IN ('race-a', 'race-b')`)).rows[0].n).toBe(1);
  });
});
