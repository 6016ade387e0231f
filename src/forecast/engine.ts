/**
 * `forecastSku`: the one entry point the nightly cycle calls per SKU —
 * `forecastSku(history, { horizon, season, seed, weights })` (all other options optional).
 * Cleans the history, classifies the demand pattern, chooses and weights the pattern's candidate
 * models, fits them on the whole history, combines them and attaches calibrated quantiles.
 *
 * Two combinations come out (member-selection.ts explains the rules and how they are fitted):
 * - `point`: the combination with the lowest validation absolute error — the forecast backtests
 *   score; it may use the global tree, whose log1p target makes it median-like;
 * - `mean` / `sd` / `quantiles` / `total`: the demand distribution the reorder policy uses, from
 *   the members meant for it (never the global tree while a local member exists).
 * Without caller `weights`, both come from the pattern's rule in the selection table
 * (DEFAULT_SELECTION unless `selection` is given): per-SKU errors at up to 3 rolling validation
 * origins inside the history (never the values a member is scored on), shrunk toward the
 * pattern-level errors. With caller `weights` (the learning module's), both use them.
 *
 * Members: the pattern's CANDIDATES (ensemble.ts), plus the selection extras (ARIMA, CES) when the
 * pattern's rule names them; without caller weights only the members a rule names are validated
 * and fit (pruneToRules), so longer candidate lists cost nothing where the rules do not use them.
 *
 * Optional fields added for issue 11 (callers that do not pass them get the defaults):
 * `selection` (per-pattern rules, or null for plain inverse validation error), `validationOrigins`
 * (default 3) and `validation` (a precomputed validateSku result for this history, backtests).
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
import { applyFloor, candidateModels, combineForecasts, equalWeights, inverseErrorWeights, MemberForecast, SELECTION_EXTRAS, selectionCandidates, WEIGHT_FLOOR } from './ensemble';
import { DEFAULT_SELECTION } from './default-selection';
import { memberErrors, ruleWeights, SelectionTable, SkuValidation, validationOrigins, validationScale, ValidationWindow } from './member-selection';
import { classifyDemandPattern, DemandPattern } from './models/demand-pattern';
import { FitOptions, PointForecast } from './models/model';
import { forecastModels } from './models/registry';

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
  /**
   * The global model the validation windows are forecast with (default: `globalModel`). A global
   * model trained on the whole history has seen the validation windows, so its validation errors
   * are in-sample and flattered; backtests pass one trained on the values before the earliest
   * origin (validationCutoff) so that the tree is judged like the per-SKU members.
   */
  validationGlobalModel?: GlobalForecaster;
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
  /** Weights of the demand distribution (mean, sd, quantiles). */
  weights: Record<string, number>;
  /** Weights of the point forecast (equal to `weights` when the caller passed weights). */
  pointWeights: Record<string, number>;
  /** Every member fit (a member may carry weight in only one of the two weightings). */
  members: string[];
  /** Each fitted member's own mean forecast per step, by name (stored for per-member realized accuracy). */
  memberMeans: Record<string, number[]>;
  /** Mean demand per step: what the reorder policy plans with, and the centre of the quantiles. */
  mean: number[];
  /**
   * Point forecast per step: the combination with the lowest validation absolute error (may use
   * the median-like global tree, so it can sit below the mean on sparse demand). Backtests score it.
   */
  point: number[];
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
 * The candidate runners (pattern candidates or the caller's list, minus unavailable ones), plus
 * the selection extras (ensemble.ts SELECTION_EXTRAS) that the selection table's rules for the
 * pattern name — or all of them when validating for a selection fit (`forSelection`).
 */
function candidateRunners(pattern: DemandPattern, options: ForecastSkuOptions, fit: FitOptions, forSelection = false): Map<string, MemberRunner> {
  let names: string[];
  if (options.candidates) names = [...options.candidates];
  else if (forSelection) names = selectionCandidates(pattern, () => true);
  else {
    const selected = options.weights ? undefined : selectionTableOf(options)?.[pattern];
    const named = selected ? [...selected.rule.members, ...(selected.distributionRule ?? selected.rule).members] : [];
    names = [...candidateModels(pattern, () => true), ...SELECTION_EXTRAS[pattern].filter((m) => named.includes(m))];
  }
  const runners = new Map<string, MemberRunner>();
  for (const name of names) {
    const run = memberRunner(name, options, fit);
    if (run) runners.set(name, run);
  }
  return runners;
}

/** The runners the validation windows are forecast with: the same, the global tree swapped for `validationGlobalModel` when given. */
function validationRunners(runners: ReadonlyMap<string, MemberRunner>, options: ForecastSkuOptions): ReadonlyMap<string, MemberRunner> {
  const validationGlobal = options.validationGlobalModel;
  if (!validationGlobal || !runners.has(GLOBAL_TREE_NAME)) return runners;
  const swapped = new Map(runners);
  swapped.set(GLOBAL_TREE_NAME, (y, h) => validationGlobal.forecast(y, h));
  return swapped;
}

/** Where a validation global model's training data must end for a history of `length` values: before the earliest rolling origin. */
export function validationCutoff(length: number, horizon: number, maxOrigins = VALIDATION_ORIGINS): number {
  const origins = validationOrigins(length, horizon, MINIMUM_HISTORY, maxOrigins);
  return origins.length > 0 ? origins[origins.length - 1].origin : length;
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
  return validateRunners(validationRunners(candidateRunners(pattern, options, fit, true), options), values, horizon, pattern, fit.season, options.validationOrigins ?? VALIDATION_ORIGINS);
}

/** The selection table in force: the caller's, none (null), or DEFAULT_SELECTION unless the caller picked the candidates. */
function selectionTableOf(options: ForecastSkuOptions): SelectionTable | undefined {
  return options.selection === undefined ? (options.candidates ? undefined : DEFAULT_SELECTION) : options.selection ?? undefined;
}

/**
 * Keeps only the runners the pattern's rules name (point and distribution), when the rules name
 * any available one: the others would get no weight, so validating and fitting them is wasted
 * work. (The candidate lists are longer than any one rule since ARIMA and CES joined them; the
 * nightly cost stays that of the rules' members.) Caller weights or no rule: all runners.
 */
function pruneToRules(runners: Map<string, MemberRunner>, pattern: DemandPattern, options: ForecastSkuOptions): void {
  if (options.weights) return;
  const selected = selectionTableOf(options)?.[pattern];
  if (!selected) return;
  const named = new Set([...selected.rule.members, ...(selected.distributionRule ?? selected.rule).members]);
  if (![...runners.keys()].some((n) => named.has(n))) return;
  for (const name of [...runners.keys()]) if (!named.has(name)) runners.delete(name);
}

/**
 * The engine's own weights (no caller weights) for the point forecast or the demand distribution:
 * the pattern's rule from the selection table (member-selection.ts) restricted to the available
 * members — the distribution never includes the global tree unless it is the only runner. The SKU
 * is validated (once, `validate` memoises) only when the rule needs its own errors (more than one
 * member, power > 0, finite prior strength). A point rule that lost a member to unavailability
 * falls back to the distribution rule. Without a usable rule: inverse validation error over the
 * allowed runners (floor 0.1), as before selection tables.
 */
function engineWeights(
  runners: ReadonlyMap<string, MemberRunner>,
  pattern: DemandPattern,
  options: ForecastSkuOptions,
  validate: () => SkuValidation,
  purpose: 'point' | 'distribution',
): Record<string, number> {
  const local = [...runners.keys()].filter((n) => n !== GLOBAL_TREE_NAME);
  const allowed = purpose === 'distribution' && local.length > 0 ? local : [...runners.keys()];
  if (allowed.length === 1) return equalWeights(allowed);
  const selected = selectionTableOf(options)?.[pattern];
  if (selected) {
    const distributionRule = selected.distributionRule ?? selected.rule;
    let rule = purpose === 'point' ? selected.rule : distributionRule;
    if (rule.members.some((m) => !runners.has(m))) rule = distributionRule;
    const members = rule.members.filter((m) => allowed.includes(m));
    if (members.length > 0) {
      const restricted = { ...rule, members };
      const needsOwn = members.length > 1 && rule.power > 0 && rule.strength !== Infinity;
      const weights = ruleWeights(restricted, needsOwn ? memberErrors(validate(), members) : {}, selected.errors);
      if (Object.keys(weights).length > 0) return weights;
    }
  }
  const validation = validate();
  if (validation.windows.length === 0) return equalWeights(allowed);
  const own = memberErrors(validation, allowed);
  const errors: Record<string, number> = {};
  for (const n of allowed) errors[n] = own[n].points > 0 ? own[n].sum / own[n].points : Number.NaN;
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
  pruneToRules(runners, pattern, options);

  let validation: SkuValidation | undefined = options.validation && options.validation.pattern === pattern ? options.validation : undefined;
  const validate = () => (validation ??= validateRunners(validationRunners(runners, options), values, horizon, pattern, fit.season, options.validationOrigins ?? VALIDATION_ORIGINS));
  const weights = options.weights
    ? applyFloor(options.weights, WEIGHT_FLOOR, [...runners.keys()])
    : engineWeights(runners, pattern, options, validate, 'distribution');
  const pointRuleWeights = options.weights ? weights : engineWeights(runners, pattern, options, validate, 'point');
  // Members both weightings leave out are not fit at all.
  for (const name of [...runners.keys()]) if (!(weights[name] > 0) && !(pointRuleWeights[name] > 0)) runners.delete(name);

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
  const names = members.map((m) => m.name);
  const positive = (w: Record<string, number>) => names.some((n) => w[n] > 0);
  // A weighting whose members all failed falls back to the other one, then to equal weights.
  const usedWeights = applyFloor(positive(weights) ? weights : positive(pointRuleWeights) ? pointRuleWeights : equalWeights(names), 0, names);
  const pointWeights = applyFloor(positive(pointRuleWeights) ? pointRuleWeights : usedWeights, 0, names);
  const combined = combineForecasts(members, usedWeights, horizon);
  const mean = finiteNonNegative(combined.mean);
  const point = finiteNonNegative(combineForecasts(members, pointWeights, horizon).mean);
  const sd = finiteNonNegative(spreadOf(members, usedWeights, horizon));
  const calibrated = calibrateForecast(mean, sd, pattern, options.calibration ?? DEFAULT_CALIBRATION);
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  return {
    model: 'ensemble',
    pattern,
    weights: usedWeights,
    pointWeights,
    members: names,
    memberMeans: Object.fromEntries(members.map((m) => [m.name, finiteNonNegative(m.mean)])),
    mean,
    point,
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
