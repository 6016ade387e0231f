/**
 * The learning loop replayed week by week against a frozen ensemble, on the demo catalog.
 *
 *   node bin/build.js
 *   node dist/bench/learning/replay.js [--skus 300] [--seed 42] [--weeks 26] [--shift-share 0.2] [--ramp-weeks 1]
 *     [--level-estimate settled|since-change] [--counterfactual-weeks 26] [--wave-skus 30] [--wave-week 3] [--dump errors.json]
 *
 * Data: the demo generator (104 weeks of history + `weeks` replay weeks, ending 2026-11-23).
 * A share of the SKUs (seeded) gets an injected level shift at replay week 13: demand × 2.5 or
 * × 0.4 from then on — at once (`--ramp-weeks 1`, a step) or ramped linearly over `--ramp-weeks`
 * weeks (week i = 0… of the shift: × 1 + (factor − 1)·min(1, (i + 1) / ramp)); the rest are left
 * as generated ("stable"). The loop's level estimate: `settled` (level-shift.ts settledLevelRatio,
 * the service's) or `since-change` (Σ actual / Σ counterfactual since the change, forecastRatio —
 * the estimate before it, kept to measure the difference), over the weeks since the change the
 * counterfactual forecast covers (`--counterfactual-weeks`; default the whole replay — the service
 * has its stored forecast's 4 weeks). Members per SKU: the engine's
 * candidates for its demand pattern (ensemble.ts CANDIDATES) without the global tree (it is
 * trained across SKUs; left out to keep the replay per SKU).
 *
 * Every replay week each member is refitted on the history so far (up to 104 weeks) and forecasts
 * one week ahead. Three combinations:
 * - frozen: inverse-MAE weights from the validation window before the replay (the last 4 weeks
 *   of the history), never updated, and the offline calibration table (DEFAULT_CALIBRATION) —
 *   what copying weights forward night after night amounts to;
 * - weights: the frozen members, weighted by src/learning/weights.ts adaptiveWeights every week
 *   (realized absolute scaled errors of the last 13 weeks once each member has 8, the validation
 *   errors before) — adaptive weights alone;
 * - loop: the weights, plus what a drift event does (src/learning/drift.ts on the loop's own
 *   errors, src/learning/level-shift.ts): the change point of the unadjusted members' one-step
 *   errors is estimated and, when the ratio Σ actual / Σ counterfactual forecast since then (the
 *   members fitted on the values before the change, weeks ahead) is material and beyond noise
 *   (|z| ≥ 3 with the members' step sds), the members of a smooth SKU (LEVEL_SHIFT_PATTERNS) are re-fitted on the history with the values before the change scaled by it (ratio
 *   re-estimated every week as the new level's weeks arrive) — and dropped again when, after 2
 *   weeks, the adjusted forecasts have erred more than the unadjusted ones (keepAdjustment); plus intervals that learn: per pattern, the step levels refitted every week on
 *   the loop's realized forecasts of the last 8 weeks (src/learning/interval-learning.ts).
 * Drift table: the rules on the weights-only combination's errors (what the previous version of
 * this bench tested), every week once the windows hold enough errors (replay week 10 on);
 * detection = a shifted SKU with an event within 6 weeks of its shift (a × 0.4 shift of
 * intermittent or lumpy demand makes absolute errors smaller: no "worse" rule can see it, so the
 * table also counts the shifts whose errors rose); false alarms = the share of stable SKUs with at
 * least one event in a 4-week month (the plan: < 5 %), over the tested months.
 * Scores (step 1, every replay week): WAPE and MASE (scale: the history's in-sample seasonal-naive
 * MAE, naive on short histories; series with a zero scale left out of MASE); coverage of the
 * p90/p95/p99 quantiles; and a one-week order-up-to policy: each week stock is raised to the p95
 * quantile before demand arrives (no lead time, no lost-sales carry-over), a stock-out week when
 * demand exceeds it, stock value = units left at the week's end × unit cost.
 *
 * The new-product wave (`--wave-skus`, 0 to leave it out): SKUs that appear at replay week
 * `--wave-week` — the full-history SKUs of a second demo catalog (seed + 1000, same suppliers,
 * its pattern mix), their demand from that week on times the generator's new-product launch ramp
 * (¼, ½, ¾, then all of it over the first 4 weeks). Until a SKU has 12 weeks (MINIMUM_HISTORY) it
 * is forecast as the nightly cycle does for "insufficient history": learning/cold-start.ts
 * coldStartForecast from its own weeks so far and its supplier's SKUs with 12+ weeks (the
 * replayed catalog's, as replayed, shifts included; the wave's own SKUs all reach 12 weeks in the
 * same week, so none is ever a peer of another's cold start), interval by
 * cold-start-interval.ts coldStartDistribution — the same for frozen, weights and loop. From its
 * 13th week on it is replayed like the catalog's SKUs (frozen weights validated on its weeks 9–12,
 * its engine forecasts in the loop's interval pool). Baselines: "peer mean" (coldStartForecast
 * without the SKU's own weeks: the typical peer's level — the median — times the launch ramp's ¼) and "cold start kept" (the cold-start
 * forecast past 12 weeks too). Scored by week of life, no MASE (no history to scale by).
 */
