/**
 * `forecastSku`: the one entry point the nightly pipeline calls per SKU. Cleans the history,
 * classifies the demand pattern, weights the pattern's candidate models by their error on an inner
 * validation window (the last `horizon` periods of the history — only data the caller gave us),
 * refits them on the whole history, combines them and attaches calibrated quantiles.
 *
 * Input cleaning rule (demand is a count of units used per period):
 * - NaN, ±Infinity → 0 (a period with no recorded usage; kept as a period so the seasonal
 *   positions stay aligned);
 * - negative values (returns, corrections) → 0.
 * The number of values changed is reported as `cleanedValues`.
 *
 * Robustness: fewer than 12 observations → `InsufficientHistory`. A member that throws is dropped
 * and the others are renormalised; if every member fails, seasonal naive (plain naive when the
 * history is shorter than a season) is the forecast. The output never holds NaN or a negative.
 * Deterministic: the same history, options and seed give the same result.
 */
import { MINIMUM_HISTORY } from '../common/history-window';
import { calibrateForecast, CalibrationTable, DEFAULT_CALIBRATION } from './calibration';
import { applyFloor, candidateModels, combineForecasts, equalWeights, inverseErrorWeights, MemberForecast, WEIGHT_FLOOR } from './ensemble';
import { classifyDemandPattern, DemandPattern } from './models/demand-pattern';
import { FitOptions, PointForecast } from './models/model';
import { forecastModels } from './models/registry';

/** What the engine needs of the global tree model (GlobalTreeModel in models/global-tree.ts). */
export interface GlobalForecaster {
  forecast(history: readonly number[], h: number): { mean: number[]; sd?: number[] };
}

export const GLOBAL_TREE_NAME = 'global-tree';
const FALLBACK_MODEL = 'seasonal-naive';

export interface ForecastSkuOptions {
  horizon: number;
  season: number;
  /** Ensemble weights by model name (e.g. from the learning module); floored and renormalised. */
  weights?: Record<string, number>;
  globalModel?: GlobalForecaster;
  seed?: number;
  /** Calibration table (tests and the calibration bench pass their own). */
  calibration?: CalibrationTable;
  /** Override the candidate models (backtests of single members, benchmarks). */
  candidates?: readonly string[];
}

export interface SkuForecast {
  model: 'ensemble';
  pattern: DemandPattern;
  weights: Record<string, number>;
  members: string[];
  mean: number[];
  sd: number[];
  quantiles: { p50: number[]; p90: number[]; p95: number[]; p99: number[] };
  total: { mean: number; sd: number; p50: number; p90: number; p95: number; p99: number };
  /** How many input values the cleaning rule changed (NaN/Infinity/negative → 0). */
  cleanedValues: number;
  /** Members that threw and were left out, with their messages. */
  failedMembers: { name: string; message: string }[];
}

export interface InsufficientHistory {
  insufficient: true;
  observations: number;
  minimum: typeof MINIMUM_HISTORY;
}

export function isInsufficientHistory(result: SkuForecast | InsufficientHistory): result is InsufficientHistory {
  return (result as InsufficientHistory).insufficient === true;
}

/** Applies the documented cleaning rule; returns the cleaned copy and how many values changed. */
export function cleanDemandHistory(history: readonly number[]): { values: number[]; cleaned: number } {
  let cleaned = 0;
  const values = history.map((v) => {
    if (Number.isFinite(v) && v >= 0) return v;
    cleaned++;
    return 0;
  });
  return { values, cleaned };
}

type MemberRunner = (y: readonly number[], h: number) => PointForecast;

function memberRunner(name: string, options: ForecastSkuOptions, fit: FitOptions): MemberRunner | null {
  if (name === GLOBAL_TREE_NAME) {
    const global = options.globalModel;
    return global ? (y, h) => global.forecast(y, h) : null;
  }
  const model = forecastModels[name];
  if (!model) return null;
  return (y, h) => {
    if (y.length < model.minHistory(fit)) throw new Error(`${name}: needs ${model.minHistory(fit)} observations`);
    return model.fit(y, fit).predict(h);
  };
}

function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return sum / actual.length;
}

function checkedForecast(run: MemberRunner, y: readonly number[], h: number): PointForecast {
  const f = run(y, h);
  if (f.mean.length !== h || f.mean.some((v) => !Number.isFinite(v))) throw new Error('forecast has a non-finite value');
  return f;
}

/** Spread of the history's one-step changes, used when a member reports no sd. */
function naiveSpread(y: readonly number[]): number {
  let sum = 0;
  for (let t = 1; t < y.length; t++) sum += (y[t] - y[t - 1]) ** 2;
  return y.length > 1 ? Math.sqrt(sum / (y.length - 1)) : 0;
}

