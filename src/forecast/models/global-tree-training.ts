/**
 * Training of the global tree model. Training holds out the last `horizon` periods of every
 * series: boosting stops early on them, and the held-out forecasts' errors per step (in units of
 * each SKU's recent demand sd, separately for intermittent SKUs) give the forecast sd. Then every
 * booster is refit on all periods with the round count early stopping found, so the most recent
 * periods are learned too. Only the series given are seen: callers pass training parts only (no
 * leakage). Pure (the seed fixes every sample).
 */
import { Booster, BoosterParams } from '../gbdt/booster';
import { xoshiro128ss } from '../../common/prng';
import { demandFeatureLayout, DemandFeatureLayout } from '../features/feature-layout';
import { PointForecast } from './model';
import {
  DEFAULT_GLOBAL_TREE_STRATEGY,
  demandSpread,
  forecastGlobalTree,
  forecastScratch,
  GlobalTreeParts,
  GlobalTreeStrategy,
  isIntermittentHistory,
} from './global-tree-forecast';
import {
  buildStepRows,
  DEFAULT_GLOBAL_TREE_TARGET,
  GLOBAL_TREE_MIN_HISTORY,
  GlobalTreeTarget,
  MAX_SCALED_TARGET,
  positionOf,
  sampleOrigins,
  SeriesInfo,
  StepRows,
} from './global-tree-rows';

/** Fewest held-out series per group before intermittent and regular SKUs get separate spreads. */
const MIN_SERIES_PER_SPREAD_GROUP = 30;

export interface GlobalTreeOptions {
  /** Seasonal period: 52 weekly, 12 monthly, 1 none. */
  season: number;
  /** Steps the model is trained for (forecasts beyond reuse the last step's booster). */
  horizon: number;
  seed?: number;
  strategy?: GlobalTreeStrategy;
  /**
   * Position in the seasonal cycle (0-based, e.g. month − 1) of each series' last observation;
   * with it the model gets Fourier terms of the target's phase. Omit when the calendar is unknown.
   */
  seasonPositionAtEnd?: readonly number[];
  /** Weekly alias: ISO week (1–53) of each series' last observation (position = week − 1). */
  weekOfYearAtEnd?: readonly number[];
  params?: Partial<BoosterParams>;
  target?: GlobalTreeTarget;
  /** At most this many training rows per horizon step (origins are sampled per series). */
  maxRowsPerStep?: number;
  /** Refit on all periods after early stopping (default true). */
  refit?: boolean;
  /**
   * Multiply each step's forecast by Σ actual / Σ forecast of the held-out periods (separately for
   * intermittent SKUs), turning the median-like forecast of the log1p target into an unbiased mean.
   * Default false: it costs accuracy in MAE terms (docs/bench/gbdt.md).
   */
  biasCorrection?: boolean;
}

/** Booster settings for the global model; measured on M3 monthly and synthetic weekly data. */
export const GLOBAL_TREE_BOOSTER_PARAMS: Partial<BoosterParams> = {
  objective: 'l2',
  numIterations: 400,
  learningRate: 0.1,
  numLeaves: 63,
  minDataInLeaf: 100,
  lambdaL2: 1,
  featureFraction: 0.6,
  baggingFraction: 0.5,
  maxBins: 127,
  earlyStoppingRounds: 25,
};

export interface GlobalTreeTrainingSummary {
  seriesUsed: number;
  rowsPerStep: number[];
  iterationsPerStep: number[];
}

/** A forecast of the model being trained, from the end of a history (the probe of the held-out periods). */
type ProbeForecast = (history: readonly number[], h: number, seasonPositionOfLast?: number) => PointForecast;

