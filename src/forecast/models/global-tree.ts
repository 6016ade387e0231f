/**
 * One gradient-boosted tree model trained across all SKUs ("global" model, as in the M5
 * competition's LightGBM winners): rows are (SKU, forecast origin) pairs described by scaled demand
 * features (src/forecast/features), targets are scaled future demand. Strategies:
 *
 * - direct: one booster per horizon step k, each predicting y[origin + k − 1] from the origin's
 *   features (plus the target's seasonal phase). No error feedback between steps.
 * - recursive: one 1-step booster; a forecast appends each prediction to the history and
 *   recomputes features for the next step.
 * - blend: both, forecasts averaged.
 *
 * Training holds out the last `horizon` periods of every series: boosting stops early on them, and
 * the held-out forecasts' errors per step (in units of each SKU's recent demand sd, separately for
 * intermittent SKUs) give the forecast sd. Then every booster is refit on all periods with the
 * round count early stopping found, so the most recent periods are learned too. Only the series
 * given are seen: callers pass training parts only (no leakage).
 */
import { Booster, BoosterJson, BoosterParams } from '../gbdt/booster';
import { FeatureMatrix } from '../gbdt/feature-matrix';
import { Uniform, xoshiro128ss } from '../../common/prng';
import { demandFeatureLayout, DemandFeatureLayout } from '../features/feature-layout';
import { demandScale, writeDemandFeatures } from '../features/demand-features';
import { intermittencyStats } from '../features/intermittency';
import { assertUsableHistory, cleanSd, clipForecast } from './history';
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';

/**
 * direct: one booster per step; recursive: one 1-step booster fed its own forecasts; blend: the
 * mean of both forecasts (two different error patterns partly cancel).
 */
export type GlobalTreeStrategy = 'direct' | 'recursive' | 'blend';

/**
 * What the boosters learn: 'ratio' = y / scale; 'log1p' = ln(1 + y / scale), which makes errors
 * relative (multiplicative series, sMAPE/MASE) at the price of a forecast nearer the median than
 * the mean. 'log1p' needs non-negative data (else 'ratio' is used).
 */
export type GlobalTreeTarget = 'ratio' | 'log1p';

export const DEFAULT_GLOBAL_TREE_TARGET: GlobalTreeTarget = 'log1p';

function toTarget(target: GlobalTreeTarget, ratio: number): number {
  return target === 'log1p' ? Math.log1p(Math.max(0, ratio)) : ratio;
}

function fromTarget(target: GlobalTreeTarget, value: number): number {
  return target === 'log1p' ? Math.expm1(value) : value;
}

/** Measured best overall (docs/bench/gbdt.md): best on M3, within 1.1–1.7 % of the best on weekly and car parts. */
export const DEFAULT_GLOBAL_TREE_STRATEGY: GlobalTreeStrategy = 'blend';

/** The system's minimum history; also the first origin a training row may start from. */
export const GLOBAL_TREE_MIN_HISTORY = 12;

/** Scaled targets beyond ±this are clipped in training, so one spike cannot dominate an L2 fit. */
const MAX_SCALED_TARGET = 30;

/** Fewest held-out series per group before intermittent and regular SKUs get separate spreads. */
const MIN_SERIES_PER_SPREAD_GROUP = 30;

/**
 * Intermittent in the Syntetos–Boylan sense: average inter-demand interval ADI ≥ 1.32, i.e. at most
 * 1/1.32 of the recent periods have demand (zero share ≥ 0.2424). Their errors are skewed and
 * larger relative to their spread, so they get their own error scale.
 */
export function isIntermittentHistory(y: ArrayLike<number>, end: number, layout: DemandFeatureLayout): boolean {
  const stats = intermittencyStats(y, end, layout.intermittencyWindow);
  return stats.zeroShare >= 1 - 1 / 1.32;
}