import { writeFileSync } from 'node:fs';
import { summarizeAccuracy, maseScale } from '../../src/learning/accuracy';
import { detectDrift, DriftRule } from '../../src/learning/drift';
import { adaptiveWeights } from '../../src/learning/weights';
import { estimateChangePoint, forecastRatio, keepAdjustment, LEVEL_SHIFT_PATTERNS, levelAdjustedHistory, settledLevelRatio, shiftZ, shouldAdjust } from '../../src/learning/level-shift';
import { COLD_START_DEFAULTS, coldStartForecast } from '../../src/learning/cold-start';
import { learnLaunchProfile } from '../../src/learning/launch-profile';
import { coldStartDistribution } from '../../src/learning/cold-start-interval';
import { MINIMUM_HISTORY } from '../../src/common/history-window';
import { learnedCalibration } from '../../src/learning/interval-learning';
import { CalibrationSample, calibratedQuantileSet, CalibrationTable, DEFAULT_CALIBRATION } from '../../src/forecast/calibration';
import { CANDIDATES, inverseErrorWeights } from '../../src/forecast/ensemble';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { classifyDemandPattern, DemandPattern } from '../../src/forecast/models/demand-pattern';
import { modelByName } from '../../src/forecast/models/registry';
import { mixSeed, xoshiro128ss } from '../../src/common/prng';
import { generateDemoItems } from '../../src/inventory/demo-generator';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

export const HISTORY = 104;
const SHIFT_WEEK = 12; // 0-based replay week the shift starts (replay week 13)
/** A shift counts as detected when an event comes within this many weeks of it. */
const DETECTION_WEEKS = 6;
const SEASON = 52;
const VALIDATION = 4;
/** Realized forecasts the loop's interval levels are refitted on: the last this many weeks. */
const CALIBRATION_WEEKS = 8;
/** The wave's catalog: the demo generator at seed + this. */
const WAVE_SEED_OFFSET = 1000;
/** The generator's new-product launch: demand × min(1, (week of life + 1) / this). */
const LAUNCH_RAMP_WEEKS = 4;

type LevelEstimate = 'settled' | 'since-change';

const DRIFT_RULES: { name: string; rule: Partial<DriftRule> }[] = [
  { name: 'plan: Welch on e, p < 0.05', rule: { transform: 'none', minRatio: 1, pValue: 0.05 } },
  { name: 'plan at p < 0.01', rule: { transform: 'none', minRatio: 1, pValue: 0.01 } },
  { name: 'plan at p < 0.0125 (Bonferroni over a month)', rule: { transform: 'none', minRatio: 1, pValue: 0.0125 } },
  { name: 'Welch on ln(1 + e), p < 0.05', rule: { transform: 'log1p', minRatio: 1, pValue: 0.05 } },
  { name: 'the rule: ln(1 + e), p < 0.05, ratio ≥ 2.5', rule: {} },
];

interface Week {
  actual: number;
  frozen: number;
  weights: number;
  loop: number;
  frozenSd: number;
  loopSd: number;
}

interface Quantiles {
  p90: number;
  p95: number;
  p99: number;
}

interface SkuRecord {
  sku: string;
  supplier: string;
  /** Replay week of `weeks[0]` (0 for the catalog's SKUs; the wave's: its 13th week of life). */
  startWeek: number;
  /** The demand as replayed (shift included), from the first history week on. */
  demand: number[];
  pattern: DemandPattern;
  shifted: boolean;
  factor: number;
  unitCost: number;
  scale: number | null;
  weeks: Week[];
  /** Weights-only combination's scaled errors (the drift table's input). */
  weightsErrors: (number | null)[];
  /** Replay weeks with a drift event on the loop's errors (the rule), and with a level re-fit in force. */
  loopEvents: number[];
  adjustedWeeks: number;
  /** SKU-weeks the adjustment in force used a ramp (settledLevelRatio chose rampWeeks > 1). */
  rampWeeks: number;
}

/** What replaySku replays: `demand[0..t0)` is the history before the replay, `weeks` weeks from t0 on. */
interface ReplayInput {
  sku: string;
  supplier: string;
  unitCost: number;
  demand: number[];
  t0: number;
  weeks: number;
  startWeek: number;
  shifted: boolean;
  factor: number;
}

