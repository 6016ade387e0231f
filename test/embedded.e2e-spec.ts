import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettableClock } from '../src/clock/clock';
import { CycleScheduler } from '../src/cycle/cycle.scheduler';
import { DemoService } from '../src/inventory/demo.service';
import { startApp, TestApp } from './support/app';
import { eventually, webhookSink } from './support/mail-and-webhook';

/**
 * The laptop default: no DATABASE_URL (PGlite in-process behind pglite-socket) and no REDIS_URL
 * (jobs in-process). A transaction that waits on another connection would hang here.
 */
describe('embedded mode (PGlite, in-process jobs)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-embedded-'));
  const env = { DATABASE_URL: undefined, REDIS_URL: undefined, DATA_DIR: dataDir, JWT_SECRET: undefined };
  let app: TestApp | undefined;

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on PGlite, logs in, loads demo data and answers queries', async () => {
    app = await startApp({ ...env, SCHEDULER_ENABLED: 'false' });
    expect(app.runtime.mode).toMatchObject({ database: 'embedded', jobs: 'in-process' });
    const result = await app.runtime.app.get(DemoService).load({ skus: 25, weeks: 60, seed: 3, endWeekStart: '2026-11-23' });
    expect(result.loaded).toBe(true);
    const token = await app.login('viewer');
    const items = await app.gql(`{ items(first: 5) { totalCount nodes { sku supplier { name } } } }`, undefined, token);
    expect(items.data.items.totalCount).toBe(25);
    expect(items.data.items.nodes[0].supplier.name).toEqual(expect.any(String));
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    await app.close();
    app = undefined;
  });

  it('keeps the data on restart, and the nightly cron runs the whole cycle in-process', async () => {
    // A webhook that always fails: the run must still complete, with the failure counted.
    const brokenSlack = await webhookSink(500);
    // A set clock: the run cannot straddle UTC midnight, so the day's run key is one key.
    const clock = new SettableClock('2026-12-01T12:00:00Z');
    app = await startApp({ ...env, SCHEDULER_ENABLED: 'true', FORECAST_CRON: '*/2 * * * * *', ROLLOUT_PHASE: 'draft', SLACK_WEBHOOK_URL: brokenSlack.url }, { clock });
    const demo = await app.runtime.app.get(DemoService).load({ skus: 25, weeks: 60, seed: 3, endWeekStart: '2026-11-23' });
    expect(demo).toMatchObject({ loaded: false, items: 25 });
    const admin = await app.login('admin');
    const run = await eventually(
      async () => {
        const runs = (await app!.gql(`{ forecastRuns(first: 5) { id trigger status stats progress { total processed succeeded } } }`, undefined, admin)).data?.forecastRuns ?? [];
        return runs.find((r: { trigger: string; status: string }) => r.trigger === 'cron' && r.status === 'completed');
      },
      180_000,
      'a cron-triggered run to complete',
    );
    expect(run.progress.processed).toBe(run.progress.total);
    expect(run.progress.total).toBeGreaterThan(20);
    expect(run.progress.succeeded).toBeGreaterThan(15);
    expect(brokenSlack.bodies).toHaveLength(1);
    expect(run.stats).toMatchObject({ notificationsSent: [], notificationFailures: 1 });
    await brokenSlack.close();
    // One run per UTC day from the cron: a later tick is refused by the run key.
    expect(await app.runtime.app.get(CycleScheduler).tick()).toBeNull();
    const cronRuns = (await app.gql(`{ forecastRuns(first: 20) { trigger } }`, undefined, admin)).data.forecastRuns.filter((r: { trigger: string }) => r.trigger === 'cron');
    expect(cronRuns).toHaveLength(1);
    const recs = await app.gql(`{ recommendations(first: 3) { nodes { sku priority inputs } } }`, undefined, admin);
    expect(recs.data.recommendations.nodes.length).toBeGreaterThan(0);
  });
});
