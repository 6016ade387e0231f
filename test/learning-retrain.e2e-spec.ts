import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { CycleService } from '../src/cycle/cycle.service';
import { ModelStoreService } from '../src/forecast/model-store.service';
import { GlobalTreeModel } from '../src/forecast/models/global-tree';
import { DemoService } from '../src/inventory/demo.service';
import { LearningService } from '../src/learning/learning.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { eventually, smtpSink } from './support/mail-and-webhook';

/**
 * Training off the nightly run, on PostgreSQL + Redis with a set clock: a new catalog's first
 * night trains and promotes the global model once (the bootstrap); later nights only load the
 * registry's production version, however old; retraining runs as a job (challenger trained,
 * backtested walk-forward against the champion on the same windows, promoted only when better,
 * notified); rollback restores the version the production one replaced, and the next night uses it.
 */
const LAST_WEEK = '2026-11-23';

describe('retraining and the model registry, off the nightly run (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  const clock = new SettableClock('2026-11-24T02:00:00Z');

  async function night(key: string): Promise<{ runId: string; artifactId: string | null }> {
    const cycle = app.runtime.app.get(CycleService);
    const runId = await cycle.startRun('manual', 'test', { runKey: key });
    await cycle.waitForCompletion(runId, { timeoutMs: 180_000 });
    const [run] = (await pg.query(`SELECT model_artifact_id FROM forecast_runs WHERE id = $1`, [runId])).rows;
    return { runId, artifactId: run.model_artifact_id };
  }
  const production = async () => (await pg.query(`SELECT version, artifact_ref, backtest_metrics FROM model_registry WHERE name = 'global-tree' AND is_production`)).rows[0];
  const artifacts = async () => (await pg.query(`SELECT count(*)::int AS n FROM model_artifacts`)).rows[0].n as number;
  const retrained = async (n: number) =>
    eventually(async () => (await pg.query(`SELECT payload FROM audit_log WHERE action = 'model.retrained' ORDER BY seq`)).rows[n - 1]?.payload, 120_000, `retraining ${n}`);

  beforeAll(async () => {
    db = await freshDatabase('retrain');
    smtp = await smtpSink();
    app = await startApp(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, ROLLOUT_PHASE: 'shadow', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'ops@example.test' },
      { processJobs: true, clock },
    );
    pg = await sql(db.url);
    admin = await app.login('admin');
    await app.runtime.app.get(DemoService).load({ skus: 16, weeks: 60, seed: 3, endWeekStart: LAST_WEEK });
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await smtp?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('bootstraps once: the first night trains and promotes v1; later nights load it and train nothing, however old it gets', async () => {
    const first = await night('night-1');
    const v1 = await production();
    expect(v1.version).toBe(1);
    expect(v1.artifact_ref).toBe(`model_artifacts:${first.artifactId}`);
    expect(await artifacts()).toBe(1);
    clock.advance(10 * 24 * 3600 * 1000); // older than MODEL_MAX_AGE_DAYS (7): the old code retrained here
    const second = await night('night-2');
    expect(second.artifactId).toBe(first.artifactId);
    expect(await artifacts()).toBe(1);
    expect((await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'model.trained'`)).rows[0].n).toBe(1);
  }, 300_000);

  it('promotes a challenger that beats the champion on the same backtest windows, and notifies', async () => {
    // A deliberately bad champion: a tree trained on series that grow 15 % a week, so it forecasts growth the catalog does not have.
    const growth = Array.from({ length: 20 }, (_, s) => Array.from({ length: 60 }, (_, t) => Math.round((5 + s) * 1.15 ** t)));
    const params = { season: 52, horizon: 4, seed: 1 };
    const bad = await app.runtime.app.get(ModelStoreService).store(GlobalTreeModel.train(growth, params).toJSON(), params, growth.length, { trainingMs: 0 }, 'test');
    const learning = app.runtime.app.get(LearningService);
    const row = await learning.registerModel({ name: 'global-tree', artifactRef: `model_artifacts:${bad.id}`, backtestMetrics: {} }, 'test');
    await learning.promoteModel(row.id, 'test');
    expect((await production()).version).toBe(2);

    const mails = smtp.mails.length;
    const asked = await app.gql(`mutation { retrainNow { jobId retrain reasons } }`, undefined, admin);
    expect(asked.errors).toBeUndefined();
    const result = await retrained(1);
    expect(result).toMatchObject({ promoted: true, version: 3, requestedBy: 'test-admin' });
    const v3 = await production();
    expect(v3.version).toBe(3);
    // The same windows for both: the challenger's MASE below the champion's; seasonal naive on them too.
    expect(v3.backtest_metrics.windows).toBeGreaterThan(0);
    expect(v3.backtest_metrics.mase).toBeLessThan(v3.backtest_metrics['champion.mase']);
    expect(v3.backtest_metrics['seasonal-naive.mase']).toBeGreaterThan(0);
    await eventually(async () => smtp.mails.length > mails, 10_000, 'the retraining mail');
    expect(smtp.mails.at(-1)!.raw).toContain('retraining complete, 1 model updated');
  }, 300_000);

  it('refuses a challenger that does not beat the champion, and says why', async () => {
    clock.advance(60_000); // retrainNow's job id is per moment
    const mails = smtp.mails.length;
    expect((await app.gql(`mutation { retrainNow { jobId } }`, undefined, admin)).errors).toBeUndefined();
    const result = await retrained(2);
    // The champion v3 was trained on the whole history (backtest windows included); the challenger scored in the
    // backtest never saw them: on the same data it does not beat the champion.
    expect(result).toMatchObject({ promoted: false, version: 4 });
    expect(result.reason).toContain('does not beat');
    expect((await production()).version).toBe(3);
    const v4 = (await pg.query(`SELECT is_production, backtest_metrics FROM model_registry WHERE name = 'global-tree' AND version = 4`)).rows[0];
    expect(v4.is_production).toBe(false);
    expect(v4.backtest_metrics.mase).toBeGreaterThanOrEqual(v4.backtest_metrics['champion.mase']);
    await eventually(async () => smtp.mails.length > mails, 10_000, 'the refusal mail');
    expect(smtp.mails.at(-1)!.raw).toContain('0 models updated');
    expect(smtp.mails.at(-1)!.raw).toContain('does not beat');
    // The health indicator's model age is the production version's (v3), not the refused newest artifact's.
    const trainedAt = async (artifactRef: string) => (await pg.query(`SELECT trained_at FROM model_artifacts WHERE id = $1`, [artifactRef.replace('model_artifacts:', '')])).rows[0].trained_at as Date;
    const newest = (await pg.query(`SELECT max(trained_at) AS t FROM model_artifacts`)).rows[0].t as Date;
    const productionAt = await trainedAt((await production()).artifact_ref);
    expect(productionAt.getTime()).toBeLessThan(newest.getTime());
    expect((await app.runtime.app.get(LearningService).productionModelTrainedAt())?.getTime()).toBe(productionAt.getTime());
  }, 300_000);

  it('rolls back to the version the production one replaced, and the next night forecasts with it', async () => {
    const back = await app.gql(`mutation { rollbackModel(name: "global-tree") { version isProduction } }`, undefined, admin);
    expect(back.data.rollbackModel).toEqual({ version: 2, isProduction: true });
    clock.advance(24 * 3600 * 1000);
    const before = await artifacts();
    const next = await night('night-3');
    expect(`model_artifacts:${next.artifactId}`).toBe((await production()).artifact_ref);
    expect((await production()).version).toBe(2);
    expect(await artifacts()).toBe(before); // the night trained nothing
  }, 300_000);
});