/** Demand × the injected shift: from replay week SHIFT_WEEK on, ramped over `rampWeeks` (1: a step). */
function shiftedDemand(series: readonly number[], factor: number, rampWeeks: number): number[] {
  const start = HISTORY + SHIFT_WEEK;
  return series.map((v, t) => (t >= start ? v * (1 + (factor - 1) * Math.min(1, (t - start + 1) / rampWeeks)) : v));
}

function memberForecast(name: string, history: readonly number[]): { mean: number; sd: number | null } | null {
  const model = modelByName(name);
  if (history.length < model.minHistory({ season: SEASON })) return null;
  try {
    const f = model.fit(history, { season: SEASON, seed: 1 }).predict(1);
    const v = f.mean[0];
    const sd = f.sd?.[0];
    return Number.isFinite(v) ? { mean: Math.max(0, v), sd: sd !== undefined && Number.isFinite(sd) ? Math.max(0, sd) : null } : null;
  } catch {
    return null;
  }
}

function combine(weights: Record<string, number>, values: Record<string, number>): number {
  let sum = 0;
  let total = 0;
  for (const [m, f] of Object.entries(values)) {
    sum += (weights[m] ?? 0) * f;
    total += weights[m] ?? 0;
  }
  return total > 0 ? sum / total : 0;
}

/** Members' forecasts and sds (the history's one-step change spread where a member has none, as the engine does). */
function membersAt(members: readonly string[], history: readonly number[]): { mean: Record<string, number>; sd: Record<string, number> } {
  let sq = 0;
  for (let t = 1; t < history.length; t++) sq += (history[t] - history[t - 1]) ** 2;
  const spread = history.length > 1 ? Math.sqrt(sq / (history.length - 1)) : 0;
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  for (const m of members) {
    const f = memberForecast(m, history);
    if (f === null) continue;
    mean[m] = f.mean;
    sd[m] = f.sd ?? spread;
  }
  return { mean, sd };
}

/** The members fitted on `history`, `h` weeks ahead, combined with `weights` (mean and sd per week). */
function counterfactualForecast(members: readonly string[], history: readonly number[], h: number, weights: Record<string, number>): { mean: number[]; sd: number[] } {
  const means: Record<string, number[]> = {};
  const sds: Record<string, number[]> = {};
  let sq = 0;
  for (let t = 1; t < history.length; t++) sq += (history[t] - history[t - 1]) ** 2;
  const spread = history.length > 1 ? Math.sqrt(sq / (history.length - 1)) : 0;
  for (const m of members) {
    const model = modelByName(m);
    if (history.length < model.minHistory({ season: SEASON })) continue;
    try {
      const f = model.fit(history, { season: SEASON, seed: 1 }).predict(h);
      if (f.mean.some((v) => !Number.isFinite(v))) continue;
      means[m] = f.mean.map((v) => Math.max(0, v));
      sds[m] = f.mean.map((_, i) => (f.sd && Number.isFinite(f.sd[i]) ? Math.max(0, f.sd[i]) : spread));
    } catch {
      continue;
    }
  }
  const at = (source: Record<string, number[]>, i: number) => combine(weights, Object.fromEntries(Object.entries(source).map(([m, v]) => [m, v[i]])));
  return { mean: Array.from({ length: h }, (_, i) => at(means, i)), sd: Array.from({ length: h }, (_, i) => at(sds, i)) };
}

/** A catalog SKU's replay input: whether it is shifted (seeded per SKU) and its demand with the shift. */
function catalogInput(item: { sku: string; unitCost: string; supplierName: string }, series: number[], seed: number, weeks: number, shiftShare: number, rampWeeks: number): ReplayInput {
  const rand = xoshiro128ss(mixSeed(seed, 7, Number(item.sku.slice(4))));
  const shifted = rand() < shiftShare;
  const factor = rand() < 0.5 ? 2.5 : 0.4;
  const demand = shifted ? shiftedDemand(series, factor, rampWeeks) : series;
  return { sku: item.sku, supplier: item.supplierName, unitCost: Number(item.unitCost) || 1, demand, t0: HISTORY, weeks, startWeek: 0, shifted, factor };
}

/**
 * `counterfactualWeeks`: how many weeks from the change point on the counterfactual forecast
 * covers, i.e. how many weeks since the change the level can be measured on (the service: its
 * stored forecast's horizon, FORECAST_HORIZON_WEEKS = 4; the replay's default: the whole replay).
 */
