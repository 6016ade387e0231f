import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { mixSeed, sampleNormal, xoshiro128ss } from '../src/common/prng';
import { CycleService } from '../src/cycle/cycle.service';
import { InventoryService } from '../src/inventory/inventory.service';
import { addWeeks } from '../src/common/iso-week';
import { LearningService } from '../src/learning/learning.service';
import { floorAndNormalise } from '../src/learning/weights';
import { applyFloor, WEIGHT_FLOOR } from '../src/forecast/ensemble';
import { welchTTest } from '../src/learning/welch';
import { job, JOB_QUEUE, JobQueue } from '../src/jobs/job-queue';
import { DECISION_FEEDBACK_SINK, DecisionFeedbackSink } from '../src/learning/decision-feedback.sink';
import { learningWeeklyJobId } from '../src/learning/learning.jobs';
import { startApp, TestApp } from './support/app';
import { hoursInto, loadWeeklyCatalog } from './support/weekly-catalog';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { eventually } from './support/mail-and-webhook';

/**
 * The learning loop on PostgreSQL + Redis with a set clock: weekly cycles over a small catalog,
 * usage arriving week by week, accuracy rows (the ensemble and each member, from the members'
 * forecasts the cycle stores), weights, drift, feedback and the re-evaluation job, the registry,
 * fallback, cold start in the cycle. Retraining's champion/challenger: learning-retrain.e2e-spec.ts.
 */
const HISTORY_END = '2026-06-01'; // a Monday: the last week of history before the first run
const HISTORY_WEEKS = 40;
const SHIFT_FROM = 13; // from week HISTORY_END + 13 SHIFT-1's level climbs by 80 a week (a change of regime a forecast keeps lagging)
const SKUS = ['STABLE-1', 'SHIFT-1', 'STEADY-2'] as const;

function demand(sku: (typeof SKUS)[number], weekIndex: number): number {
  const rand = xoshiro128ss(mixSeed(SKUS.indexOf(sku) + 1, weekIndex + 1000));
  // A one-off jump is absorbed by the ensemble within two or three weeks (too few large errors for
  // Welch's test on 4 weeks); a climbing level keeps the errors up, as a real change of regime does.
  const level = sku === 'STEADY-2' ? 40 : sku === 'SHIFT-1' && weekIndex >= SHIFT_FROM ? 100 + 80 * (weekIndex - SHIFT_FROM + 1) : 100;
  return Math.max(0, Math.round(sampleNormal(rand, level, level * 0.08)));
}

const at = hoursInto;

