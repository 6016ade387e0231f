/**
 * Backtests: fit on the past, forecast the held-out future, score with metrics.ts.
 *
 * - `holdoutBacktest`: the CLI's split — each series' last H values are held out and every model
 *   is fit once on the rest (the M3 competition's protocol).
 * - `walkForward`: rolling-origin evaluation (Tashman 2000): origins every `step` periods from
 *   `minTrain` on, each forecasting `horizon` steps from the data before it.
 *
 * A model that needs more history than a series has is skipped for that series and counted; a
 * model that throws on a series is recorded with its message and the run goes on.
 */
import { inverseNormalCdf } from '../../common/normal';
import { MetricsAccumulator, MetricsRow, StepQuantiles } from '../metrics-summary';
import { FitOptions, ForecastModel } from '../models/model';

export interface BacktestForecast {
  mean: number[];
  /** Quantiles per step when the forecaster has a distribution. */
  quantiles?: StepQuantiles;
}

/** Anything that turns a training history into an h-step forecast: a model, the ensemble, … */
export interface Forecaster {
  readonly name: string;
  /** Fewest observations it can forecast from; shorter series are skipped, not failed. */
  minHistory(): number;
  forecast(train: readonly number[], horizon: number): BacktestForecast;
}

/** Standard normal quantiles for 0.9, 0.95, 0.99. */
const Z = { p90: inverseNormalCdf(0.9), p95: inverseNormalCdf(0.95), p99: inverseNormalCdf(0.99) };

/**
 * Normal quantiles from a model's own mean and sd (the model's "raw" intervals, before any
 * calibration). Clipped at 0 when the history is non-negative (demand cannot be negative).
 */
export function normalQuantiles(mean: readonly number[], sd: readonly number[], nonNegative: boolean): StepQuantiles {
  const at = (z: number) => mean.map((m, i) => {
    const q = m + z * (sd[i] ?? 0);
    return nonNegative ? Math.max(0, q) : q;
  });
  return { p50: at(0), p90: at(Z.p90), p95: at(Z.p95), p99: at(Z.p99) };
}

/** Wraps a ForecastModel from the registry as a Forecaster (normal quantiles from its sd). */
export function forecasterFromModel(model: ForecastModel, options: FitOptions): Forecaster {
  return {
    name: model.name,
    minHistory: () => model.minHistory(options),
    forecast(train, horizon) {
      const fitted = model.fit(train, options);
      const { mean, sd } = fitted.predict(horizon);
      const nonNegative = train.every((v) => v >= 0);
      return { mean, quantiles: sd ? normalQuantiles(mean, sd, nonNegative) : undefined };
    },
  };
}

export interface HoldoutSplit {
  train: number[];
  actual: number[];
}

/** The last `horizon` values are the test part; null when nothing would be left to train on. */
export function holdoutSplit(values: readonly number[], horizon: number): HoldoutSplit | null {
  if (values.length <= horizon) return null;
  return { train: values.slice(0, values.length - horizon), actual: values.slice(values.length - horizon) };
}

export interface SeriesInput {
  id: string;
  values: readonly number[];
}

/** One forecast step of one model on one series, as written to `--out`. */
export interface StepRecord {
  seriesId: string;
  model: string;
  step: number;
  forecast: number;
  actual: number;
  quantiles?: { p50: number; p90: number; p95: number; p99: number };
}

export interface ModelFailure {
  seriesId: string;
  message: string;
}

export interface ModelReport {
  model: string;
  metrics: MetricsRow;
  /** Series skipped because they are shorter than the model's minimum history. */
  skipped: number;
  failures: ModelFailure[];
  /** Mean wall time of fit + forecast per forecast series, in milliseconds. */
  fitMsPerSeries: number;
}

export interface BacktestOptions {
  horizon: number;
  season: number;
  /** Receives every forecast step (for the CSV output); optional. */
  onStep?: (record: StepRecord) => void;
  /** Millisecond clock for fit times; injectable so tests do not depend on timing. */
  nowMs?: () => number;
}

function toStepRecords(seriesId: string, model: string, actual: readonly number[], result: BacktestForecast): StepRecord[] {
  return actual.map((value, i) => ({
    seriesId,
    model,
    step: i + 1,
    forecast: result.mean[i],
    actual: value,
    quantiles: result.quantiles
      ? { p50: result.quantiles.p50[i], p90: result.quantiles.p90[i], p95: result.quantiles.p95[i], p99: result.quantiles.p99[i] }
      : undefined,
  }));
}