function replaySku(input: ReplayInput, levelEstimate: LevelEstimate, counterfactualWeeks: number): SkuRecord {
  const { demand, t0, weeks, shifted, factor } = input;
  const item = { sku: input.sku };
  const history0 = demand.slice(0, t0);
  const pattern = classifyDemandPattern(history0).pattern;
  const members = CANDIDATES[pattern].filter((m) => m !== 'global-tree');
  const scale = maseScale(history0, SEASON);
  const scaleUnits = scale && scale.maeUnits > 0 ? scale.maeUnits : null;

  // Frozen weights: inverse MAE on the last VALIDATION weeks of the history (fit on the rest).
  const fitPart = history0.slice(0, t0 - VALIDATION);
  const validationMae: Record<string, number> = {};
  for (const m of members) {
    try {
      const f = modelByName(m).fit(fitPart, { season: SEASON, seed: 1 }).predict(VALIDATION).mean;
      validationMae[m] = f.reduce((s, v, i) => s + Math.abs(v - history0[t0 - VALIDATION + i]), 0) / VALIDATION;
    } catch {
      validationMae[m] = Infinity;
    }
  }
  const frozen = inverseErrorWeights(validationMae);
  const backtestScaled = Object.fromEntries(members.map((m) => [m, scaleUnits ? validationMae[m] / scaleUnits : validationMae[m]]));

  const realized: Record<string, number[]> = Object.fromEntries(members.map((m) => [m, []]));
  const loopRealized: Record<string, number[]> = Object.fromEntries(members.map((m) => [m, []]));
  const record: SkuRecord = {
    sku: item.sku,
    supplier: input.supplier,
    startWeek: input.startWeek,
    demand,
    pattern,
    shifted,
    factor,
    unitCost: input.unitCost,
    scale: scaleUnits,
    weeks: [],
    weightsErrors: [],
    loopEvents: [],
    adjustedWeeks: 0,
    rampWeeks: 0,
  };
  const loopErrors: (number | null)[] = [];
  /** The unadjusted members' (weights-only) forecast of each replay week, and actual − that forecast. */
  const plainForecasts: number[] = [];
  const plainResiduals: number[] = [];
  const debugRatios: number[] = [];
  /** Absolute index (into `demand`) of the first value at the new level, after a drift event. */
  let changeAt: number | null = null;
  /** The counterfactual forecast from the change point: members fitted on the values before it, weeks ahead. */
  let counterfactual: { mean: number[]; sd: number[] } = { mean: [], sd: [] };
  /** Weeks (replay index) the adjustment was in force, with both forecasts, for keepAdjustment. */
  let trial: { actual: number[]; adjusted: number[]; unadjusted: number[] } = { actual: [], adjusted: [], unadjusted: [] };
  for (let w = 0; w < weeks; w++) {
    const t = t0 + w;
    const from = Math.max(0, t - HISTORY);
    const history = demand.slice(from, t);
    const plain = membersAt(members, history);
    // The loop's members: re-fitted on the level-adjusted history once a drift event found a material change.
    let loopMembers = plain;
    if (changeAt !== null && !keepAdjustment(trial.actual, trial.adjusted, trial.unadjusted)) changeAt = null;
    let adjustedNow = false;
    if (changeAt !== null && t - changeAt >= 1) {
      const n = t - changeAt;
      const since = demand.slice(changeAt, t);
      const settled = settledLevelRatio(since, counterfactual.mean.slice(0, n), counterfactual.sd.slice(0, n));
      const ratio = levelEstimate === 'settled' ? settled.ratio : forecastRatio(since, counterfactual.mean.slice(0, n));
      const z = shiftZ(since, counterfactual.mean.slice(0, n), counterfactual.sd.slice(0, n));
      debugRatios.push(ratio);
      if (shouldAdjust(ratio, undefined, z)) {
        loopMembers = membersAt(members, levelAdjustedHistory(history, changeAt - from, ratio));
        record.adjustedWeeks++;
        if (levelEstimate === 'settled' && settled.rampWeeks > 1) record.rampWeeks++;
        adjustedNow = true;
      }
    }
    const recent = (r: Record<string, number[]>) => Object.fromEntries(members.map((m) => [m, r[m].slice(-13)]));
    const weightsOnly = adaptiveWeights({ members: Object.keys(plain.mean), realizedErrors: recent(realized), backtestErrors: backtestScaled }).weights;
    const loopWeights = adaptiveWeights({ members: Object.keys(loopMembers.mean), realizedErrors: recent(loopRealized), backtestErrors: backtestScaled }).weights;
    const actual = demand[t];
    const week: Week = {
      actual,
      frozen: combine(frozen, plain.mean),
      weights: combine(weightsOnly, plain.mean),
      loop: combine(loopWeights, loopMembers.mean),
      frozenSd: combine(frozen, plain.sd),
      loopSd: combine(loopWeights, loopMembers.sd),
    };
    record.weeks.push(week);
    if (scaleUnits) {
      for (const [m, f] of Object.entries(plain.mean)) realized[m].push(Math.abs(f - actual) / scaleUnits);
      for (const [m, f] of Object.entries(loopMembers.mean)) loopRealized[m].push(Math.abs(f - actual) / scaleUnits);
    }
    if (adjustedNow) {
      trial.actual.push(actual);
      trial.adjusted.push(week.loop);
      trial.unadjusted.push(week.weights);
    }
    plainForecasts.push(week.weights);
    plainResiduals.push(actual - week.weights);
    record.weightsErrors.push(scaleUnits ? Math.abs(week.weights - actual) / scaleUnits : null);
    loopErrors.push(scaleUnits ? Math.abs(week.loop - actual) / scaleUnits : null);
    if (detectDrift(loopErrors).status === 'drift') {
      record.loopEvents.push(w);
      if (!LEVEL_SHIFT_PATTERNS.includes(pattern)) continue;
      // Priority re-fit: where did the level change? The change point of the one-step errors of the
      // unadjusted members (replay weeks only: the errors exist from the replay's start).
      const c = estimateChangePoint(plainResiduals);
      if (c && c.index + t0 !== changeAt) {
        changeAt = t0 + c.index;
        trial = { actual: [], adjusted: [], unadjusted: [] };
        counterfactual = counterfactualForecast(members, demand.slice(Math.max(0, changeAt - HISTORY), changeAt), Math.min(weeks, counterfactualWeeks), frozen);
      }
    }
  }
  if (process.env.REPLAY_DEBUG && record.adjustedWeeks > 0) {
    const gain = record.weeks.reduce((acc, x) => acc + Math.abs(x.loop - x.actual) - Math.abs(x.weights - x.actual), 0);
    process.stderr.write(`${item.sku} ${pattern} shifted=${shifted} factor=${factor} adjusted=${record.adjustedWeeks} events=${record.loopEvents.join(',')} ratios=${debugRatios.map((r) => r.toFixed(2)).join(',')} extraAbsError=${gain.toFixed(1)} meanDemand=${(history0.reduce((a, b) => a + b, 0) / t0).toFixed(1)}\n`);
  }
  return record;
}

