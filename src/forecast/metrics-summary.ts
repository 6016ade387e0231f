/**
 * Aggregates the per-series metrics of one model over many series into the row of a backtest
 * table. How each figure pools (documented here because tables from different tools differ):
 * - sMAPE, MASE, RMSSE: computed per series, then the plain mean over series (the M3/M4 way);
 * - MAPE: mean over every non-zero actual of all series, with the count of zero actuals skipped;
 * - WAPE and bias: pooled, 100·Σ|y − f| / Σ|y| and 100·Σ(f − y) / Σ|y| (scale-free bias, %);
 * - pinball: per series the mean over τ ∈ {0.5, 0.9, 0.95, 0.99} of the pinball loss divided by
 *   the MASE scale (the M5 "scaled pinball loss"), then the mean over series;
 * - coverage: share of all actuals at or below the p90 / p95 / p99 forecast of their step.
 */
import { mape, mase, pinballLoss, rmsse, seasonalDifferenceScale, smape } from './metrics';

export const QUANTILE_LEVELS = [0.5, 0.9, 0.95, 0.99] as const;

export interface StepQuantiles {
  p50: number[];
  p90: number[];
  p95: number[];
  p99: number[];
}

export interface SeriesEvaluation {
  train: readonly number[];
  actual: readonly number[];
  forecast: readonly number[];
  quantiles?: StepQuantiles;
}

export interface MetricsRow {
  /** Series the model forecast. */
  series: number;
  mapePercent: number | null;
  /** Actuals equal to 0, left out of MAPE. */
  mapeSkipped: number;
  smapePercent: number | null;
  wapePercent: number | null;
  mase: number | null;
  /** Series left out of MASE/RMSSE because their training part is constant (zero scale). */
  maseUndefined: number;
  rmsse: number | null;
  biasPercent: number | null;
  scaledPinball: number | null;
  coverageP90: number | null;
  coverageP95: number | null;
  coverageP99: number | null;
}

function meanOrNull(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}

export class MetricsAccumulator {
  private series = 0;
  private apeSum = 0;
  private apeCount = 0;
  private mapeSkipped = 0;
  private smapeSum = 0;
  private absErrorSum = 0;
  private errorSum = 0;
  private absActualSum = 0;
  private maseSum = 0;
  private rmsseSum = 0;
  private scaledCount = 0;
  private maseUndefined = 0;
  private pinballSum = 0;
  private pinballCount = 0;
  private quantilePoints = 0;
  private covered = { p90: 0, p95: 0, p99: 0 };

  constructor(private readonly season: number) {}

  add(evaluation: SeriesEvaluation): void {
    const { train, actual, forecast, quantiles } = evaluation;
    this.series++;
    const m = mape(actual, forecast);
    if (m.mapePercent !== null) {
      const nonZero = actual.length - m.skipped;
      this.apeSum += m.mapePercent * nonZero;
      this.apeCount += nonZero;
    }
    this.mapeSkipped += m.skipped;
    this.smapeSum += smape(actual, forecast);
    for (let i = 0; i < actual.length; i++) {
      this.absErrorSum += Math.abs(actual[i] - forecast[i]);
      this.errorSum += forecast[i] - actual[i];
      this.absActualSum += Math.abs(actual[i]);
    }
    const maseValue = mase(actual, forecast, train, this.season);
    const rmsseValue = rmsse(actual, forecast, train, this.season);
    if (maseValue === null || rmsseValue === null) {
      this.maseUndefined++;
    } else {
      this.maseSum += maseValue;
      this.rmsseSum += rmsseValue;
      this.scaledCount++;
    }
    if (quantiles) this.addQuantiles(train, actual, quantiles);
  }

  private addQuantiles(train: readonly number[], actual: readonly number[], q: StepQuantiles): void {
    const scale = seasonalDifferenceScale(train, this.season, 1);
    if (scale !== null) {
      const losses = [q.p50, q.p90, q.p95, q.p99].map((values, k) => pinballLoss(actual, values, QUANTILE_LEVELS[k]));
      this.pinballSum += losses.reduce((a, b) => a + b, 0) / losses.length / scale;
      this.pinballCount++;
    }
    for (let i = 0; i < actual.length; i++) {
      this.quantilePoints++;
      if (actual[i] <= q.p90[i]) this.covered.p90++;
      if (actual[i] <= q.p95[i]) this.covered.p95++;
      if (actual[i] <= q.p99[i]) this.covered.p99++;
    }
  }

  summary(): MetricsRow {
    const pooled = (value: number) => (this.absActualSum > 0 ? (100 * value) / this.absActualSum : null);
    const share = (count: number) => (this.quantilePoints > 0 ? count / this.quantilePoints : null);
    return {
      series: this.series,
      mapePercent: meanOrNull(this.apeSum, this.apeCount),
      mapeSkipped: this.mapeSkipped,
      smapePercent: meanOrNull(this.smapeSum, this.series),
      wapePercent: pooled(this.absErrorSum),
      mase: meanOrNull(this.maseSum, this.scaledCount),
      maseUndefined: this.maseUndefined,
      rmsse: meanOrNull(this.rmsseSum, this.scaledCount),
      biasPercent: pooled(this.errorSum),
      scaledPinball: meanOrNull(this.pinballSum, this.pinballCount),
      coverageP90: share(this.covered.p90),
      coverageP95: share(this.covered.p95),
      coverageP99: share(this.covered.p99),
    };
  }
}
