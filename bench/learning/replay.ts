/**
 * The learning loop replayed week by week against a frozen ensemble, on the demo catalog.
 *
 *   node bin/build.js
 *   node dist/bench/learning/replay.js [--skus 300] [--seed 42] [--weeks 26] [--shift-share 0.2] [--dump errors.json]
 *
 * Data: the demo generator (104 weeks of history + `weeks` replay weeks, ending 2026-11-23).
 * A share of the SKUs (seeded) gets an injected level shift at replay week 13: demand × 2.5 or
 * × 0.4 from then on; the rest are left as generated ("stable"). Members per SKU: the engine's
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
 */
import { writeFileSync } from 'node:fs';
import { summarizeAccuracy, maseScale } from '../../src/learning/accuracy';
import { detectDrift, DriftRule } from '../../src/learning/drift';
import { adaptiveWeights } from '../../src/learning/weights';
import { estimateChangePoint, forecastRatio, keepAdjustment, LEVEL_SHIFT_PATTERNS, levelAdjustedHistory, shiftZ, shouldAdjust } from '../../src/learning/level-shift';
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

const HISTORY = 104;
const SHIFT_WEEK = 12; // 0-based replay week the shift starts (replay week 13)
/** A shift counts as detected when an event comes within this many weeks of it. */
const DETECTION_WEEKS = 6;
const SEASON = 52;
const VALIDATION = 4;
/** Realized forecasts the loop's interval levels are refitted on: the last this many weeks. */
const CALIBRATION_WEEKS = 8;

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