/** A new SKU of the wave: its demand from its first week of life (the arrival replay week) on. */
export interface WaveSku {
  sku: string;
  supplier: string;
  unitCost: number;
  /** Replay week of its first week of life. */
  arrival: number;
  demand: number[];
}

/** The wave: full-history SKUs of a second demo catalog, from the arrival week on, times the launch ramp (NEW-nnnnn). */
export function waveSkus(count: number, seed: number, weeks: number, arrival: number): WaveSku[] {
  const out: WaveSku[] = [];
  if (count <= 0) return out;
  for (const { item, usage } of generateDemoItems({ skus: 2 * count + 10, weeks: HISTORY + weeks, seed: seed + WAVE_SEED_OFFSET, endWeekStart: END_WEEK })) {
    if (out.length >= count) break;
    if (item.pattern === 'new' || item.pattern === 'discontinued' || usage.length < HISTORY + weeks) continue;
    const demand = usage.slice(HISTORY + arrival).map((u, k) => Number(u.quantity) * Math.min(1, (k + 1) / LAUNCH_RAMP_WEEKS));
    out.push({ sku: `NEW-${item.sku.slice(4)}`, supplier: item.supplierName, unitCost: Number(item.unitCost) || 1, arrival, demand });
  }
  return out;
}

/** One forecast of a new SKU's week of life: point and the quantiles the policy reads. */
interface WaveForecast {
  mean: number;
  q: Quantiles;
}

/** The cold-start forecast one week ahead (what the nightly cycle stores for an SKU under 12 weeks); null without peers and own weeks. */
function coldStartAt(own: readonly number[], peers: readonly (readonly number[])[], launchProfile: readonly number[] | null): WaveForecast | null {
  const f = coldStartForecast(own, peers, 1, { ...COLD_START_DEFAULTS, launchProfile });
  if (!f) return null;
  const d = coldStartDistribution(f.mean, f.sd);
  return { mean: d.mean[0], q: { p90: d.quantiles.p90[0], p95: d.quantiles.p95[0], p99: d.quantiles.p99[0] } };
}