/** Trains the global model's boosters and spreads on the given series (training parts only). */
export function trainGlobalTreeParts(
  seriesIn: readonly (readonly number[])[],
  options: GlobalTreeOptions,
): { parts: GlobalTreeParts; summary: GlobalTreeTrainingSummary } {
  const season = Math.max(1, Math.round(options.season || 1));
  const horizon = Math.max(1, Math.round(options.horizon));
  const strategy = options.strategy ?? DEFAULT_GLOBAL_TREE_STRATEGY;
  const seed = options.seed ?? 1;
  const layout = demandFeatureLayout(season);
  const positions =
    options.seasonPositionAtEnd ?? (options.weekOfYearAtEnd ? options.weekOfYearAtEnd.map((w) => w - 1) : undefined);
  const usesCalendar = positions !== undefined;

  const series: SeriesInfo[] = [];
  seriesIn.forEach((y, i) => {
    if (y.length < GLOBAL_TREE_MIN_HISTORY + 2) return;
    for (const v of y) if (!Number.isFinite(v)) return; // a broken series is left out, not repaired
    series.push({ y, position: positions ? positions[i] : undefined });
  });
  if (series.length === 0) {
    throw new Error(`global-tree: no series with at least ${GLOBAL_TREE_MIN_HISTORY + 2} finite observations to train on`);
  }

  const nonNegative = series.every((s) => s.y.every((v) => v >= 0));
  const target: GlobalTreeTarget = nonNegative ? options.target ?? DEFAULT_GLOBAL_TREE_TARGET : 'ratio';
  const boosterParams: Partial<BoosterParams> = { ...GLOBAL_TREE_BOOSTER_PARAMS, seed, ...options.params };
  if (!nonNegative && boosterParams.objective !== 'l2') boosterParams.objective = 'l2';

  // Validation: the last `horizon` periods of every long-enough series are held out.
  const validationHorizon = horizon;
  const hasValidation = (s: SeriesInfo) => s.y.length - validationHorizon >= GLOBAL_TREE_MIN_HISTORY + 2;
  const trainingEnd = (s: SeriesInfo) => (hasValidation(s) ? s.y.length - validationHorizon : s.y.length);

  const random = xoshiro128ss(seed ^ 0x2545f491);
  const maxRows = options.maxRowsPerStep ?? 100_000;
  const perSeriesLimit = Math.max(4, Math.ceil(maxRows / series.length));
  // Origins sampled once per series over its whole range; each step keeps those whose target is
  // known. Refit rows (all periods) are a superset of the early-stopping rows.
  const origins = series.map((s) => sampleOrigins(s.y.length - 1, perSeriesLimit, random));
  const validationSeries = series.filter(hasValidation);
  // Every origin whose targets all lie in the held-out window: step k has H − k + 1 of them.
  const validationOrigins = validationSeries.map((s) =>
    Int32Array.from({ length: validationHorizon }, (_, i) => s.y.length - validationHorizon + i),
  );
  const refit = options.refit ?? true;
  const rowsPerStep: number[] = [];
  const iterationsPerStep: number[] = [];

  /** Early-stopped booster for one step, then (optionally) the same rounds refit on all periods. */
  const trainStep = (step: number): { early: Booster; final: Booster; validation: StepRows } => {
    const early = buildStepRows(layout, series, origins, step, (s) => trainingEnd(s) - 1, target);
    const validation = buildStepRows(layout, validationSeries, validationOrigins, step, (s) => s.y.length - 1, target);
    const hasRows = early.matrix.numRows > 0;
    const trainSet = hasRows ? early : buildStepRows(layout, series, origins, step, (s) => s.y.length - 1, target);
    if (trainSet.matrix.numRows === 0) {
      throw new Error(`global-tree: no training rows for step ${step} (series too short for horizon ${horizon})`);
    }
    const { booster, report } = Booster.train(
      trainSet,
      boosterParams,
      validation.matrix.numRows > 0 ? validation : undefined,
      layout.names,
    );
    let final = booster;
    if (refit && hasRows && validation.matrix.numRows > 0) {
      const all = buildStepRows(layout, series, origins, step, (s) => s.y.length - 1, target);
      final = Booster.train(all, { ...boosterParams, numIterations: report.iterations, earlyStoppingRounds: 0 }, undefined, layout.names).booster;
      rowsPerStep.push(all.matrix.numRows);
    } else {
      rowsPerStep.push(trainSet.matrix.numRows);
    }
    iterationsPerStep.push(report.iterations);
    return { early: booster, final, validation };
  };

  const directBoosters: Booster[] = [];
  const directEarly: Booster[] = [];
  if (strategy !== 'recursive') {
    for (let step = 1; step <= horizon; step++) {
      const { early, final } = trainStep(step);
      directEarly.push(early);
      directBoosters.push(final);
    }
  }
  let recursiveBooster: Booster | null = null;
  let recursiveEarly: Booster | null = null;
  if (strategy !== 'direct') {
    const { early, final } = trainStep(1);
    recursiveEarly = early;
    recursiveBooster = final;
  }
  // Spread per step: errors of forecasts of the held-out periods by the boosters that have not
  // seen them, for exactly the strategy being trained (a blend is scored as a blend).
  const probeParts: GlobalTreeParts = {
    season,
    horizon,
    strategy,
    target,
    usesCalendar,
    directBoosters: directEarly,
    recursiveBooster: recursiveEarly,
    residualSdPerSpread: [],
    intermittentResidualSdPerSpread: null,
    meanFactor: null,
    intermittentMeanFactor: null,
  };
  const scratch = forecastScratch(season);
  const probe: ProbeForecast = (history, h, position) => forecastGlobalTree(probeParts, scratch, history, h, position);
  const intermittent = validationSeries.filter((s) => isIntermittentHistory(s.y, s.y.length - validationHorizon, layout));
  const regular = validationSeries.filter((s) => !isIntermittentHistory(s.y, s.y.length - validationHorizon, layout));
  // Separate spreads only when both groups are big enough to estimate one.
  const split = intermittent.length >= MIN_SERIES_PER_SPREAD_GROUP && regular.length >= MIN_SERIES_PER_SPREAD_GROUP;
  const regularGroup = split ? regular : validationSeries;
  const correct = options.biasCorrection === true && validationSeries.length > 0;
  const meanFactor = correct ? meanFactors(probe, regularGroup, validationHorizon) : null;
  const intermittentMeanFactor = correct && split ? meanFactors(probe, intermittent, validationHorizon) : null;
  let residualSdPerSpread = forecastResidualSd(probe, regularGroup, validationHorizon, layout, meanFactor);
  const intermittentResidualSdPerSpread = split
    ? forecastResidualSd(probe, intermittent, validationHorizon, layout, intermittentMeanFactor)
    : null;
  if (residualSdPerSpread.some((v) => !Number.isFinite(v))) {
    // No series long enough to validate on: one recent-demand sd per step rather than none.
    residualSdPerSpread = Array.from({ length: horizon }, () => 1);
  }
  return {
    parts: {
      season,
      horizon,
      strategy,
      target,
      usesCalendar,
      directBoosters,
      recursiveBooster,
      residualSdPerSpread,
      intermittentResidualSdPerSpread,
      meanFactor,
      intermittentMeanFactor,
    },
    summary: { seriesUsed: series.length, rowsPerStep, iterationsPerStep },
  };
}

