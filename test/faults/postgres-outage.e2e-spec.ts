import { Client } from 'pg';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { startApp, TestApp } from '../support/app';
import { ADMIN_URL, dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from '../support/database';
import { eventually } from '../support/mail-and-webhook';
import { tcpProxy } from '../support/tcp-proxy';
import { expectExactlyOnce } from './exactly-once';

/**
 * PostgreSQL unreachable for 20 s mid-run (the figure; every connection dropped, new ones
 * refused, through a TCP proxy): the SKU jobs' infrastructure errors are never recorded as the
 * SKUs' failures and use none of their attempts — the jobs wait the outage out with growing
 * delays (INFRA_RETRY_MAX_MINUTES). The supervisor's stall threshold is set far above the outage,
 * so the run completes by those retries alone, with every SKU once, no SKU failed, and every SKU
 * done on its first attempt. Also: two manual runs started at the same moment — one
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
        // The supervisor would re-enqueue after this long without progress: not within this spec.
        RUN_STALL_SECONDS: '600',
        INFRA_RETRY_MAX_MINUTES: '5',
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

  it('rides out a 20-second outage by retrying without using attempts: the run completes, every SKU once, none failed', async () => {
    const cycle = app.runtime.app.get(CycleService);
    const runId = await cycle.startRun('manual', 'test', { runKey: 'pg-outage' });
    await eventually(async () => (await pg.query(`SELECT processed FROM forecast_runs WHERE id = $1`, [runId])).rows[0].processed >= 12, 120_000, 'progress');
    proxy.cut();
    await new Promise((r) => setTimeout(r, 20_000)); // the outage itself
    proxy.restore();
    const restoredAt = Date.now();
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [runId])).rows[0].status === 'completed', 150_000, 'completion after the outage');
    await expectExactlyOnce(pg, runId);
    expect((await pg.query(`SELECT count(*)::int AS n FROM forecast_run_items WHERE run_id = $1 AND outcome = 'failed'`, [runId])).rows[0].n).toBe(0);
    // The outage used no attempt: every SKU was written on its batch's first attempt.
    expect((await pg.query(`SELECT max(attempts)::int AS n FROM forecast_run_items WHERE run_id = $1`, [runId])).rows[0].n).toBe(1);
    // Delays 2, 4, 8, 16, 30 s: every job is back within ~30 s of the restore, plus the work left.
    expect((Date.now() - restoredAt) / 1000).toBeLessThan(90);
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
