/**
 * The learning loop replayed week by week against a frozen ensemble, on the demo catalog.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/learning/replay.js [--skus 300] [--seed 42] [--weeks 26] [--shift-share 0.2]
 *
 * Data: the demo generator (104 weeks of history + `weeks` replay weeks, ending 2026-11-23).
 * A share of the SKUs (seeded) gets an injected level shift at replay week 13: demand × 2.5 or
 * × 0.4 from then on; the rest are left as generated ("stable"). Members per SKU: the engine's
 * candidates for its demand pattern (ensemble.ts CANDIDATES) without the global tree (it is
 * trained across SKUs; left out to keep the replay per SKU).
 *
 * Every replay week each member is refitted on the history so far (up to 104 weeks) and forecasts
 * one week ahead. Two combinations of the same member forecasts:
 * - frozen: inverse-MAE weights from the validation window before the replay (the last 4 weeks
 *   of the history), never updated — what copying weights forward night after night amounts to;
 * - loop: src/learning/weights.ts adaptiveWeights every week: realized absolute scaled errors of
 *   the last 13 weeks once each member has 8, the frozen weights' validation errors before.
 * Drift: src/learning/drift.ts on the loop's weekly scaled errors, tested every week once the
 * windows hold enough errors (replay week 10 on); detection = a shifted SKU with an event within
 * 6 weeks of its shift; false alarms = the share of stable SKUs with at least one event in a
 * 4-week month (the plan: < 5 %), over the tested months. Also shown at p < 0.01.
 * Scores (step 1, every replay week): WAPE and MASE (scale: the history's in-sample seasonal-naive
 * MAE, naive on short histories; series with a zero scale left out of MASE).
 */
import { writeFileSync } from 'node:fs';
import { summarizeAccuracy, maseScale } from '../../src/learning/accuracy';
import { detectDrift } from '../../src/learning/drift';
import { adaptiveWeights } from '../../src/learning/weights';
import { CANDIDATES, inverseErrorWeights } from '../../src/forecast/ensemble';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { classifyDemandPattern } from '../../src/forecast/models/demand-pattern';
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
const ALPHAS = [0.05, 0.01] as const;
const SEASON = 52;
const VALIDATION = 4;

interface Tally {
  frozen: { forecast: number; actual: number }[];
  loop: { forecast: number; actual: number }[];
  frozenScaled: number[];
  loopScaled: number[];
}

const newTally = (): Tally => ({ frozen: [], loop: [], frozenScaled: [], loopScaled: [] });

function memberForecast(name: string, history: readonly number[]): number | null {
  const model = modelByName(name);
  if (history.length < model.minHistory({ season: SEASON })) return null;
  try {
    const v = model.fit(history, { season: SEASON, seed: 1 }).predict(1).mean[0];
    return Number.isFinite(v) ? Math.max(0, v) : null;
  } catch {
    return null;
  }
}

function combine(weights: Record<string, number>, forecasts: Record<string, number>): number {
  let sum = 0;
  let total = 0;
  for (const [m, f] of Object.entries(forecasts)) {
    sum += (weights[m] ?? 0) * f;
    total += weights[m] ?? 0;
  }
  return total > 0 ? sum / total : 0;
}

