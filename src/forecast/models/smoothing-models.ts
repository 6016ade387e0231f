/**
 * Exponential smoothing models of our own on the seasonally adjusted series (the Theta/M4
 * treatment of seasonality: seasonal-decomposition.ts), reseasonalised afterwards:
 * - `damped`: additive damped trend, ETS(A,Ad,N) — the M3 DAMPEN benchmark's model;
 * - `ses`: simple exponential smoothing, ETS(A,N,N) — the M3 SINGLE benchmark's model.
 * Pure TypeScript, no WASM: usable without loadAugurs().
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, clipForecast } from './history';
import { decomposeSeasonality, futureSeasonalIndex } from './seasonal-decomposition';
import { dampedTrendForecast, fitDampedTrend } from './damped-trend';
import { fitSes } from './ses';

export const DAMPED_MIN_HISTORY = 6;
export const SES_MIN_HISTORY = 3;

/**
 * Fits on the seasonally adjusted series (classical decomposition with its seasonality test) and
 * multiplies the forecast and its sd back by the future seasonal indices. Shared by the smoothing
 * models and DOTM.
 */
export function reseasonalised(
  y: readonly number[],
  season: number,
  forecastAdjusted: (x: number[]) => (h: number) => { mean: number[]; sd: number[] },
): FittedModel {
  const history = y.slice();
  const n = history.length;
  const decomposition = decomposeSeasonality(history, season);
  const forecast = forecastAdjusted(decomposition.adjusted);
  return {
    predict(h: number): PointForecast {
      const adjusted = forecast(h);
      const mean: number[] = [];
      const sd: number[] = [];
      for (let i = 0; i < h; i++) {
        const index = futureSeasonalIndex(decomposition, n, i + 1);
        mean.push(adjusted.mean[i] * index);
        sd.push(adjusted.sd[i] * index);
      }
      return { mean: clipForecast(mean, history, history[n - 1]), sd: cleanSd(sd) };
    },
  };
}

export const dampedModel: ForecastModel = {
  name: 'damped',
  minHistory: () => DAMPED_MIN_HISTORY,
  fit(y: readonly number[], options: FitOptions): FittedModel {
    assertUsableHistory(y, DAMPED_MIN_HISTORY, 'damped');
    return reseasonalised(y, options.season, (x) => {
      const fit = fitDampedTrend(x);
      // α, β, φ, ℓ0, b0
      return (h) => dampedTrendForecast(fit, h, 5);
    });
  },
};

export const sesModel: ForecastModel = {
  name: 'ses',
  minHistory: () => SES_MIN_HISTORY,
  fit(y: readonly number[], options: FitOptions): FittedModel {
    assertUsableHistory(y, SES_MIN_HISTORY, 'ses');
    return reseasonalised(y, options.season, (x) => {
      const fit = fitSes(x);
      const sigma = Math.sqrt(fit.sse / Math.max(1, x.length - 2));
      return (h) => ({
        mean: new Array<number>(h).fill(fit.level),
        sd: Array.from({ length: h }, (_, i) => sigma * Math.sqrt(1 + i * fit.alpha * fit.alpha)),
      });
    });
  },
};