/**
 * The SKU's own spread unit for forecast uncertainty: the standard deviation of its last season
 * of demand, floored at 10 % of its scale. Validation errors are measured in this unit and the
 * forecast sd of step k is (RMS of those errors at step k) × the SKU's unit, so a steady SKU gets
 * narrow intervals and an erratic one wide intervals — not one pooled width for all.
 */
export function demandSpread(y: ArrayLike<number>, end: number, window: number): number {
  const scale = demandScale(y, end, window);
  const begin = Math.max(0, end - window);
  const n = end - begin;
  let sum = 0;
  let sumSq = 0;
  for (let t = begin; t < end; t++) {
    sum += y[t];
    sumSq += y[t] * y[t];
  }
  const mean = n > 0 ? sum / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
  return Math.max(sd, 0.1 * scale);
}

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

export const GLOBAL_TREE_FORMAT = 'neuronexus-global-tree';
export const GLOBAL_TREE_FORMAT_VERSION = 1;

export interface GlobalTreeJson {
  format: typeof GLOBAL_TREE_FORMAT;
  version: number;
  season: number;
  horizon: number;
  strategy: GlobalTreeStrategy;
  target: GlobalTreeTarget;
  usesCalendar: boolean;
  /** Per trained step: RMS of validation errors in units of demandSpread (sd = this × the SKU's spread). */
  residualSdPerSpread: number[];
  /** The same for intermittent histories (see isIntermittentHistory); null: pooled with the rest. */
  intermittentResidualSdPerSpread: number[] | null;
  /** Per trained step: factor applied to the forecast (biasCorrection), null when off. */
  meanFactor?: number[] | null;
  intermittentMeanFactor?: number[] | null;
  /** Step boosters of the direct strategy (empty for recursive). */
  directBoosters: BoosterJson[];
  recursiveBooster: BoosterJson | null;
}

export interface GlobalTreeTrainingSummary {
  seriesUsed: number;
  rowsPerStep: number[];
  iterationsPerStep: number[];
}

interface SeriesInfo {
  y: readonly number[];
  position: number | undefined;
}

function positionOf(info: SeriesInfo, end: number): number | undefined {
  // Position of y[end − 1] given the position of the series' last value y[n − 1].
  return info.position === undefined ? undefined : info.position - (info.y.length - end);
}

/** Builds the (features, label) matrix of one step from chosen origins of every series. */
function buildStepRows(
  layout: DemandFeatureLayout,
  series: readonly SeriesInfo[],
  originsPerSeries: readonly Int32Array[],
  step: number,
  lastTarget: (s: SeriesInfo) => number,
  target: GlobalTreeTarget,
): { matrix: FeatureMatrix; label: Float64Array } {
  let numRows = 0;
  for (let s = 0; s < series.length; s++) {
    const limit = lastTarget(series[s]) - step + 1; // origin ≤ limit keeps target ≤ lastTarget
    for (const origin of originsPerSeries[s]) if (origin <= limit) numRows++;
  }
  const numFeatures = layout.names.length;
  const values = new Float64Array(numRows * numFeatures);
  const label = new Float64Array(numRows);
  let row = 0;
  for (let s = 0; s < series.length; s++) {
    const info = series[s];
    const limit = lastTarget(info) - step + 1;
    for (const origin of originsPerSeries[s]) {
      if (origin > limit) continue;
      const scale = demandScale(info.y, origin, layout.scaleWindow);
      writeDemandFeatures(
        layout,
        { y: info.y, end: origin, step, scale, seasonPositionOfLast: positionOf(info, origin) },
        values,
        row * numFeatures,
      );
      const ratio = info.y[origin + step - 1] / scale;
      label[row] = toTarget(target, Math.max(-MAX_SCALED_TARGET, Math.min(MAX_SCALED_TARGET, ratio)));
      row++;
    }
  }
  return { matrix: { numRows, numFeatures, values }, label };
}