function checkForecast(result: BacktestForecast, horizon: number): void {
  if (result.mean.length !== horizon) throw new Error(`forecast has ${result.mean.length} steps, expected ${horizon}`);
  const arrays: number[][] = [result.mean, ...(result.quantiles ? Object.values(result.quantiles) : [])];
  for (const values of arrays) {
    if (values.length !== horizon || values.some((v) => !Number.isFinite(v))) {
      throw new Error('forecast contains a non-finite value or a quantile of the wrong length');
    }
  }
}

class ModelTally {
  readonly accumulator: MetricsAccumulator;
  skipped = 0;
  failures: ModelFailure[] = [];
  elapsedMs = 0;
  timed = 0;
  constructor(readonly forecaster: Forecaster, season: number) {
    this.accumulator = new MetricsAccumulator(season);
  }
  report(): ModelReport {
    return {
      model: this.forecaster.name,
      metrics: this.accumulator.summary(),
      skipped: this.skipped,
      failures: this.failures,
      fitMsPerSeries: this.timed > 0 ? this.elapsedMs / this.timed : 0,
    };
  }
}

/**
 * Evaluates one forecaster on one training/test pair into its tally. Returns the forecast, or
 * null when it was skipped or failed (recorded in the tally).
 */
function evaluateOnce(
  tally: ModelTally,
  seriesId: string,
  train: readonly number[],
  actual: readonly number[],
  nowMs: () => number,
): BacktestForecast | null {
  if (train.length < tally.forecaster.minHistory()) {
    tally.skipped++;
    return null;
  }
  const started = nowMs();
  let result: BacktestForecast;
  try {
    result = tally.forecaster.forecast(train, actual.length);
    checkForecast(result, actual.length);
  } catch (error) {
    tally.failures.push({ seriesId, message: error instanceof Error ? error.message : String(error) });
    return null;
  }
  tally.elapsedMs += nowMs() - started;
  tally.timed++;
  tally.accumulator.add({ train, actual, forecast: result.mean, quantiles: result.quantiles });
  return result;
}

const defaultNowMs = () => performance.now();

/** Holds out each series' last `horizon` values and scores every forecaster on them. */
export function holdoutBacktest(series: readonly SeriesInput[], forecasters: readonly Forecaster[], options: BacktestOptions): ModelReport[] {
  const nowMs = options.nowMs ?? defaultNowMs;
  const tallies = forecasters.map((f) => new ModelTally(f, options.season));
  for (const s of series) {
    const split = holdoutSplit(s.values, options.horizon);
    for (const tally of tallies) {
      if (!split) {
        tally.skipped++;
        continue;
      }
      const result = evaluateOnce(tally, s.id, split.train, split.actual, nowMs);
      if (result && options.onStep) {
        for (const record of toStepRecords(s.id, tally.forecaster.name, split.actual, result)) options.onStep(record);
      }
    }
  }
  return tallies.map((t) => t.report());
}

export interface WalkForwardOptions extends BacktestOptions {
  /** Periods between consecutive forecast origins (≥ 1). */
  step: number;
  /** Fewest observations before the first origin. */
  minTrain: number;
}

/** Forecast origins (lengths of the training part) of a rolling-origin evaluation. */
export function walkForwardOrigins(length: number, options: { horizon: number; step: number; minTrain: number }): number[] {
  if (options.step < 1 || options.horizon < 1) throw new Error('walk-forward: horizon and step must be ≥ 1');
  const origins: number[] = [];
  for (let origin = Math.max(1, options.minTrain); origin + options.horizon <= length; origin += options.step) origins.push(origin);
  return origins;
}

/**
 * Rolling-origin evaluation of every forecaster on every series: each origin counts as one
 * scored forecast in the metrics (so MASE etc. are means over series × origins).
 */
export function walkForward(series: readonly SeriesInput[], forecasters: readonly Forecaster[], options: WalkForwardOptions): ModelReport[] {
  const nowMs = options.nowMs ?? defaultNowMs;
  const tallies = forecasters.map((f) => new ModelTally(f, options.season));
  for (const s of series) {
    const origins = walkForwardOrigins(s.values.length, options);
    for (const origin of origins) {
      const train = s.values.slice(0, origin);
      const actual = s.values.slice(origin, origin + options.horizon);
      for (const tally of tallies) {
        const result = evaluateOnce(tally, `${s.id}@${origin}`, train, actual, nowMs);
        if (result && options.onStep) {
          for (const record of toStepRecords(`${s.id}@${origin}`, tally.forecaster.name, actual, result)) options.onStep(record);
        }
      }
    }
  }
  return tallies.map((t) => t.report());
}
