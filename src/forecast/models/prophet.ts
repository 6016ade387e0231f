/**
 * Prophet (Taylor & Letham 2018) through `@bsull/augurs` with the Stan model compiled to WASM
 * (`@bsull/augurs-prophet-wasmstan`): piecewise-linear trend with automatic changepoints plus a
 * Fourier seasonality, fitted by MAP (L-BFGS).
 *
 * Our histories are period indices, not dates, so the time axis is synthetic: step t is t days
 * after a fixed origin, and the one seasonality has a period of m steps (m = 52 on weekly data is
 * the yearly cycle; m = 12 on monthly data too). Fourier order min(10, ⌊m/2⌋) — Prophet's default
 * yearly order 10, capped by the m distinct positions a season has. The seasonality is only fitted
 * with at least two full seasons (Prophet's own rule for yearly seasonality).
 * The built-in daily/weekly/yearly seasonalities are off: they assume real calendar time.
 *
 * Spread: Prophet's intervals come from random simulation that the optimizer's seed does not
 * fix (same input, different intervals), so they are not used. Instead the variance of that
 * simulation is computed in closed form. Prophet (forecaster.py, sample_predictive_trend)
 * draws future trend changes at the historical rate — S changepoints over the n history steps,
 * so S/n per step — with Laplace(0, λ) sizes, λ = mean |δ| of the fitted slope changes. A change
 * at future time u moves the trend at step h by δ·(h − u), so
 *   Var(trend at h) = (S/n)·2λ²·∫₀ʰ (h − u)² du = (S/n)·2λ²·h³/3,
 * and sd(h) = √(σ² + Var(trend at h)) with σ the in-sample residual RMS (observation noise).
 * The fitted slope changes are read off the in-sample trend (its second differences). On four
 * M3 series these sds were within ~10 % of Prophet's own 2,000-draw simulated intervals.
 *
 * On some intermittent series (15 of 2,509 car-parts series) the optimizer fails ("Line search
 * failed", or a WASM trap) and fit throws; callers fall back to another model. Retrying with
 * Newton's method (as Prophet in Python does) was tried and left the WASM optimizer hanging on
 * later series, so there is no retry. The optimizer prints its failures to stderr itself.
 *
 * Slow (tens of ms per series): call `await loadAugursProphet()` once before fitting.
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, clipForecast, rootMeanSquare } from './history';
import { augursProphet } from './augurs';

export const PROPHET_MIN_HISTORY = 10;
const SECONDS_PER_DAY = 86_400;
/** Any fixed origin works; 2020-01-06 (a Monday) keeps timestamps readable. */
const ORIGIN_SECONDS = 1_578_268_800;

export interface ProphetModelOptions {
  /** Prophet's changepoint prior scale (flexibility of the trend), default 0.05. */
  changepointPriorScale?: number;
  seasonalityMode?: 'additive' | 'multiplicative';
}

type ProphetOptimizer = ConstructorParameters<ReturnType<typeof augursProphet>['prophet']['Prophet']>[0]['optimizer'];

export function prophetModel(options: ProphetModelOptions = {}, name = 'prophet'): ForecastModel {
  return {
    name,
    minHistory: () => PROPHET_MIN_HISTORY,
    fit(y: readonly number[], fitOptions: FitOptions): FittedModel {
      assertUsableHistory(y, PROPHET_MIN_HISTORY, name);
      const { prophet, optimizer } = augursProphet();
      const history = y.slice();
      const n = history.length;
      // A constant history (all zeros included) has nothing to fit, and Prophet's scaling
      // divides by its range: the optimizer traps. Its forecast is the constant itself.
      if (history.every((v) => v === history[0])) return constantForecast(history[0]);
      const m = Math.max(1, Math.round(fitOptions.season || 1));
      const off = { type: 'manual', enabled: false } as const;
      const model = new prophet.Prophet({
        optimizer: optimizer as ProphetOptimizer,
        yearlySeasonality: off,
        weeklySeasonality: off,
        dailySeasonality: off,
        seasonalityMode: options.seasonalityMode ?? 'additive',
        changepointPriorScale: options.changepointPriorScale ?? 0.05,
        uncertaintySamples: 0,
      });
      try {
        if (m > 1 && n >= 2 * m) {
          model.addSeasonality('season', { period: m, fourierOrder: Math.min(10, Math.floor(m / 2)) });
        }
        const ds = history.map((_, t) => ORIGIN_SECONDS + t * SECONDS_PER_DAY);
        model.fit({ ds, y: history }, { seed: fitOptions.seed ?? 0 });
        const inSampleFit = model.predict();
        const inSample = inSampleFit.yhat.point;
        const sigma = rootMeanSquare(history.map((v, t) => v - inSample[t]));
        const trendChangeVariancePerStep3 = trendChangeVariance(inSampleFit.trend.point, n);
        return {
          predict(h: number): PointForecast {
            const future = model.makeFutureDataframe(h, { includeHistory: false });
            const point = model.predict(future).yhat.point;
            return {
              mean: clipForecast(point.slice(0, h), history, history[n - 1]),
              sd: cleanSd(
                Array.from({ length: h }, (_, i) => Math.sqrt(sigma * sigma + trendChangeVariancePerStep3 * (i + 1) ** 3)),
              ),
            };
          },
        };
      } catch (error) {
        model.free();
        throw new Error(`${name}: Prophet fit failed (${String(error)})`);
      }
    },
  };
}

function constantForecast(value: number): FittedModel {
  return {
    predict: (h: number): PointForecast => ({ mean: new Array<number>(h).fill(value), sd: new Array<number>(h).fill(0) }),
  };
}

/**
 * (S/n)·2λ²/3 of the file comment, in squared units per step³: Σ|δ| over the history is the sum
 * of the absolute second differences of the fitted trend, and λ = Σ|δ|/S, so
 * (S/n)·2λ²/3 = 2(Σ|δ|)²/(3·S·n). S is Prophet's number of potential changepoints: 25, or one
 * fewer than the first 80 % of the history when that is shorter.
 */
function trendChangeVariance(trend: readonly number[], n: number): number {
  const changepoints = Math.min(25, Math.floor(0.8 * n) - 1);
  if (changepoints <= 0 || trend.length < 3) return 0;
  let totalChange = 0;
  for (let t = 2; t < trend.length; t++) totalChange += Math.abs(trend[t] - 2 * trend[t - 1] + trend[t - 2]);
  const variance = (2 * totalChange * totalChange) / (3 * changepoints * n);
  return Number.isFinite(variance) ? variance : 0;
}