/** RMS per step of the probe's forecast errors from each series' validation origin, in spread units. */
function forecastResidualSd(
  probe: ProbeForecast,
  validationSeries: readonly SeriesInfo[],
  horizon: number,
  layout: DemandFeatureLayout,
  meanFactor: readonly number[] | null,
): number[] {
  const sums = new Float64Array(horizon);
  let count = 0;
  for (const info of validationSeries) {
    const end = info.y.length - horizon;
    const history = info.y.slice(0, end);
    const spread = demandSpread(history, end, layout.scaleWindow);
    const { mean } = probe(history, horizon, positionOf(info, end));
    for (let k = 0; k < horizon; k++) {
      const forecast = meanFactor ? mean[k] * meanFactor[k] : mean[k];
      const error = Math.max(-MAX_SCALED_TARGET, Math.min(MAX_SCALED_TARGET, (info.y[end + k] - forecast) / spread));
      sums[k] += error * error;
    }
    count++;
  }
  return Array.from(sums, (s) => (count > 0 ? Math.sqrt(s / count) : NaN));
}

/**
 * Per step, Σ actual / Σ forecast over the held-out periods (total units, so the correction makes
 * the total unbiased); clamped to [0.5, 3] (1 when there is nothing to compare).
 */
function meanFactors(probe: ProbeForecast, validationSeries: readonly SeriesInfo[], horizon: number): number[] {
  const actual = new Float64Array(horizon);
  const forecast = new Float64Array(horizon);
  for (const info of validationSeries) {
    const end = info.y.length - horizon;
    const history = info.y.slice(0, end);
    const { mean } = probe(history, horizon, positionOf(info, end));
    for (let k = 0; k < horizon; k++) {
      actual[k] += info.y[end + k];
      forecast[k] += mean[k];
    }
  }
  return Array.from(actual, (a, k) => (forecast[k] > 0 && a >= 0 ? Math.max(0.5, Math.min(3, a / forecast[k])) : 1));
}
