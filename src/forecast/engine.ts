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
import { calibrateForecast, CalibrationTable, DEFAULT_CALIBRATION } from './calibration';
import { applyFloor, candidateModels, combineForecasts, equalWeights, inverseErrorWeights, MemberForecast, WEIGHT_FLOOR } from './ensemble';
import { DEFAULT_SELECTION } from './default-selection';
import { memberErrors, ruleWeights, SelectionTable, SkuValidation, validationOrigins, validationScale, ValidationWindow } from './member-selection';
import { classifyDemandPattern, DemandPattern } from './models/demand-pattern';
import { FitOptions, PointForecast } from './models/model';
import { forecastModels } from './models/registry';

export const MINIMUM_HISTORY = 12;
/** Rolling validation origins per SKU (each one window of `horizon` values). */
export const VALIDATION_ORIGINS = 3;

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
  /**
   * Per-pattern combination rules (member-selection.ts). Omitted: DEFAULT_SELECTION (fitted on demo
   * data by bench/accuracy/select.ts), or none when `candidates` is given; null: none — every
   * candidate weighted by its own validation error.
   */
  selection?: SelectionTable | null;
  /** Rolling validation origins per SKU (default VALIDATION_ORIGINS = 3). */
  validationOrigins?: number;
  /** This history's validateSku result, when the caller already has it (backtests). */
  validation?: SkuValidation;
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
 * Each runner's forecasts at the rolling validation origins (member-selection.ts): fit on the
 * values before each origin only — never on the window it is scored on.
 */
function validateRunners(runners: ReadonlyMap<string, MemberRunner>, y: readonly number[], horizon: number, pattern: DemandPattern, season: number, maxOrigins: number): SkuValidation {
  const origins = validationOrigins(y.length, horizon, MINIMUM_HISTORY, maxOrigins);
  const earliest = origins.length > 0 ? origins[origins.length - 1].origin : y.length;
  const windows: ValidationWindow[] = origins.map(({ origin, length }) => {
    const inner = y.slice(0, origin);
    const forecasts: Record<string, number[] | null> = {};
    for (const [name, run] of runners) {
      try {
        forecasts[name] = checkedForecast(run, inner, length).mean;
      } catch {
        forecasts[name] = null;
      }
    }
    return { actual: y.slice(origin, origin + length), forecasts };
  });
  return { pattern, scale: validationScale(y.slice(0, earliest), season), windows };
}

/**
 * The candidate runners (pattern candidates or the caller's list, minus unavailable ones).
 */
function candidateRunners(pattern: DemandPattern, options: ForecastSkuOptions, fit: FitOptions): Map<string, MemberRunner> {
  const names = options.candidates ? [...options.candidates] : candidateModels(pattern, () => true);
  const runners = new Map<string, MemberRunner>();
  for (const name of names) {
    const run = memberRunner(name, options, fit);
    if (run) runners.set(name, run);
  }
  return runners;
}

/**
 * The SKU's validation record: every candidate member's forecasts at up to `validationOrigins`
 * rolling origins of the cleaned history. Backtests collect these over all series to fit a
 * selection table (member-selection.ts `fitSelection`) and pass each SKU's back as
 * `options.validation`, so the members are not validated twice.
 */
export function validateSku(history: readonly number[], options: ForecastSkuOptions): SkuValidation | InsufficientHistory {
  const horizon = Math.max(1, Math.round(options.horizon));
  const { values } = cleanDemandHistory(history);
  if (values.length < MINIMUM_HISTORY) return { insufficient: true, observations: values.length, minimum: MINIMUM_HISTORY };
  const fit: FitOptions = { season: Math.max(1, Math.round(options.season)), seed: options.seed ?? 1 };
  const pattern = classifyDemandPattern(values).pattern;
  return validateRunners(candidateRunners(pattern, options, fit), values, horizon, pattern, fit.season, options.validationOrigins ?? VALIDATION_ORIGINS);
}

/**
 * The engine's own weights (no caller weights): the pattern's rule from the selection table
 * restricted to the available members; the SKU is validated only when the rule needs its own
 * errors (more than one member, power > 0, finite prior strength). Without a usable rule: inverse
 * validation error over all runners (power 1, no prior, floor 0.1), as before selection tables.
 */
function engineWeights(
  runners: ReadonlyMap<string, MemberRunner>,
  values: readonly number[],
  horizon: number,
  pattern: DemandPattern,
  season: number,
  options: ForecastSkuOptions,
): Record<string, number> {
  const names = [...runners.keys()];
  if (names.length === 1) return equalWeights(names);
  const validate = () =>
    options.validation && options.validation.pattern === pattern
      ? options.validation
      : validateRunners(runners, values, horizon, pattern, season, options.validationOrigins ?? VALIDATION_ORIGINS);
  const table = options.selection === undefined ? (options.candidates ? undefined : DEFAULT_SELECTION) : options.selection ?? undefined;
  const selected = table?.[pattern];
  if (selected) {
    const rule = { ...selected.rule, members: selected.rule.members.filter((m) => runners.has(m)) };
    if (rule.members.length > 0) {
      const needsOwn = rule.members.length > 1 && rule.power > 0 && rule.strength !== Infinity;
      const weights = ruleWeights(rule, needsOwn ? memberErrors(validate(), rule.members) : {}, selected.errors);
      if (Object.keys(weights).length > 0) return weights;
    }
  }
  const validation = validate();
  if (validation.windows.length === 0) return equalWeights(names);
  const own = memberErrors(validation, names);
  const errors: Record<string, number> = {};
  for (const n of names) errors[n] = own[n].points > 0 ? own[n].sum / own[n].points : Number.NaN;
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
  const runners = candidateRunners(pattern, options, fit);
  if (runners.size === 0) runners.set(FALLBACK_MODEL, memberRunner(FALLBACK_MODEL, options, fit)!);

  const weights = options.weights
    ? applyFloor(options.weights, WEIGHT_FLOOR, [...runners.keys()])
    : engineWeights(runners, values, horizon, pattern, fit.season, options);
  // Members the weights leave out are not fit at all.
  for (const name of [...runners.keys()]) if (!(weights[name] > 0)) runners.delete(name);

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
