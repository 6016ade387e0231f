import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { startApp, TestApp } from '../support/app';
import { freshDatabase, sql } from '../support/database';
import { eventually } from '../support/mail-and-webhook';
import { killHard, startRedis } from '../support/processes';
import { expectExactlyOnce } from './exactly-once';

/**
 * Redis killed and restarted mid-run, on a redis-server of this spec's own: without persistence
 * the queued jobs are gone and the supervisor re-enqueues the SKUs without an outcome; with AOF
 * the jobs survive. Either way the run completes with every SKU once.
 */
describe('fault: Redis restarted mid-run', () => {
  const port = 6400 + Math.floor(Math.random() * 500);
  const dir = mkdtempSync(join(tmpdir(), 'nn-redis-'));
  let redis: ChildProcess;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;

  beforeAll(async () => {
    db = await freshDatabase('fault_redis');
    redis = await startRedis(port, { appendonly: false, dir });
    app = await startApp(
      {
        DATABASE_URL: db.url,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        QUEUE_PREFIX: 'nn-fault',
        WORKER_CONCURRENCY: '2',
        FORECAST_BATCH_SKUS: '4',
        SCHEDULER_ENABLED: 'true',
        FORECAST_CRON: '0 0 1 1 *',
        SUPERVISOR_CRON: '*/2 * * * * *',
        RUN_STALL_SECONDS: '5',
      },
      { processJobs: true },
    );
    pg = await sql(db.url);
    await app.runtime.app.get(DemoService).load({ skus: 120, weeks: 60, seed: 23 });
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (redis) await killHard(redis);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function restartMidRun(key: string, appendonly: boolean): Promise<number> {
    const cycle = app.runtime.app.get(CycleService);
    const runId = await cycle.startRun('manual', 'test', { runKey: key });
    await eventually(async () => (await pg.query(`SELECT processed FROM forecast_runs WHERE id = $1`, [runId])).rows[0].processed >= 12, 120_000, 'progress');
    await killHard(redis);
    await new Promise((r) => setTimeout(r, 1000)); // Redis stays down for a moment, as in a real restart
    redis = await startRedis(port, { appendonly, dir });
    const restartedAt = Date.now();
    await eventually(async () => (await pg.query(`SELECT status FROM forecast_runs WHERE id = $1`, [runId])).rows[0].status === 'completed', 150_000, `run ${key} after the restart`);
    await expectExactlyOnce(pg, runId);
    return (Date.now() - restartedAt) / 1000;
  }

  it('without persistence: the lost jobs are re-enqueued by the supervisor and the run completes', async () => {
    expect(await restartMidRun('redis-lost', false)).toBeLessThan(120);
  });

  it('with AOF: the queued jobs survive the restart and the run completes', async () => {
    // Turn AOF on first (a restart with appendonly yes on an empty dir), then kill mid-run and restart.
    await killHard(redis);
    redis = await startRedis(port, { appendonly: true, dir });
    expect(await restartMidRun('redis-aof', true)).toBeLessThan(120);
  });
});
