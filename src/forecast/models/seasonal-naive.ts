/**
 * Seasonal naive: the forecast for step i repeats the last observed season,
 * ŷ(n+i) = y(n − m + ((i−1) mod m)). With fewer than m observations (or m = 1) it is the
 * plain naive forecast ŷ(n+i) = y(n).
 *
 * Spread (Hyndman & Athanasopoulos, FPP3 §5.5, benchmark methods): σ is the root mean square of
 * the in-sample naive residuals y(t) − y(t−m); step i is k = ⌈i/m⌉ whole seasons ahead, so its
 * sd is σ·√k (a random walk across seasons). For plain naive k = i.
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, clipForecast, rootMeanSquare } from './history';

function rmsLagResidual(y: readonly number[], lag: number): number {
  const residuals: number[] = [];
  for (let t = lag; t < y.length; t++) residuals.push(y[t] - y[t - lag]);
  return rootMeanSquare(residuals);
}

function fitLagNaive(y: readonly number[], lag: number): FittedModel {
  const history = y.slice();
  const sigma = rmsLagResidual(history, lag);
  const n = history.length;
  return {
    predict(h: number): PointForecast {
      const mean: number[] = [];
      const sd: number[] = [];
      for (let i = 1; i <= h; i++) {
        const k = Math.ceil(i / lag);
        mean.push(history[n - lag + ((i - 1) % lag)]);
        sd.push(sigma * Math.sqrt(k));
      }
      return { mean: clipForecast(mean, history, history[n - 1]), sd: cleanSd(sd) };
    },
  };
}

export const naiveModel: ForecastModel = {
  name: 'naive',
  minHistory: () => 2,
  fit(y: readonly number[], _options: FitOptions): FittedModel {
    assertUsableHistory(y, 2, 'naive');
    return fitLagNaive(y, 1);
  },
};

export const seasonalNaiveModel: ForecastModel = {
  name: 'seasonal-naive',
  minHistory: () => 2,
  fit(y: readonly number[], options: FitOptions): FittedModel {
    assertUsableHistory(y, 2, 'seasonal-naive');
    const m = Math.max(1, Math.round(options.season || 1));
    // Need at least one full season plus one point to have a seasonal residual.
    return fitLagNaive(y, y.length > m ? m : 1);
  },
};
