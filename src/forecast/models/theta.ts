/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000), winner of the M3 competition,
 * in the form shown by Hyndman & Billah (2003) to be SES with drift and implemented by R
 * `forecast::thetaf`:
 *
 * 1. If the seasonality test says so, divide by classical multiplicative seasonal indices
 *    (seasonal-decomposition.ts).
 * 2. Fit SES (α and l0 by least squares) to the adjusted series x; b = OLS slope of x over time.
 * 3. ŷ(n+i) = ℓ(n) + (b/2)·((i−1) + (1 − (1−α)^n)/α) — the theta = 0 line's slope halved,
 *    combined with the theta = 2 line extrapolated by SES.
 * 4. Multiply by the seasonal index of each future step.
 *
 * Spread: the SES (A,N,N) h-step sd σ·√(1 + (i−1)α²), σ² = SSE/(n − 2), scaled by the seasonal
 * index like the mean (as thetaf's intervals).
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, clipForecast } from './history';
import { decomposeSeasonality, futureSeasonalIndex } from './seasonal-decomposition';
import { fitSes } from './ses';
import { linearTrend } from './linear-trend';

export const THETA_MIN_HISTORY = 4;

export function fitTheta(y: readonly number[], options: FitOptions): FittedModel {
  assertUsableHistory(y, THETA_MIN_HISTORY, 'theta');
  const history = y.slice();
  const n = history.length;
  const decomposition = decomposeSeasonality(history, options.season);
  const x = decomposition.adjusted;
  const ses = fitSes(x);
  const drift = linearTrend(x).slopePerStep / 2;
  const alpha = Math.max(1e-10, ses.alpha);
  const driftOffset = (1 - Math.pow(1 - alpha, n)) / alpha;
  const sigma = Math.sqrt(ses.sse / Math.max(1, n - 2));
  return {
    predict(h: number): PointForecast {
      const mean: number[] = [];
      const sd: number[] = [];
      for (let i = 1; i <= h; i++) {
        const index = futureSeasonalIndex(decomposition, n, i);
        mean.push((ses.level + drift * (i - 1 + driftOffset)) * index);
        sd.push(sigma * Math.sqrt(1 + (i - 1) * alpha * alpha) * index);
      }
      return { mean: clipForecast(mean, history, history[n - 1]), sd: cleanSd(sd) };
    },
  };
}

export const thetaModel: ForecastModel = {
  name: 'theta',
  minHistory: () => THETA_MIN_HISTORY,
  fit: fitTheta,
};