/** Origins origin ∈ [MIN, maxOrigin] for one series, at most `limit` of them, sampled with the seed. */
function sampleOrigins(maxOrigin: number, limit: number, random: Uniform): Int32Array {
  const first = GLOBAL_TREE_MIN_HISTORY;
  const available = maxOrigin - first + 1;
  if (available <= 0) return new Int32Array(0);
  if (available <= limit) return Int32Array.from({ length: available }, (_, i) => first + i);
  // Uniform sample without replacement (partial Fisher–Yates), returned in ascending order.
  const pool = Int32Array.from({ length: available }, (_, i) => first + i);
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(random() * (available - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, limit).sort();
}

export class GlobalTreeModel {
  private readonly layout: DemandFeatureLayout;
  private readonly row: Float64Array;

  private constructor(
    readonly season: number,
    readonly horizon: number,
    readonly strategy: GlobalTreeStrategy,
    readonly target: GlobalTreeTarget,
    readonly usesCalendar: boolean,
    /** One booster per step (direct and blend), empty for recursive. */
    readonly directBoosters: readonly Booster[],
    /** The 1-step booster (recursive and blend), null for direct. */
    readonly recursiveBooster: Booster | null,
    /** Per trained step: RMS of validation errors of this model's forecasts, in demandSpread units. */
    readonly residualSdPerSpread: readonly number[],
    /** Per trained step, for intermittent histories; null when too few were held out to tell. */
    readonly intermittentResidualSdPerSpread: readonly number[] | null,
    /** Per trained step: bias-correction factor of the mean (null: no correction). */
    readonly meanFactor: readonly number[] | null,
    readonly intermittentMeanFactor: readonly number[] | null,
    readonly summary?: GlobalTreeTrainingSummary,
  ) {
    this.layout = demandFeatureLayout(season);
    this.row = new Float64Array(this.layout.names.length);
  }

  /** Every booster of the model (direct steps first, then the recursive one). */
  get boosters(): readonly Booster[] {
    return this.recursiveBooster ? [...this.directBoosters, this.recursiveBooster] : this.directBoosters;
  }

  /** Trains the global model on the given series (training parts only). */
  static train(seriesIn: readonly (readonly number[])[], options: GlobalTreeOptions): GlobalTreeModel {
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
    const trainStep = (step: number): { early: Booster; final: Booster; validation: ReturnType<typeof buildStepRows> } => {
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
    const probe = new GlobalTreeModel(season, horizon, strategy, target, usesCalendar, directEarly, recursiveEarly, [], null, null, null);
    const intermittent = validationSeries.filter((s) => isIntermittentHistory(s.y, s.y.length - validationHorizon, layout));
    const regular = validationSeries.filter((s) => !isIntermittentHistory(s.y, s.y.length - validationHorizon, layout));
    // Separate spreads only when both groups are big enough to estimate one.
    const split = intermittent.length >= MIN_SERIES_PER_SPREAD_GROUP && regular.length >= MIN_SERIES_PER_SPREAD_GROUP;
    const regularGroup = split ? regular : validationSeries;
    const correct = options.biasCorrection === true && validationSeries.length > 0;
    const meanFactor = correct ? meanFactors(probe, regularGroup, validationHorizon, layout) : null;
    const intermittentMeanFactor = correct && split ? meanFactors(probe, intermittent, validationHorizon, layout) : null;
    let residualSdPerSpread = forecastResidualSd(probe, regularGroup, validationHorizon, layout, meanFactor);
    const intermittentResidualSdPerSpread = split
      ? forecastResidualSd(probe, intermittent, validationHorizon, layout, intermittentMeanFactor)
      : null;
    if (residualSdPerSpread.some((v) => !Number.isFinite(v))) {
      // No series long enough to validate on: one recent-demand sd per step rather than none.
      residualSdPerSpread = Array.from({ length: horizon }, () => 1);
    }
    return new GlobalTreeModel(season, horizon, strategy, target, usesCalendar, directBoosters, recursiveBooster, residualSdPerSpread, intermittentResidualSdPerSpread, meanFactor, intermittentMeanFactor, {
      seriesUsed: series.length,
      rowsPerStep,
      iterationsPerStep,
    });
  }

  /**
   * Forecast h steps after `history`. `seasonPositionOfLast` is the cycle position (0-based) of
   * the last observation; pass it when the model was trained with a calendar.
   */
  forecast(history: readonly number[], h: number, seasonPositionOfLast?: number): PointForecast {
    assertUsableHistory(history, GLOBAL_TREE_MIN_HISTORY, 'global-tree');
    const steps = Math.max(0, Math.floor(h));
    const position = this.usesCalendar ? seasonPositionOfLast : undefined;
    const layout = this.layout;
    const row = this.row;
    const scale = demandScale(history, history.length, layout.scaleWindow);
    const direct: number[] = [];
    const recursive: number[] = [];
    if (this.directBoosters.length > 0) {
      for (let k = 1; k <= steps; k++) {
        const booster = this.directBoosters[Math.min(k, this.directBoosters.length) - 1];
        writeDemandFeatures(layout, { y: history, end: history.length, step: k, scale, seasonPositionOfLast: position }, row, 0);
        direct.push(fromTarget(this.target, booster.predict(row)) * scale);
      }
    }
    if (this.recursiveBooster) {
      const extended = history.slice();
      for (let k = 1; k <= steps; k++) {
        const end = extended.length;
        const stepScale = demandScale(extended, end, layout.scaleWindow);
        const stepPosition = position === undefined ? undefined : position + k - 1;
        writeDemandFeatures(layout, { y: extended, end, step: 1, scale: stepScale, seasonPositionOfLast: stepPosition }, row, 0);
        const value = fromTarget(this.target, this.recursiveBooster.predict(row)) * stepScale;
        recursive.push(value);
        extended.push(Number.isFinite(value) ? value : extended[end - 1]);
      }
    }
    const intermittentHistory =
      (this.intermittentResidualSdPerSpread !== null || this.intermittentMeanFactor !== null) &&
      isIntermittentHistory(history, history.length, layout);
    const factors = intermittentHistory && this.intermittentMeanFactor ? this.intermittentMeanFactor : this.meanFactor;
    const mean: number[] = [];
    for (let k = 0; k < steps; k++) {
      const value = direct.length > 0 && recursive.length > 0 ? (direct[k] + recursive[k]) / 2 : direct.length > 0 ? direct[k] : recursive[k];
      mean.push(factors ? value * factors[Math.min(k, factors.length - 1)] : value);
    }
    const sd: number[] = [];
    const spread = demandSpread(history, history.length, layout.scaleWindow);
    const perStep =
      this.intermittentResidualSdPerSpread && intermittentHistory ? this.intermittentResidualSdPerSpread : this.residualSdPerSpread;
    const trained = perStep.length;
    for (let k = 1; k <= steps; k++) {
      const base = trained > 0 ? perStep[Math.min(k, trained) - 1] : 0;
      // Beyond the trained horizon the spread keeps growing like a random walk's.
      const growth = k > trained ? Math.sqrt(k / trained) : 1;
      sd.push(base * growth * spread);
    }
    return { mean: clipForecast(mean, history, scale), sd: cleanSd(sd) };
  }

  /** A registry-style model; its `fit` only keeps the history, the trees are already trained. */
  asForecastModel(): ForecastModel {
    const model = this;
    return {
      name: 'global-tree',
      minHistory: () => GLOBAL_TREE_MIN_HISTORY,
      fit(y: readonly number[], options: FitOptions): FittedModel {
        if (Math.max(1, Math.round(options.season || 1)) !== model.season) {
          throw new Error(`global-tree: trained for season ${model.season}, asked for season ${options.season}`);
        }
        assertUsableHistory(y, GLOBAL_TREE_MIN_HISTORY, 'global-tree');
        const history = y.slice();
        return { predict: (h: number) => model.forecast(history, h) };
      },
    };
  }

  /** Gain importance per feature name, summed over the step boosters. */
  featureImportance(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const booster of this.boosters) {
      const gains = booster.featureImportance('gain');
      booster.featureNames.forEach((name, f) => (result[name] = (result[name] ?? 0) + gains[f]));
    }
    return result;
  }

  toJSON(): GlobalTreeJson {
    return {
      format: GLOBAL_TREE_FORMAT,
      version: GLOBAL_TREE_FORMAT_VERSION,
      season: this.season,
      horizon: this.horizon,
      strategy: this.strategy,
      target: this.target,
      usesCalendar: this.usesCalendar,
      residualSdPerSpread: [...this.residualSdPerSpread],
      intermittentResidualSdPerSpread: this.intermittentResidualSdPerSpread ? [...this.intermittentResidualSdPerSpread] : null,
      meanFactor: this.meanFactor ? [...this.meanFactor] : null,
      intermittentMeanFactor: this.intermittentMeanFactor ? [...this.intermittentMeanFactor] : null,
      directBoosters: this.directBoosters.map((b) => b.toJSON()),
      recursiveBooster: this.recursiveBooster ? this.recursiveBooster.toJSON() : null,
    };
  }

  static fromJSON(json: GlobalTreeJson): GlobalTreeModel {
    if (!json || json.format !== GLOBAL_TREE_FORMAT) throw new Error(`GlobalTreeModel.fromJSON: not a ${GLOBAL_TREE_FORMAT} document`);
    if (json.version !== GLOBAL_TREE_FORMAT_VERSION) {
      throw new Error(`GlobalTreeModel.fromJSON: unsupported version ${json.version} (this code reads ${GLOBAL_TREE_FORMAT_VERSION})`);
    }
    if (!Array.isArray(json.directBoosters) || !Array.isArray(json.residualSdPerSpread)) {
      throw new Error('GlobalTreeModel.fromJSON: malformed document (directBoosters / residualSdPerSpread missing)');
    }
    const direct = json.directBoosters.map((b) => Booster.fromJSON(b));
    const recursive = json.recursiveBooster ? Booster.fromJSON(json.recursiveBooster) : null;
    const expected = demandFeatureLayout(json.season).names.length;
    for (const b of recursive ? [...direct, recursive] : direct) {
      if (b.numFeatures !== expected) throw new Error(`GlobalTreeModel.fromJSON: booster has ${b.numFeatures} features, layout ${expected}`);
    }
    if (direct.length === 0 && !recursive) throw new Error('GlobalTreeModel.fromJSON: no boosters');
    return new GlobalTreeModel(json.season, json.horizon, json.strategy, json.target, json.usesCalendar, direct, recursive, json.residualSdPerSpread, json.intermittentResidualSdPerSpread ?? null, json.meanFactor ?? null, json.intermittentMeanFactor ?? null);
  }
}

/** RMS per step of the model's forecast errors from each series' validation origin, in spread units. */
function forecastResidualSd(
  model: GlobalTreeModel,
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
    const { mean } = model.forecast(history, horizon, positionOf(info, end));
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
function meanFactors(model: GlobalTreeModel, validationSeries: readonly SeriesInfo[], horizon: number, layout: DemandFeatureLayout): number[] {
  const actual = new Float64Array(horizon);
  const forecast = new Float64Array(horizon);
  for (const info of validationSeries) {
    const end = info.y.length - horizon;
    const history = info.y.slice(0, end);
    const { mean } = model.forecast(history, horizon, positionOf(info, end));
    for (let k = 0; k < horizon; k++) {
      actual[k] += info.y[end + k];
      forecast[k] += mean[k];
    }
  }
  return Array.from(actual, (a, k) => (forecast[k] > 0 && a >= 0 ? Math.max(0.5, Math.min(3, a / forecast[k])) : 1));
}

/** The global tree model of issue 3: one model across all SKUs (see GlobalTreeModel). */
export function trainGlobalTreeModel(
  series: readonly (readonly number[])[],
  options: GlobalTreeOptions,
): GlobalTreeModel {
  return GlobalTreeModel.train(series, options);
}