describe('the learning loop end to end on PostgreSQL + Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let viewer: string;
  let approver: string;
  const clock = new SettableClock(at(addWeeks(HISTORY_END, 1), 1));
  let learning: LearningService;
  let cycle: CycleService;
  let inventory: InventoryService;
  const itemIds = new Map<string, string>();
  const runIds: string[] = [];

  /** Week k's cycle (forecasting weeks k..k+3 from history up to k−1), then week k's usage arrives. */
  async function weekCycle(k: number, usage: (sku: (typeof SKUS)[number], k: number) => number = demand): Promise<void> {
    const week = addWeeks(HISTORY_END, k);
    clock.set(at(week, 27)); // Tuesday 03:00 of week k
    const runId = await cycle.startRun('manual', 'test', { runKey: `learn-${k}` });
    await cycle.waitForCompletion(runId, { timeoutMs: 120_000 });
    runIds.push(runId);
    clock.set(at(addWeeks(week, 1), 1)); // Monday 01:00 after week k: its usage arrives
    await inventory.recordUsage(SKUS.map((sku) => ({ sku, weekStart: week, quantity: String(usage(sku, k)) })), 'test');
    await learning.recordActuals([...itemIds.values()], [week]);
  }

  beforeAll(async () => {
    db = await freshDatabase('learning');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, ROLLOUT_PHASE: 'draft' }, { processJobs: true, clock });
    pg = await sql(db.url);
    [admin, viewer, approver] = [await app.login('admin'), await app.login('viewer'), await app.login('approver')];
    learning = app.runtime.app.get(LearningService);
    cycle = app.runtime.app.get(CycleService);
    inventory = app.runtime.app.get(InventoryService);
    for (const [sku, id] of await loadWeeklyCatalog(inventory, { supplier: 'Learning Supply', skus: SKUS, weeks: HISTORY_WEEKS, lastWeek: HISTORY_END, demand })) itemIds.set(sku, id);
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('records forecast vs actual per model and step when two weeks of usage arrive, once', async () => {
    await weekCycle(1);
    await weekCycle(2);
    const rows = (
      await pg.query(
        `SELECT i.sku, a.week_start::text AS week, a.horizon_step AS step, a.run_id, a.forecast, a.actual, a.p90, a.mase_scale_kind
           FROM forecast_accuracy a JOIN inventory_items i ON i.id = a.item_id WHERE a.model = 'ensemble' ORDER BY i.sku, week, step`,
      )
    ).rows;
    // Week 1 at step 1 (run 1); week 2 at step 1 (run 2) and step 2 (run 1): three rows per SKU.
    expect(rows.filter((r) => r.sku === 'STABLE-1').map((r) => [r.week, r.step, r.run_id])).toEqual([
      [addWeeks(HISTORY_END, 1), 1, runIds[0]],
      [addWeeks(HISTORY_END, 2), 1, runIds[1]],
      [addWeeks(HISTORY_END, 2), 2, runIds[0]],
    ]);
    for (const r of rows) {
      const k = (Date.parse(r.week) - Date.parse(HISTORY_END)) / (7 * 86_400_000);
      expect(Number(r.actual)).toBe(demand(r.sku, k));
      const forecast = (await pg.query(`SELECT weeks FROM forecasts WHERE run_id = $1 AND item_id = $2`, [r.run_id, itemIds.get(r.sku)])).rows[0];
      expect(Number(r.forecast)).toBeCloseTo(Number(forecast.weeks[r.step - 1].mean), 3);
      expect(Number(r.p90)).toBeCloseTo(Number(forecast.weeks[r.step - 1].p90), 3);
      expect(r.mase_scale_kind).toBe('naive'); // 40 weeks < 52 + 4: the naive in-sample MAE
    }
    // Every member the engine fitted is recorded too, from the member forecasts the cycle stored, and the seasonal-naive baseline.
    const stored = (await pg.query(`SELECT run_id, item_id, weeks FROM forecasts WHERE run_id = ANY($1)`, [runIds])).rows;
    let memberRows = 0;
    for (const f of stored) {
      const members = Object.keys(f.weeks[0].members);
      expect(members.length).toBeGreaterThan(1);
      const recorded = (await pg.query(`SELECT model, week_start::text AS week, horizon_step AS step, forecast FROM forecast_accuracy WHERE run_id = $1 AND item_id = $2 AND model <> 'ensemble'`, [f.run_id, f.item_id])).rows;
      for (const r of recorded.filter((x) => x.model in f.weeks[0].members)) {
        expect(Number(r.forecast)).toBeCloseTo(Number(f.weeks[r.step - 1].members[r.model]), 3);
        memberRows++;
      }
      // Each member: one row per week of this forecast that has its actual (run 1: weeks 1 and 2, run 2: week 2).
      const weeksWithActual = f.run_id === runIds[0] ? 2 : 1;
      for (const m of members) expect(recorded.filter((x) => x.model === m)).toHaveLength(weeksWithActual);
    }
    expect(memberRows).toBeGreaterThan(0);
    const models = (await pg.query(`SELECT DISTINCT model FROM forecast_accuracy ORDER BY 1`)).rows.map((r) => r.model);
    expect(models).toEqual(expect.arrayContaining(['ensemble', 'seasonal-naive', ...Object.keys(stored[0].weeks[0].members)]));
    const before = (await pg.query(`SELECT count(*)::int AS n, max(recorded_at) AS t FROM forecast_accuracy`)).rows[0];
    expect(await learning.recordActuals([...itemIds.values()], [addWeeks(HISTORY_END, 1), addWeeks(HISTORY_END, 2)])).toEqual({ written: 0 });
    expect((await pg.query(`SELECT count(*)::int AS n, max(recorded_at) AS t FROM forecast_accuracy`)).rows[0]).toEqual(before);
    expect(await learning.recordRecentActuals()).toEqual({ written: 0 }); // the pull form over the last 4 weeks: nothing new
    expect((await pg.query(`SELECT count(*)::int AS n FROM forecast_accuracy`)).rows[0].n).toBe(before.n);
  }, 300_000);

  it('records decisions as feedback and re-evaluates a SKU adjusted beyond 25 %, once a day; the next night uses it', async () => {
    const recs = (
      await pg.query(
        `SELECT r.id, r.item_id, r.run_id, r.recommended_qty, r.created_at, i.sku FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id
          WHERE r.status = 'open' AND r.recommended_qty > 0 ORDER BY i.sku`,
      )
    ).rows;
    const stable = recs.find((r) => r.sku === 'STABLE-1')!;
    const steady = recs.find((r) => r.sku === 'STEADY-2')!;
    const doubled = (Number(stable.recommended_qty) * 2).toFixed(3);
    expect((await app.gql(`mutation($id: ID!, $q: Decimal!) { adjustRecommendation(id: $id, quantity: $q, reason: "promotion") { status } }`, { id: stable.id, q: doubled }, approver)).errors).toBeUndefined();
    expect((await app.gql(`mutation($id: ID!) { approveRecommendation(id: $id) { status } }`, { id: steady.id }, approver)).errors).toBeUndefined();
    // The decisions above recorded their feedback in their own transactions (reorder → DECISION_FEEDBACK_SINK); a second record of the same decision writes nothing.
    const sink = app.runtime.app.get<DecisionFeedbackSink>(DECISION_FEEDBACK_SINK);
    const again = await sink.recordDecision({ recommendationId: stable.id, itemId: stable.item_id, runId: stable.run_id, decision: 'adjusted', recommendedQty: stable.recommended_qty, decidedQty: doubled, reason: 'promotion', decidedBy: 'test-approver', recommendedAt: stable.created_at });
    expect(again).toEqual({ recorded: false, reevaluate: true, reevaluationJobId: `reevaluate_${stable.item_id}_${clock.now().toISOString().slice(0, 10)}` });
    const approvedAgain = await learning.recordDecision({ recommendationId: steady.id, itemId: steady.item_id, runId: steady.run_id, decision: 'approved', recommendedQty: steady.recommended_qty, decidedQty: steady.recommended_qty, reason: null, decidedBy: 'test-approver', recommendedAt: steady.created_at });
    expect(approvedAgain).toMatchObject({ recorded: false, reevaluate: false });
    const feedback = (await pg.query(`SELECT decision, error_pct, reevaluate FROM decision_feedback ORDER BY decision`)).rows;
    expect(feedback).toEqual([
      { decision: 'adjusted', error_pct: '100.000', reevaluate: true },
      { decision: 'approved', error_pct: '0.000', reevaluate: false },
    ]);

    // The adjustment enqueued the re-evaluation job: STABLE-1's weights validated afresh and stored as its current weights.
    const stableId = itemIds.get('STABLE-1')!;
    const reevaluated = await eventually(async () => (await pg.query(`SELECT weights, inputs FROM ensemble_weights WHERE item_id = $1 AND source = 'reevaluation'`, [stableId])).rows[0], 60_000, 'the re-evaluation');
    expect(reevaluated.inputs).toMatchObject({ day: clock.now().toISOString().slice(0, 10), validatedTo: addWeeks(HISTORY_END, 2) });
    expect(Object.keys(reevaluated.weights).length).toBeGreaterThan(1);
    expect((await learning.currentWeights([stableId])).get(stableId)).toEqual(reevaluated.weights);
    // A second request the same day (the same job id, as a second adjustment of the SKU that day gets) runs nothing more.
    await sink.requestReevaluation(stableId, again.reevaluationJobId!);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await pg.query(`SELECT count(*)::int AS n FROM ensemble_weights WHERE item_id = $1 AND source = 'reevaluation'`, [stableId])).rows[0].n).toBe(1);
    expect((await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'learning.reevaluated' AND entity_id = $1`, [stableId])).rows[0].n).toBe(1);
    // Called directly the same day (a redelivered job), the handler leaves it alone too.
    expect(await learning.reevaluateSku(stableId, reevaluated.inputs.day)).toMatchObject({ reevaluated: false });

    // The next night forecasts STABLE-1 with the re-evaluated weights (floored at 0.1 over the members it fits).
    await weekCycle(3);
    const next = (await pg.query(`SELECT weights FROM forecasts WHERE run_id = $1 AND item_id = $2`, [runIds.at(-1), stableId])).rows[0].weights;
    const expected = applyFloor(reevaluated.weights, WEIGHT_FLOOR, Object.keys(next));
    for (const [name, w] of Object.entries(next)) expect(w).toBeCloseTo(expected[name], 6);
  }, 300_000);

  it('learns weights from backtest errors first, then from realized errors', async () => {
    const first = await learning.updateWeeklyWeights();
    expect(first.items).toBe(3);
    expect(first.bySource).toEqual({ backtest: 3 });
    const early = await learning.currentWeights([itemIds.get('STABLE-1')!]);

    for (let k = 4; k <= 16; k++) await weekCycle(k);
    const later = await learning.updateWeeklyWeights();
    expect(later.bySource).toEqual({ realized: 3 });
    const history = (await pg.query(`SELECT weights, source, inputs FROM ensemble_weights WHERE item_id = $1 ORDER BY valid_from`, [itemIds.get('STABLE-1')])).rows;
    expect(history.map((h) => h.source)).toEqual(['reevaluation', 'backtest', 'realized']);
    const now = (await learning.currentWeights([itemIds.get('STABLE-1')!])).get(itemIds.get('STABLE-1')!)!;
    expect(now).toEqual(history[2].weights);
    expect(now).not.toEqual(early.get(itemIds.get('STABLE-1')!));
    expect(Object.keys(now).length).toBeGreaterThan(1);
    // The realized errors are the members' own (from their stored forecasts): each member's input error is its
    // mean absolute scaled error over the 13 weeks, recomputed here from the accuracy rows.
    const inputs = history[2].inputs.inputs as Record<string, { error: number }>;
    for (const member of Object.keys(now)) {
      const errs = (
        await pg.query(
          `SELECT abs(forecast - actual)::float8 / mase_scale::float8 AS e FROM forecast_accuracy WHERE item_id = $1 AND model = $2 AND NOT censored AND mase_scale IS NOT NULL AND week_start > $3::date AND week_start <= $4::date`,
          [itemIds.get('STABLE-1'), member, addWeeks(HISTORY_END, 16 - 13), addWeeks(HISTORY_END, 16)],
        )
      ).rows.map((r) => r.e);
      expect(errs.length).toBeGreaterThanOrEqual(8);
      expect(inputs[member].error).toBeCloseTo(errs.reduce((a, b) => a + b, 0) / errs.length, 8);
    }
    // The stored inputs recompute the stored weights.
    const positive = Object.values(inputs).map((i) => i.error).filter((e) => e > 0);
    const raw = Object.fromEntries(Object.entries(inputs).map(([m, i]) => [m, 1 / (i.error > 0 ? i.error : Math.min(...positive) / 2)]));
    const recomputed = floorAndNormalise(raw, 0.1);
    expect(Object.keys(recomputed).sort()).toEqual(Object.keys(now).sort());
    for (const [name, w] of Object.entries(now)) expect(recomputed[name]).toBeCloseTo(w, 12);
  }, 900_000);

  it('raises a drift event for the SKU whose level shifted, with the statistics, and not for the stable ones', async () => {
    const result = await learning.detectDrift();
    expect(result.tested).toBe(3);
    expect(result.drifted.map((d) => d.itemId)).toEqual([itemIds.get('SHIFT-1')]);
    const [event] = (await pg.query(`SELECT week_start::text AS week, t_statistic, p_value, recent_weeks, baseline_weeks FROM drift_events`)).rows;
    expect(event).toMatchObject({ week: addWeeks(HISTORY_END, 16), recent_weeks: 4, baseline_weeks: 12 });
    // Recompute the test from the stored accuracy rows: step-1 ensemble errors / the MASE scale.
    const rows = (
      await pg.query(`SELECT abs(forecast - actual)::float8 / mase_scale::float8 AS e FROM forecast_accuracy WHERE item_id = $1 AND model = 'ensemble' AND horizon_step = 1 ORDER BY week_start`, [itemIds.get('SHIFT-1')])
    ).rows.map((r) => r.e);
    expect(rows).toHaveLength(16);
    // The drift rule tests ln(1 + e) (src/learning/drift.ts) and needs recent errors ≥ 2.5 × the baseline's.
    const welch = welchTTest(rows.slice(12).map(Math.log1p), rows.slice(0, 12).map(Math.log1p));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(rows.slice(12))).toBeGreaterThanOrEqual(2.5 * mean(rows.slice(0, 12)));
    expect(event.t_statistic).toBeCloseTo(welch.t, 8);
    expect(event.p_value).toBeCloseTo(welch.pGreater, 10);
    expect(event.p_value).toBeLessThan(0.05);
    expect((await learning.detectDrift()).drifted).toHaveLength(1); // stored once per SKU and week
    expect((await pg.query(`SELECT count(*)::int AS n FROM drift_events`)).rows[0].n).toBe(1);
  });

  it('serves KPIs, per-SKU accuracy and forecast value added over GraphQL', async () => {
    const kpis = (await app.gql(`{ kpis(window: 13, groupBy: SKU) { windowWeeks accuracy { key n mapePct mapeSkipped wapePct mase coverage { p90 } improvementOverSeasonalNaivePct } business { feedbackCompletenessPct approvalRatePct forecastCompletionPct } } }`, undefined, viewer)).data.kpis;
    expect(kpis.accuracy.map((a: { key: string }) => a.key)).toEqual(['SHIFT-1', 'STABLE-1', 'STEADY-2']);
    // STABLE-1 by hand from the stored rows: the 13 weeks 4..16 at step 1.
    const rows = (await pg.query(`SELECT forecast::float8 AS f, actual::float8 AS a FROM forecast_accuracy WHERE item_id = $1 AND model = 'ensemble' AND horizon_step = 1 AND week_start > $2::date`, [itemIds.get('STABLE-1'), addWeeks(HISTORY_END, 3)])).rows;
    expect(rows).toHaveLength(13);
    const stable = kpis.accuracy.find((a: { key: string }) => a.key === 'STABLE-1');
    expect(stable.n).toBe(13);
    expect(stable.mapePct).toBeCloseTo((100 * rows.reduce((s, r) => s + Math.abs(r.f - r.a) / r.a, 0)) / 13, 8);
    expect(stable.wapePct).toBeCloseTo((100 * rows.reduce((s, r) => s + Math.abs(r.f - r.a), 0)) / rows.reduce((s, r) => s + r.a, 0), 8);
    expect(kpis.business.approvalRatePct).toBe(50); // one approved as recommended, one adjusted

    const bad = await app.gql(`{ kpis(window: 5) { windowWeeks } }`, undefined, viewer);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const accuracy = (await app.gql(`{ accuracy(sku: "SHIFT-1") { sku models { key n } weeks { weekStart horizonStep } } }`, undefined, viewer)).data.accuracy;
    expect(accuracy.models.map((m: { key: string }) => m.key)).toEqual(expect.arrayContaining(['ensemble', 'seasonal-naive']));

    // FVA: STABLE-1's doubled order, spread over the 4 forecast weeks of run 2, against the actuals.
    const fva = (await app.gql(`{ forecastValueAdded(groupBy: APPROVER) { byApprover { key overriddenWeeks systemWapePct plannerWapePct fvaPoints } overall { overriddenWeeks fvaPoints } } }`, undefined, viewer)).data.forecastValueAdded;
    const fb = (await pg.query(`SELECT run_id, recommended_qty::float8 AS r, decided_qty::float8 AS d FROM decision_feedback WHERE decision = 'adjusted'`)).rows[0];
    const weeks = (await pg.query(`SELECT forecast::float8 AS f, actual::float8 AS a FROM forecast_accuracy WHERE run_id = $1 AND item_id = $2 AND model = 'ensemble'`, [fb.run_id, itemIds.get('STABLE-1')])).rows;
    expect(weeks).toHaveLength(4);
    const actual = weeks.reduce((s, w) => s + w.a, 0);
    const system = (100 * weeks.reduce((s, w) => s + Math.abs(w.f - w.a), 0)) / actual;
    const planner = (100 * weeks.reduce((s, w) => s + Math.abs(Math.max(0, w.f + (fb.d - fb.r) / 4) - w.a), 0)) / actual;
    expect(fva.byApprover).toHaveLength(1);
    expect(fva.byApprover[0].key).toBe('test-approver');
    expect(fva.byApprover[0].overriddenWeeks).toBe(4);
    expect(fva.byApprover[0].systemWapePct).toBeCloseTo(system, 8);
    expect(fva.byApprover[0].fvaPoints).toBeCloseTo(system - planner, 8);
  });

  it('keeps the rollout phase in the database: admin only, audited, with readiness', async () => {
    expect(await learning.rolloutPhase()).toBe('draft'); // ROLLOUT_PHASE until someone sets it
    const byViewer = await app.gql(`mutation { setRolloutPhase(phase: notify) }`, undefined, viewer);
    expect(byViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(`mutation { setRolloutPhase(phase: notify) }`, undefined, admin)).data.setRolloutPhase).toBe('notify');
    expect(await learning.rolloutPhase()).toBe('notify');
    const audit = (await pg.query(`SELECT actor, payload FROM audit_log WHERE action = 'rollout.phase_set'`)).rows;
    expect(audit).toEqual([{ actor: 'test-admin', payload: { from: 'draft', to: 'notify' } }]);
    const readiness = (await app.gql(`{ rolloutReadiness { phase verdict suggestedPhase criteria { metric value met } } }`, undefined, viewer)).data.rolloutReadiness;
    expect(readiness.phase).toBe('notify');
    expect(['advance', 'hold', 'step_back']).toContain(readiness.verdict);
    expect(readiness.criteria.map((c: { metric: string }) => c.metric)).toEqual(['forecastCompletionPct', 'mapePct', 'reviewedPct', 'approvalRatePct', 'automatedPct']);
    expect(readiness.criteria.find((c: { metric: string }) => c.metric === 'forecastCompletionPct').value).toBe(100);
  });

  it('registry mechanics on stored metrics: promotes a better challenger, refuses a worse one, rolls back (a test model, not the global tree)', async () => {
    const v1 = await learning.registerModel({ name: 'test-model', artifactRef: 'model_artifacts:v1', backtestMetrics: { mase: 0.9, 'seasonal-naive.mase': 1 } }, 'test');
    const v2 = await learning.registerModel({ name: 'test-model', artifactRef: 'model_artifacts:v2', backtestMetrics: { mase: 0.8, 'seasonal-naive.mase': 1 } }, 'test');
    const v3 = await learning.registerModel({ name: 'test-model', artifactRef: 'model_artifacts:v3', backtestMetrics: { mase: 0.95, 'seasonal-naive.mase': 1 } }, 'test');
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    expect((await learning.considerChallenger(v1.id, 'system')).promoted).toBe(true);
    expect((await learning.considerChallenger(v2.id, 'system')).promoted).toBe(true);
    const refused = await learning.considerChallenger(v3.id, 'system');
    expect(refused).toEqual({ promoted: false, reason: expect.stringContaining('does not beat') });

    const MODELS = `{ models(name: "test-model") { version isProduction replacedId } }`;
    expect((await app.gql(MODELS, undefined, viewer)).data.models).toEqual([
      { version: 3, isProduction: false, replacedId: null },
      { version: 2, isProduction: true, replacedId: v1.id },
      { version: 1, isProduction: false, replacedId: null },
    ]);
    expect((await app.gql(`mutation { rollbackModel(name: "test-model") { version } }`, undefined, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const back = await app.gql(`mutation { rollbackModel(name: "test-model") { version isProduction promotedBy } }`, undefined, admin);
    expect(back.data.rollbackModel).toEqual({ version: 1, isProduction: true, promotedBy: 'test-admin' });
    expect((await app.gql(MODELS, undefined, viewer)).data.models.filter((m: { isProduction: boolean }) => m.isProduction).map((m: { version: number }) => m.version)).toEqual([1]);
    // v1 replaced nothing: a second rollback has nowhere to go.
    expect((await app.gql(`mutation { rollbackModel(name: "test-model") { version } }`, undefined, admin)).errors?.[0].extensions?.code).toBe('CONFLICT');
    // An admin may promote explicitly.
    expect((await app.gql(`mutation($id: ID!) { promoteModel(id: $id) { version isProduction } }`, { id: v3.id }, admin)).data.promoteModel).toEqual({ version: 3, isProduction: true });
    expect((await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('model.promoted', 'model.rolled_back', 'model.refused') AND payload->>'name' = 'test-model'`)).rows[0].n).toBe(5);
  });

  it('retrainNow (admin) gives the rule’s verdict and retrains on a worker: challenger registered with its backtest', async () => {
    // The catalog's first night registered and promoted a global tree (the bootstrap); nights since trained nothing.
    const bootstrap = (await pg.query(`SELECT version, is_production, created_by, promoted_by FROM model_registry WHERE name = 'global-tree'`)).rows;
    expect(bootstrap).toEqual([{ version: 1, is_production: true, created_by: 'system', promoted_by: 'system (bootstrap)' }]);
    expect((await pg.query(`SELECT count(*)::int AS n FROM model_artifacts`)).rows[0].n).toBe(1);
    expect((await app.gql(`mutation { retrainNow { jobId } }`, undefined, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const verdict = (await app.gql(`mutation { retrainNow { retrain reasons driftEvents lastWeekMapePct jobId } }`, undefined, admin)).data.retrainNow;
    expect(verdict.retrain).toBe(true);
    expect(verdict.reasons).toContain('drift detected on 1 SKU');
    expect(verdict.jobId).toMatch(/^retrain_global-tree_now-/);
    const done = await eventually(async () => (await pg.query(`SELECT payload FROM audit_log WHERE action = 'model.retrained'`)).rows[0], 120_000, 'the retraining');
    expect(done.payload.requestedBy).toBe('test-admin');
    const v2 = (await pg.query(`SELECT backtest_metrics, artifact_ref FROM model_registry WHERE name = 'global-tree' AND version = 2`)).rows[0];
    expect(v2.backtest_metrics.windows).toBeGreaterThan(0);
    expect(v2.backtest_metrics.origins).toBe(3);
    expect(Object.keys(v2.backtest_metrics)).toEqual(expect.arrayContaining(['mase', 'champion.mase', 'seasonal-naive.mase']));
    expect(done.payload.promoted).toBe(v2.backtest_metrics.mase < v2.backtest_metrics['champion.mase']);
  }, 180_000);

  it('falls back to seasonal naive above 50 % MAPE and recovers when a retrained model passes', async () => {
    // Week 17: demand of every SKU jumps fivefold.
    await weekCycle(17, (sku, k) => demand(sku, k) * (k === 17 ? 5 : 1));
    expect(await learning.fallbackActive()).toBe(false);
    const entered = await learning.evaluateFallback();
    expect(entered.change).toBe('enter');
    expect(entered.overallMapePct).toBeGreaterThan(50);
    expect(await learning.fallbackActive()).toBe(true);
    const fallbackIncidents = async () => (await pg.query(`SELECT status, summary FROM incidents WHERE kind = 'forecast_fallback' ORDER BY opened_at`)).rows;
    expect(await fallbackIncidents()).toEqual([{ status: 'open', summary: expect.stringContaining('fell back to seasonal naive') }]);
    expect((await learning.evaluateFallback()).change).toBe('stay_on');
    expect((await fallbackIncidents()).length).toBe(1); // staying on opens no second incident
    const worse = await learning.registerModel({ name: 'test-model', artifactRef: 'model_artifacts:v5', backtestMetrics: { mase: 0.99, 'seasonal-naive.mase': 1 } }, 'test');
    expect((await learning.considerChallenger(worse.id, 'system')).promoted).toBe(false);
    expect(await learning.fallbackActive()).toBe(true);
    const better = await learning.registerModel({ name: 'test-model', artifactRef: 'model_artifacts:v6', backtestMetrics: { mase: 0.5, 'seasonal-naive.mase': 1 } }, 'test');
    expect((await learning.considerChallenger(better.id, 'system')).promoted).toBe(true);
    expect(await learning.fallbackActive()).toBe(false);
    expect((await pg.query(`SELECT action FROM audit_log WHERE action LIKE 'fallback.%' ORDER BY seq`)).rows.map((r) => r.action)).toEqual(['fallback.entered', 'fallback.recovered']);
    expect((await fallbackIncidents()).map((r) => r.status)).toEqual(['resolved']);
  }, 300_000);

  it('forecasts a new SKU from its supplier’s SKUs, flagged cold start, and reports the learning figures', async () => {
    await inventory.upsertItems([{ sku: 'NEW-1', name: 'New', unitCost: '2', onHand: '0', supplierName: 'Learning Supply' }], 'test');
    const last = addWeeks(HISTORY_END, 17);
    await inventory.recordUsage([addWeeks(last, -1), last].map((weekStart) => ({ sku: 'NEW-1', weekStart, quantity: '20' })), 'test');
    const id = (await inventory.itemIdBySku('NEW-1'))!;
    const f = (await learning.coldStartForecasts([id], last)).get(id)!;
    // Peers' level over the last 4 weeks, scaled by 20 / that level: 20 a week, σ at least 10.
    expect(f.flag).toBe('cold_start');
    expect(f.peers).toBe(3);
    expect(f.mean).toHaveLength(4);
    expect(f.mean[0]).toBeCloseTo(20, 8);
    expect(f.sd[0]).toBeGreaterThanOrEqual(10);

    // In the nightly cycle: NEW-1 gets that forecast, flagged cold start, and a recommendation; NEW-2 (its own
    // supplier, no other items, no usage) has nothing to go on and stays "insufficient history".
    await inventory.upsertSuppliers([{ name: 'Lonely Supply', defaultLeadTimeDays: 7 }], 'test');
    await inventory.upsertItems([{ sku: 'NEW-2', name: 'New 2', unitCost: '2', onHand: '0', supplierName: 'Lonely Supply' }], 'test');
    await weekCycle(18);
    const run = runIds.at(-1)!;
    const outcomes = (await pg.query(`SELECT i.sku, ri.outcome FROM forecast_run_items ri JOIN inventory_items i ON i.id = ri.item_id WHERE ri.run_id = $1 AND i.sku LIKE 'NEW-%' ORDER BY 1`, [run])).rows;
    expect(outcomes).toEqual([{ sku: 'NEW-1', outcome: 'succeeded' }, { sku: 'NEW-2', outcome: 'insufficient_history' }]);
    const viaApi = (await app.gql(`{ forecast(sku: "NEW-1") { model coldStart historyWeeks weeks { mean p90 } } }`, undefined, viewer)).data.forecast;
    expect(viaApi).toMatchObject({ model: 'cold-start', coldStart: true, historyWeeks: 2 });
    // Wide interval: p90 = mean + 1.2816 σ with σ ≥ mean / 2 (cold-start.ts).
    expect(viaApi.weeks[0].p90).toBeGreaterThanOrEqual(viaApi.weeks[0].mean * (1 + 1.2816 * 0.5) - 0.01);
    const rec = (await pg.query(`SELECT r.recommended_qty, r.inputs FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id WHERE r.run_id = $1 AND i.sku = 'NEW-1'`, [run])).rows[0];
    expect(rec).toBeDefined();
    expect(rec.inputs.inputs.forecast.meanPerWeek[0]).toBeCloseTo(viaApi.weeks[0].mean, 3);
    expect((await app.gql(`{ forecast(sku: "STABLE-1") { coldStart } }`, undefined, viewer)).data.forecast.coldStart).toBe(false);

    const report = await learning.reportSummary();
    expect(report.lines.some((l) => l.startsWith('MAPE (overall): '))).toBe(true);
    expect(report.lines).toContain('drift events this week: 0');
    expect(report.lines.find((l) => l.startsWith('rollout: phase notify'))).toBeDefined();
  });

  it('runs the weekly learning pass as a job from the queue, once per week', async () => {
    const queue = app.runtime.app.get<JobQueue>(JOB_QUEUE);
    const week = learning.lastCompleteWeek();
    const send = () => queue.addBulk([job('learning-weekly', { week }, { jobId: learningWeeklyJobId(week), attempts: 1 })]);
    await send();
    const entry = await eventually(async () => (await pg.query(`SELECT payload FROM audit_log WHERE action = 'learning.weekly'`)).rows[0], 60_000, 'the weekly pass');
    // Week 17's fivefold demand: MAPE far above 30 % (retrain) and 50 % (the fallback starts again).
    expect(entry.payload).toMatchObject({ week, weights: 3, fallback: 'enter', retrain: true });
    expect(entry.payload.reasons[0]).toMatch(/^last week's MAPE \d+\.\d % > 30 %$/);
    await send();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'learning.weekly'`)).rows[0].n).toBe(1);
    // The rule said retrain: the weekly pass enqueued the retraining job, which ran on the worker.
    const retrained = await eventually(async () => (await pg.query(`SELECT payload FROM audit_log WHERE action = 'model.retrained' ORDER BY seq`)).rows[1], 120_000, 'the weekly retraining');
    expect(retrained.payload.reasons[0]).toMatch(/^last week's MAPE/);
  }, 180_000);
});