/** Points (forecast, actual, quantiles, unit cost) → the table's figures. `scale` per point for MASE (null: none). */
function scoreRow(points: readonly { forecast: number; actual: number; q: Quantiles; unitCost: number; scale: number | null }[]) {
  const s = summarizeAccuracy(points);
  const scaled = points.filter((p) => p.scale).map((p) => Math.abs(p.forecast - p.actual) / p.scale!);
  const share = (f: (p: (typeof points)[number]) => boolean) => (100 * points.filter(f).length) / Math.max(1, points.length);
  return {
    n: points.length,
    wapePct: s.wapePct,
    biasPct: s.biasPct,
    mase: scaled.length ? scaled.reduce((a, b) => a + b, 0) / scaled.length : NaN,
    p90: share((p) => p.actual <= p.q.p90),
    p95: share((p) => p.actual <= p.q.p95),
    p99: share((p) => p.actual <= p.q.p99),
    stockoutPct: share((p) => p.actual > p.q.p95),
    stockValue: points.reduce((a, p) => a + Math.max(0, p.q.p95 - p.actual) * p.unitCost, 0) / Math.max(1, points.length),
  };
}

export const END_WEEK = '2026-11-23';

async function main(): Promise<void> {
  const skus = Number(argument('skus', '300'));
  const seed = Number(argument('seed', '42'));
  const weeks = Number(argument('weeks', '26'));
  const shiftShare = Number(argument('shift-share', '0.2'));
  const rampWeeks = Math.max(1, Math.round(Number(argument('ramp-weeks', '1'))));
  const levelEstimate = argument('level-estimate', 'settled') as LevelEstimate;
  if (levelEstimate !== 'settled' && levelEstimate !== 'since-change') throw new Error(`--level-estimate: settled or since-change, got ${levelEstimate}`);
  const counterfactualWeeks = Number(argument('counterfactual-weeks', String(weeks)));
  const waveCount = Number(argument('wave-skus', String(Math.round(skus / 10))));
  const waveWeek = Number(argument('wave-week', '3')) - 1; // 0-based replay week of arrival
  const dumpPath = process.argv.includes('--dump') ? argument('dump', '') : '';
  await loadAugurs();
  const started = process.hrtime.bigint();
  const records: SkuRecord[] = [];
  for (const { item, usage } of generateDemoItems({ skus, weeks: HISTORY + weeks, seed, endWeekStart: END_WEEK })) {
    if (item.pattern === 'new' || item.pattern === 'discontinued') continue;
    const series = usage.map((u) => Number(u.quantity));
    if (series.length < HISTORY + weeks) continue;
    records.push(replaySku(catalogInput(item, series, seed, weeks, shiftShare, rampWeeks), levelEstimate, counterfactualWeeks));
  }
  if (dumpPath) writeFileSync(dumpPath, JSON.stringify(records.map((r) => ({ sku: r.sku, pattern: r.pattern, shifted: r.shifted, factor: r.factor, errors: r.weightsErrors }))));

  // The wave: cold start until 12 weeks of life, then replayed as the catalog's SKUs are.
  type Baseline = 'peer mean' | 'cold start kept';
  // How launches ramp, learned as the service learns it from the catalog's earlier launches: another wave (seed + 1), whole lives.
  const launchProfile = waveCount > 0 ? learnLaunchProfile(waveSkus(Math.max(waveCount, 100), seed + 1, weeks, 0).map((n) => n.demand)) : null;
  const wave = waveSkus(waveCount, seed, weeks, waveWeek).map((n) => {
    const cold: (WaveForecast | null)[] = [];
    const baselines: Record<Baseline, (WaveForecast | null)[]> = { 'peer mean': [], 'cold start kept': [] };
    for (let k = 0; k < n.demand.length; k++) {
      const t = HISTORY + n.arrival + k;
      const peers = records.filter((r) => r.supplier === n.supplier).map((r) => r.demand.slice(t - HISTORY, t));
      const own = n.demand.slice(0, k);
      const kept = coldStartAt(own, peers, launchProfile);
      baselines['peer mean'].push(coldStartAt([], peers, launchProfile));
      baselines['cold start kept'].push(kept);
      if (k < MINIMUM_HISTORY) cold.push(kept);
    }
    const engineWeeks = n.demand.length - MINIMUM_HISTORY;
    const engine =
      engineWeeks > 0
        ? replaySku({ sku: n.sku, supplier: n.supplier, unitCost: n.unitCost, demand: n.demand, t0: MINIMUM_HISTORY, weeks: engineWeeks, startWeek: n.arrival + MINIMUM_HISTORY, shifted: false, factor: 1 }, levelEstimate, counterfactualWeeks)
        : null;
    return { ...n, cold, baselines, engine };
  });

  // Intervals, week by week across SKUs (the loop's levels learn from the weeks before; cold-start forecasts are not in the pool).
  type Variant = 'frozen' | 'weights' | 'loop';
  const VARIANTS: Variant[] = ['frozen', 'weights', 'loop'];
  const replayed = [...records, ...wave.flatMap((n) => (n.engine ? [n.engine] : []))];
  const interval = new Map<SkuRecord, Record<Variant, Quantiles[]>>();
  for (const r of replayed) interval.set(r, { frozen: [], weights: [], loop: [] });
  for (let w = 0; w < weeks; w++) {
    const samples: Partial<Record<DemandPattern, CalibrationSample[]>> = {};
    for (const r of replayed) {
      for (let k = Math.max(0, w - CALIBRATION_WEEKS); k < w; k++) {
        const x = r.weeks[k - r.startWeek];
        if (x) (samples[r.pattern] ??= []).push({ actual: x.actual, mean: x.loop, sd: x.loopSd });
      }
    }
    const learned: CalibrationTable = learnedCalibration(DEFAULT_CALIBRATION, samples);
    for (const r of replayed) {
      const x = r.weeks[w - r.startWeek];
      if (!x) continue;
      const q = (mean: number, sd: number, table: CalibrationTable) => calibratedQuantileSet(mean, sd, table[r.pattern].family, table[r.pattern].stepLevel);
      const iv = interval.get(r)!;
      iv.frozen.push(q(x.frozen, x.frozenSd, DEFAULT_CALIBRATION));
      iv.weights.push(q(x.weights, x.frozenSd, DEFAULT_CALIBRATION));
      iv.loop.push(q(x.loop, x.loopSd, learned));
    }
  }

  const fmt = (x: number | null, d = 3) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const shiftedCount = records.filter((r) => r.shifted).length;
  console.log(
    `skus ${skus} (replayed ${records.length}: ${shiftedCount} shifted, ${records.length - shiftedCount} stable; wave ${wave.length} new SKUs from replay week ${waveWeek + 1}), weeks ${weeks}, seed ${seed}, shift ramp ${rampWeeks} week(s), level estimate ${levelEstimate} over ≤ ${Math.min(weeks, counterfactualWeeks)} weeks since the change, ${seconds.toFixed(1)} s`,
  );
  console.log(`| set | variant | points | WAPE % | MASE | cov p90 | cov p95 | cov p99 | stock-out weeks % | mean stock value |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  const afterShift = (w: number) => w >= SHIFT_WEEK;
  const sets: [string, SkuRecord[], (w: number) => boolean][] = [
    ['all', records, () => true],
    ['shifted', records.filter((r) => r.shifted), () => true],
    ['shifted, after the shift', records.filter((r) => r.shifted), afterShift],
    ['shifted smooth, after the shift', records.filter((r) => r.shifted && LEVEL_SHIFT_PATTERNS.includes(r.pattern)), afterShift],
    ['stable', records.filter((r) => !r.shifted), () => true],
  ];
  for (const [name, set, weekFilter] of sets) {
    for (const v of VARIANTS) {
      const points = set.flatMap((r) => r.weeks.flatMap((x, w) => (weekFilter(w) ? [{ forecast: x[v], actual: x.actual, q: interval.get(r)![v][w], unitCost: r.unitCost, scale: r.scale }] : [])));
      const row = scoreRow(points);
      const pct = (x: number) => fmt(x, 1);
      console.log(`| ${name} | ${v} | ${row.n} | ${fmt(row.wapePct)} | ${fmt(row.mase)} | ${pct(row.p90)} | ${pct(row.p95)} | ${pct(row.p99)} | ${pct(row.stockoutPct)} | ${fmt(row.stockValue, 1)} |`);
    }
  }
  const loopEvents = records.reduce((s, r) => s + r.loopEvents.length, 0);
  const adjusted = records.reduce((s, r) => s + r.adjustedWeeks, 0);
  const ramped = records.reduce((s, r) => s + r.rampWeeks, 0);
  const shiftedAdjusted = records.filter((r) => r.shifted && r.adjustedWeeks > 0).length;
  const stableAdjusted = records.filter((r) => !r.shifted && r.adjustedWeeks > 0).length;
  const stableEvents = records.filter((r) => !r.shifted).reduce((s, r) => s + r.loopEvents.length, 0);
  console.log(
    `loop: ${loopEvents} drift events (the rule, on its own errors; ${stableEvents} on stable SKUs); level re-fit in force on ${adjusted} SKU-weeks (${ramped} of them with a ramp fitted): ${shiftedAdjusted}/${shiftedCount} shifted SKUs, ${stableAdjusted}/${records.length - shiftedCount} stable SKUs`,
  );

  if (wave.length > 0) {
    // The wave by week of life: frozen / weights / loop are the cold-start forecast in weeks 1–12.
    const life = Math.max(...wave.map((n) => n.demand.length));
    const phases: [string, number, number][] = [
      ['weeks 1–4 (launch ramp)', 0, 4],
      [`weeks 1–${MINIMUM_HISTORY} (cold start)`, 0, MINIMUM_HISTORY],
      [`weeks ${MINIMUM_HISTORY + 1}–${life} (engine)`, MINIMUM_HISTORY, life],
      [`weeks 1–${life}`, 0, life],
    ];
    const forecastAt = (n: (typeof wave)[number], variant: Variant | Baseline, k: number): WaveForecast | null => {
      if (variant === 'peer mean' || variant === 'cold start kept') return n.baselines[variant][k];
      if (k < MINIMUM_HISTORY) return n.cold[k];
      const x = n.engine!.weeks[k - MINIMUM_HISTORY];
      return { mean: x[variant], q: interval.get(n.engine!)![variant][k - MINIMUM_HISTORY] };
    };
    const missing = wave.reduce((s, n) => s + n.cold.filter((c) => c === null).length, 0);
    const patterns = new Map<string, number>();
    for (const n of wave) if (n.engine) patterns.set(n.engine.pattern, (patterns.get(n.engine.pattern) ?? 0) + 1);
    console.log(`wave: ${wave.length} new SKUs (patterns at week ${MINIMUM_HISTORY + 1}: ${[...patterns].map(([p, c]) => `${p} ${c}`).join(', ')}); ${missing} cold-start weeks without a forecast`);
    console.log(`| weeks of life | variant | points | WAPE % | bias % | cov p90 | cov p95 | cov p99 | stock-out weeks % | mean stock value |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const [name, from, to] of phases) {
      for (const v of [...VARIANTS, 'peer mean', 'cold start kept'] as (Variant | Baseline)[]) {
        const points = wave.flatMap((n) =>
          n.demand.flatMap((actual, k) => {
            if (k < from || k >= to) return [];
            const f = forecastAt(n, v, k);
            return f ? [{ forecast: f.mean, actual, q: f.q, unitCost: n.unitCost, scale: null }] : [];
          }),
        );
        const row = scoreRow(points);
        const pct = (x: number) => fmt(x, 1);
        console.log(`| ${name} | ${v} | ${row.n} | ${fmt(row.wapePct)} | ${fmt(row.biasPct, 1)} | ${pct(row.p90)} | ${pct(row.p95)} | ${pct(row.p99)} | ${pct(row.stockoutPct)} | ${fmt(row.stockValue, 1)} |`);
      }
    }
    const waveEngine = wave.flatMap((n) => (n.engine ? [n.engine] : []));
    console.log(
      `wave, engine weeks: ${waveEngine.reduce((s, r) => s + r.loopEvents.length, 0)} drift events on the loop's errors, level re-fit in force on ${waveEngine.filter((r) => r.adjustedWeeks > 0).length}/${waveEngine.length} SKUs`,
    );
  }

  // The drift rules on the weights-only combination's errors.
  const rose = (r: SkuRecord) => {
    const e = r.weightsErrors;
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
    };
    return mean(e.slice(SHIFT_WEEK, SHIFT_WEEK + DETECTION_WEEKS)) > mean(e.slice(0, SHIFT_WEEK));
  };
  const shiftedRecords = records.filter((r) => r.shifted);
  const roseCount = shiftedRecords.filter(rose).length;
  console.log(`| drift rule | shifted SKUs detected within ${DETECTION_WEEKS} weeks | of those whose errors rose (${roseCount}) | stable SKU-months with an event |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const { name, rule } of DRIFT_RULES) {
    let detected = 0;
    let detectedRose = 0;
    let months = 0;
    let alarmed = 0;
    for (const r of records) {
      const events: number[] = [];
      for (let w = 0; w < weeks; w++) if (detectDrift(r.weightsErrors.slice(0, w + 1), rule).status === 'drift') events.push(w);
      if (r.shifted) {
        if (events.some((w) => w >= SHIFT_WEEK && w < SHIFT_WEEK + DETECTION_WEEKS)) {
          detected++;
          if (rose(r)) detectedRose++;
        }
      } else {
        // Months of 4 tested weeks: replay weeks 10–13, 14–17, 18–21, 22–25 (0-based 9..).
        for (let start = 9; start + 4 <= weeks; start += 4) {
          months++;
          if (events.some((w) => w >= start && w < start + 4)) alarmed++;
        }
      }
    }
    const pct = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(1)} %)`;
    console.log(`| ${name} | ${pct(detected, shiftedRecords.length)} | ${pct(detectedRose, roseCount)} | ${pct(alarmed, months)} |`);
  }
}

// Run only as a script: bench/learning/cold-start.ts imports waveSkus.
if (require.main === module) void main();