interface SkuRecord {
  sku: string;
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

function replaySku(
  item: { sku: string; unitCost: string },
  series: number[],
  seed: number,
  weeks: number,
  shiftShare: number,
): SkuRecord {
  const rand = xoshiro128ss(mixSeed(seed, 7, Number(item.sku.slice(4))));
  const shifted = rand() < shiftShare;
  const factor = rand() < 0.5 ? 2.5 : 0.4;
  const demand = series.map((v, t) => (shifted && t >= HISTORY + SHIFT_WEEK ? v * factor : v));
  const history0 = demand.slice(0, HISTORY);
  const pattern = classifyDemandPattern(history0).pattern;
  const members = CANDIDATES[pattern].filter((m) => m !== 'global-tree');
  const scale = maseScale(history0, SEASON);
  const scaleUnits = scale && scale.maeUnits > 0 ? scale.maeUnits : null;

  // Frozen weights: inverse MAE on the last VALIDATION weeks of the history (fit on the rest).
  const fitPart = history0.slice(0, HISTORY - VALIDATION);
  const validationMae: Record<string, number> = {};
  for (const m of members) {
    try {
      const f = modelByName(m).fit(fitPart, { season: SEASON, seed: 1 }).predict(VALIDATION).mean;
      validationMae[m] = f.reduce((s, v, i) => s + Math.abs(v - history0[HISTORY - VALIDATION + i]), 0) / VALIDATION;
    } catch {
      validationMae[m] = Infinity;
    }
  }
  const frozen = inverseErrorWeights(validationMae);
  const backtestScaled = Object.fromEntries(members.map((m) => [m, scaleUnits ? validationMae[m] / scaleUnits : validationMae[m]]));

  const realized: Record<string, number[]> = Object.fromEntries(members.map((m) => [m, []]));
  const loopRealized: Record<string, number[]> = Object.fromEntries(members.map((m) => [m, []]));
  const record: SkuRecord = { sku: item.sku, pattern, shifted, factor, unitCost: Number(item.unitCost) || 1, scale: scaleUnits, weeks: [], weightsErrors: [], loopEvents: [], adjustedWeeks: 0 };
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
    const t = HISTORY + w;
    const from = Math.max(0, t - HISTORY);
    const history = demand.slice(from, t);
    const plain = membersAt(members, history);
    // The loop's members: re-fitted on the level-adjusted history once a drift event found a material change.
    let loopMembers = plain;
    if (changeAt !== null && !keepAdjustment(trial.actual, trial.adjusted, trial.unadjusted)) changeAt = null;
    let adjustedNow = false;
    if (changeAt !== null && t - changeAt >= 1) {
      const n = t - changeAt;
      const ratio = forecastRatio(demand.slice(changeAt, t), counterfactual.mean.slice(0, n));
      const z = shiftZ(demand.slice(changeAt, t), counterfactual.mean.slice(0, n), counterfactual.sd.slice(0, n));
      debugRatios.push(ratio);
      if (shouldAdjust(ratio, undefined, z)) {
        loopMembers = membersAt(members, levelAdjustedHistory(history, changeAt - from, ratio));
        record.adjustedWeeks++;
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
      if (c && c.index + HISTORY !== changeAt) {
        changeAt = HISTORY + c.index;
        trial = { actual: [], adjusted: [], unadjusted: [] };
        counterfactual = counterfactualForecast(members, demand.slice(Math.max(0, changeAt - HISTORY), changeAt), weeks, frozen);
      }
    }
  }
  if (process.env.REPLAY_DEBUG && record.adjustedWeeks > 0) {
    const gain = record.weeks.reduce((acc, x) => acc + Math.abs(x.loop - x.actual) - Math.abs(x.weights - x.actual), 0);
    process.stderr.write(`${item.sku} ${pattern} shifted=${shifted} factor=${factor} adjusted=${record.adjustedWeeks} events=${record.loopEvents.join(',')} ratios=${debugRatios.map((r) => r.toFixed(2)).join(',')} extraAbsError=${gain.toFixed(1)} meanDemand=${(history0.reduce((a, b) => a + b, 0) / HISTORY).toFixed(1)}\n`);
  }
  return record;
}

async function main(): Promise<void> {
  const skus = Number(argument('skus', '300'));
  const seed = Number(argument('seed', '42'));
  const weeks = Number(argument('weeks', '26'));
  const shiftShare = Number(argument('shift-share', '0.2'));
  const dumpPath = process.argv.includes('--dump') ? argument('dump', '') : '';
  await loadAugurs();
  const started = process.hrtime.bigint();
  const records: SkuRecord[] = [];
  for (const { item, usage } of generateDemoItems({ skus, weeks: HISTORY + weeks, seed, endWeekStart: '2026-11-23' })) {
    if (item.pattern === 'new' || item.pattern === 'discontinued') continue;
    const series = usage.map((u) => Number(u.quantity));
    if (series.length < HISTORY + weeks) continue;
    records.push(replaySku(item, series, seed, weeks, shiftShare));
  }
  if (dumpPath) writeFileSync(dumpPath, JSON.stringify(records.map((r) => ({ sku: r.sku, pattern: r.pattern, shifted: r.shifted, factor: r.factor, errors: r.weightsErrors }))));

  // Intervals, week by week across SKUs (the loop's levels learn from the weeks before).
  type Variant = 'frozen' | 'weights' | 'loop';
  const VARIANTS: Variant[] = ['frozen', 'weights', 'loop'];
  const interval = new Map<SkuRecord, Record<Variant, { p90: number; p95: number; p99: number }[]>>();
  for (const r of records) interval.set(r, { frozen: [], weights: [], loop: [] });
  for (let w = 0; w < weeks; w++) {
    const samples: Partial<Record<DemandPattern, CalibrationSample[]>> = {};
    for (const r of records) {
      for (let k = Math.max(0, w - CALIBRATION_WEEKS); k < w; k++) {
        const x = r.weeks[k];
        (samples[r.pattern] ??= []).push({ actual: x.actual, mean: x.loop, sd: x.loopSd });
      }
    }
    const learned: CalibrationTable = learnedCalibration(DEFAULT_CALIBRATION, samples);
    for (const r of records) {
      const x = r.weeks[w];
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
  console.log(`skus ${skus} (replayed ${records.length}: ${shiftedCount} shifted, ${records.length - shiftedCount} stable), weeks ${weeks}, seed ${seed}, ${seconds.toFixed(1)} s`);
  console.log(`| set | variant | points | WAPE % | MASE | cov p90 | cov p95 | cov p99 | stock-out weeks % | mean stock value |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  const sets: [string, SkuRecord[]][] = [
    ['all', records],
    ['shifted', records.filter((r) => r.shifted)],
    ['shifted, after the shift', records.filter((r) => r.shifted)],
    ['stable', records.filter((r) => !r.shifted)],
  ];
  for (const [name, set] of sets) {
    const weekFilter = (w: number) => (name === 'shifted, after the shift' ? w >= SHIFT_WEEK : true);
    for (const v of VARIANTS) {
      const points: { forecast: number; actual: number }[] = [];
      const scaled: number[] = [];
      let covered = { p90: 0, p95: 0, p99: 0 };
      let n = 0;
      let stockouts = 0;
      let value = 0;
      for (const r of set) {
        r.weeks.forEach((x, w) => {
          if (!weekFilter(w)) return;
          const f = x[v];
          points.push({ forecast: f, actual: x.actual });
          if (r.scale) scaled.push(Math.abs(f - x.actual) / r.scale);
          const q = interval.get(r)![v][w];
          covered = { p90: covered.p90 + (x.actual <= q.p90 ? 1 : 0), p95: covered.p95 + (x.actual <= q.p95 ? 1 : 0), p99: covered.p99 + (x.actual <= q.p99 ? 1 : 0) };
          if (x.actual > q.p95) stockouts++;
          value += Math.max(0, q.p95 - x.actual) * r.unitCost;
          n++;
        });
      }
      const s = summarizeAccuracy(points);
      const mase = scaled.length ? scaled.reduce((a, b) => a + b, 0) / scaled.length : NaN;
      const pct = (c: number) => fmt((100 * c) / Math.max(1, n), 1);
      console.log(`| ${name} | ${v} | ${n} | ${fmt(s.wapePct)} | ${fmt(mase)} | ${pct(covered.p90)} | ${pct(covered.p95)} | ${pct(covered.p99)} | ${pct(stockouts)} | ${fmt(value / Math.max(1, n), 1)} |`);
    }
  }
  const loopEvents = records.reduce((s, r) => s + r.loopEvents.length, 0);
  const adjusted = records.reduce((s, r) => s + r.adjustedWeeks, 0);
  const shiftedAdjusted = records.filter((r) => r.shifted && r.adjustedWeeks > 0).length;
  const stableAdjusted = records.filter((r) => !r.shifted && r.adjustedWeeks > 0).length;
  console.log(`loop: ${loopEvents} drift events (the rule, on its own errors); level re-fit in force on ${adjusted} SKU-weeks: ${shiftedAdjusted}/${shiftedCount} shifted SKUs, ${stableAdjusted}/${records.length - shiftedCount} stable SKUs`);

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

void main();