/**
 * Inverse-MAE weights from the inner validation window (the last `horizon` values): each runner
 * is fit on the values before it. Runners that fail or cannot fit get the floor.
 */
function validationWeights(runners: ReadonlyMap<string, MemberRunner>, y: readonly number[], horizon: number): Record<string, number> {
  const names = [...runners.keys()];
  const validationLength = Math.min(horizon, y.length - MINIMUM_HISTORY);
  if (validationLength < 1) return equalWeights(names);
  const inner = y.slice(0, y.length - validationLength);
  const actual = y.slice(y.length - validationLength);
  const errors: Record<string, number> = {};
  for (const [name, run] of runners) {
    try {
      errors[name] = meanAbsoluteError(actual, checkedForecast(run, inner, validationLength).mean);
    } catch {
      errors[name] = Number.NaN;
    }
  }
  return inverseErrorWeights(errors, WEIGHT_FLOOR);
}

/**
 * σ of the ensemble: the weighted mean of the members' σ, leaving out the global tree when another
 * member exists — its spread is one pooled residual sd across all SKUs (in scaled units), not this
 * SKU's, and keeping σ independent of whether a global model is passed keeps one calibration
 * table valid for both.
 */
function spreadOf(members: readonly MemberForecast[], weights: Readonly<Record<string, number>>, horizon: number): number[] {
  const local = members.filter((m) => m.name !== GLOBAL_TREE_NAME);
  const used = local.length > 0 ? local : members;
  return combineForecasts(used, applyFloor(weights, 0, used.map((m) => m.name)), horizon).sd;
}

function finiteNonNegative(values: readonly number[]): number[] {
  return values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
}

export function forecastSku(history: readonly number[], options: ForecastSkuOptions): SkuForecast | InsufficientHistory {
  const horizon = Math.max(1, Math.round(options.horizon));
  const { values, cleaned } = cleanDemandHistory(history);
  if (values.length < MINIMUM_HISTORY) return { insufficient: true, observations: values.length, minimum: MINIMUM_HISTORY };

  const fit: FitOptions = { season: Math.max(1, Math.round(options.season)), seed: options.seed ?? 1 };
  const pattern = classifyDemandPattern(values).pattern;
  const names = options.candidates ? [...options.candidates] : candidateModels(pattern, () => true);
  const runners = new Map<string, MemberRunner>();
  for (const name of names) {
    const run = memberRunner(name, options, fit);
    if (run) runners.set(name, run);
  }
  if (runners.size === 0) runners.set(FALLBACK_MODEL, memberRunner(FALLBACK_MODEL, options, fit)!);

  const weights = options.weights
    ? applyFloor(options.weights, WEIGHT_FLOOR, [...runners.keys()])
    : runners.size === 1 ? equalWeights([...runners.keys()]) : validationWeights(runners, values, horizon);

  const members: MemberForecast[] = [];
  const failedMembers: { name: string; message: string }[] = [];
  const spread = naiveSpread(values);
  for (const [name, run] of runners) {
    try {
      const f = checkedForecast(run, values, horizon);
      members.push({ name, mean: f.mean, sd: f.sd && f.sd.length === horizon ? finiteNonNegative(f.sd) : new Array(horizon).fill(spread) });
    } catch (error) {
      failedMembers.push({ name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (members.length === 0) {
    const fallback = checkedForecast(memberRunner(FALLBACK_MODEL, options, fit)!, values, horizon);
    members.push({ name: FALLBACK_MODEL, mean: fallback.mean, sd: finiteNonNegative(fallback.sd ?? new Array(horizon).fill(spread)) });
  }
  const usedWeights = applyFloor(weights, 0, members.map((m) => m.name));
  const combined = combineForecasts(members, usedWeights, horizon);
  const mean = finiteNonNegative(combined.mean);
  const sd = finiteNonNegative(spreadOf(members, usedWeights, horizon));
  const calibrated = calibrateForecast(mean, sd, pattern, options.calibration ?? DEFAULT_CALIBRATION);
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  return {
    model: 'ensemble',
    pattern,
    weights: usedWeights,
    members: members.map((m) => m.name),
    mean,
    sd,
    quantiles: {
      p50: calibrated.quantiles.p50.map(clean),
      p90: calibrated.quantiles.p90.map(clean),
      p95: calibrated.quantiles.p95.map(clean),
      p99: calibrated.quantiles.p99.map(clean),
    },
    total: {
      mean: clean(calibrated.total.mean),
      sd: clean(calibrated.total.sd),
      p50: clean(calibrated.total.p50),
      p90: clean(calibrated.total.p90),
      p95: clean(calibrated.total.p95),
      p99: clean(calibrated.total.p99),
    },
    cleanedValues: cleaned,
    failedMembers,
  };
}