async function main(): Promise<void> {
  const skus = Number(argument('skus', '300'));
  const seed = Number(argument('seed', '42'));
  const weeks = Number(argument('weeks', '26'));
  const shiftShare = Number(argument('shift-share', '0.2'));
  await loadAugurs();
  const started = process.hrtime.bigint();
  const groups = { shifted: newTally(), stable: newTally() };
  let shiftedSkus = 0;
  const detected: Record<number, number> = { 0.05: 0, 0.01: 0 };
  let stableSkus = 0;
  /** stable SKU-months with at least one event, per alpha; and SKU-months tested */
  const alarmedMonths: Record<number, number> = { 0.05: 0, 0.01: 0 };
  let stableMonths = 0;
  let loopRealizedWeeks = 0;
  let loopWeeks = 0;
  const dumpPath = process.argv.includes('--dump') ? argument('dump', '') : '';
  const dump: { sku: string; pattern: string; shifted: boolean; factor: number; errors: (number | null)[] }[] = [];

  for (const { item, usage } of generateDemoItems({ skus, weeks: HISTORY + weeks, seed, endWeekStart: '2026-11-23' })) {
    if (item.pattern === 'new' || item.pattern === 'discontinued') continue;
    const series = usage.map((u) => Number(u.quantity));
    if (series.length < HISTORY + weeks) continue;
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
      const model = modelByName(m);
      try {
        const f = model.fit(fitPart, { season: SEASON, seed: 1 }).predict(VALIDATION).mean;
        validationMae[m] = f.reduce((s, v, i) => s + Math.abs(v - history0[HISTORY - VALIDATION + i]), 0) / VALIDATION;
      } catch {
        validationMae[m] = Infinity;
      }
    }
    const frozen = inverseErrorWeights(validationMae);
    const backtestScaled = Object.fromEntries(members.map((m) => [m, scaleUnits ? validationMae[m] / scaleUnits : validationMae[m]]));

    const realized: Record<string, number[]> = Object.fromEntries(members.map((m) => [m, []]));
    const loopErrors: (number | null)[] = [];
    const tally = shifted ? groups.shifted : groups.stable;
    const eventWeeks: Record<number, number[]> = { 0.05: [], 0.01: [] };
    for (let w = 0; w < weeks; w++) {
      const t = HISTORY + w;
      const history = demand.slice(Math.max(0, t - HISTORY), t);
      const forecasts: Record<string, number> = {};
      for (const m of members) {
        const f = memberForecast(m, history);
        if (f !== null) forecasts[m] = f;
      }
      const recent = Object.fromEntries(members.map((m) => [m, realized[m].slice(-13)]));
      const loopWeights = adaptiveWeights({ members: Object.keys(forecasts), realizedErrors: recent, backtestErrors: backtestScaled });
      loopWeeks++;
      if (loopWeights.source === 'realized') loopRealizedWeeks++;
      const actual = demand[t];
      const frozenF = combine(frozen, forecasts);
      const loopF = combine(loopWeights.weights, forecasts);
      tally.frozen.push({ forecast: frozenF, actual });
      tally.loop.push({ forecast: loopF, actual });
      if (scaleUnits) {
        tally.frozenScaled.push(Math.abs(frozenF - actual) / scaleUnits);
        tally.loopScaled.push(Math.abs(loopF - actual) / scaleUnits);
        for (const [m, f] of Object.entries(forecasts)) realized[m].push(Math.abs(f - actual) / scaleUnits);
      }
      loopErrors.push(scaleUnits ? Math.abs(loopF - actual) / scaleUnits : null);
      for (const alpha of ALPHAS) if (detectDrift(loopErrors, alpha).status === 'drift') eventWeeks[alpha].push(w);
    }
    dump.push({ sku: item.sku, pattern, shifted, factor, errors: loopErrors });
    if (shifted) {
      shiftedSkus++;
      for (const alpha of ALPHAS) if (eventWeeks[alpha].some((w) => w >= SHIFT_WEEK && w < SHIFT_WEEK + DETECTION_WEEKS)) detected[alpha]++;
    } else {
      stableSkus++;
      // Months of 4 tested weeks: replay weeks 10–13, 14–17, 18–21, 22–25 (0-based 9..).
      for (let start = 9; start + 4 <= weeks; start += 4) {
        for (const alpha of ALPHAS) if (eventWeeks[alpha].some((w) => w >= start && w < start + 4)) alarmedMonths[alpha]++;
      }
      stableMonths += Math.floor((weeks - 9) / 4);
    }
  }

  const score = (t: Tally) => {
    const f = summarizeAccuracy(t.frozen);
    const l = summarizeAccuracy(t.loop);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
    return { points: t.frozen.length, frozenWape: f.wapePct, loopWape: l.wapePct, frozenMase: mean(t.frozenScaled), loopMase: mean(t.loopScaled) };
  };
  const all = newTally();
  for (const g of [groups.shifted, groups.stable]) {
    all.frozen.push(...g.frozen);
    all.loop.push(...g.loop);
    all.frozenScaled.push(...g.frozenScaled);
    all.loopScaled.push(...g.loopScaled);
  }
  if (dumpPath) writeFileSync(dumpPath, JSON.stringify(dump));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));
  console.log(`skus ${skus} (replayed ${shiftedSkus + stableSkus}: ${shiftedSkus} shifted, ${stableSkus} stable), weeks ${weeks}, seed ${seed}, ${seconds.toFixed(1)} s`);
  console.log(`| set | points | WAPE frozen | WAPE loop | MASE frozen | MASE loop |`);
  console.log(`| --- | --- | --- | --- | --- | --- |`);
  for (const [name, t] of [['all', all], ['shifted', groups.shifted], ['stable', groups.stable]] as const) {
    const s = score(t);
    console.log(`| ${name} | ${s.points} | ${fmt(s.frozenWape)} | ${fmt(s.loopWape)} | ${fmt(s.frozenMase)} | ${fmt(s.loopMase)} |`);
  }
  console.log(`loop weights from realized errors in ${((100 * loopRealizedWeeks) / Math.max(1, loopWeeks)).toFixed(1)} % of SKU-weeks`);
  for (const alpha of ALPHAS) {
    console.log(
      `drift at p < ${alpha}: detected within ${DETECTION_WEEKS} weeks on ${detected[alpha]}/${shiftedSkus} shifted SKUs (${((100 * detected[alpha]) / Math.max(1, shiftedSkus)).toFixed(1)} %); ` +
        `stable SKUs with an event in a month: ${alarmedMonths[alpha]}/${stableMonths} SKU-months = ${((100 * alarmedMonths[alpha]) / Math.max(1, stableMonths)).toFixed(1)} %`,
    );
  }
}

void main();
