/**
 * A small automatic ARIMA(p, d, q) on the seasonally adjusted series (seasonality as in Theta:
 * seasonal-decomposition.ts), in the spirit of R `forecast::auto.arima` (Hyndman & Khandakar
 * 2008) but kept cheap:
 *
 * 1. d ∈ {0, 1, 2} by repeated KPSS tests of level stationarity at 5 % (statistic
 *    Σ S(t)² / (n²·σ̂²_LR), S the partial sums of the deviations from the mean, σ̂²_LR the
 *    Newey–West long-run variance with ⌊4·(n/100)^¼⌋ lags; critical value 0.463).
 * 2. Every p, q ∈ {0, 1, 2} with and without a constant (the mean for d = 0, the drift for d = 1;
 *    none for d = 2), fitted by conditional sum of squares (Nelder–Mead on φ, θ; the constant is
 *    the mean of the differenced series), stationary and invertible only; the lowest AICc wins.
 * 3. Forecasts by the ARMA recursion with future errors 0, integrated d times; sd from the ψ
 *    weights of φ(B)(1 − B)^d and θ(B): σ²·Σ_{j<h} ψ_j², σ² = CSS / (n − p − d).
 *
 * Conditional (not exact) likelihood and the full 3 × 3 grid instead of auto.arima's stepwise
 * search: ~0.5–3 ms per fit on 100 values, fine for an ensemble member.
 */
import { FitOptions, FittedModel, ForecastModel } from './model';
import { assertUsableHistory } from './history';
import { reseasonalised } from './smoothing-models';
import { nelderMead } from './nelder-mead';

export const ARIMA_MIN_HISTORY = 12;
const KPSS_CRITICAL_5 = 0.463;
const MAX_ORDER = 2;

/** KPSS level-stationarity statistic (see the file comment). */
export function kpssStatistic(x: readonly number[]): number {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const e = x.map((v) => v - mean);
  let partial = 0;
  let sumS2 = 0;
  for (const v of e) {
    partial += v;
    sumS2 += partial * partial;
  }
  const lags = Math.floor(4 * Math.pow(n / 100, 0.25));
  let longRun = 0;
  for (const v of e) longRun += v * v;
  longRun /= n;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t] * e[t - l];
    longRun += (2 * (1 - l / (lags + 1)) * c) / n;
  }
  return longRun > 0 ? sumS2 / (n * n * longRun) : 0;
}

function difference(x: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 1; t < x.length; t++) out.push(x[t] - x[t - 1]);
  return out;
}

function isConstant(x: readonly number[]): boolean {
  return x.every((v) => Math.abs(v - x[0]) <= 1e-12 * Math.max(1, Math.abs(x[0])));
}

/** Differences needed (0–2) by the KPSS rule. */
export function differencingOrder(x: readonly number[]): number {
  let w = x.slice();
  for (let d = 0; d < 2; d++) {
    if (w.length < 8 || isConstant(w) || kpssStatistic(w) <= KPSS_CRITICAL_5) return d;
    w = difference(w);
  }
  return 2;
}

/** 1 + c1·z + c2·z² (or 1 + c1·z) has its roots outside the unit circle: the stationarity / invertibility triangle. */
function rootsOutside(c: readonly number[]): boolean {
  if (c.length === 0) return true;
  if (c.length === 1) return Math.abs(c[0]) < 0.999;
  // For 1 − a1 z − a2 z² with a = −c: |a2| < 1, a2 + a1 < 1, a2 − a1 < 1.
  const a1 = -c[0];
  const a2 = -c[1];
  return Math.abs(a2) < 0.999 && a2 + a1 < 0.999 && a2 - a1 < 0.999;
}

interface ArmaFit { phi: number[]; theta: number[]; mean: number; sse: number; residuals: number[]; count: number }

/** CSS of ARMA(p, q) on w − mean; e(t) = 0 before the start; the first p values are conditioned on. */
function css(w: readonly number[], phi: readonly number[], theta: readonly number[], mean: number): { sse: number; residuals: number[] } {
  const p = phi.length;
  const q = theta.length;
  const residuals = new Array<number>(w.length).fill(0);
  let sse = 0;
  for (let t = p; t < w.length; t++) {
    let f = mean;
    for (let i = 0; i < p; i++) f += phi[i] * (w[t - 1 - i] - mean);
    for (let j = 0; j < q; j++) if (t - 1 - j >= 0) f += theta[j] * residuals[t - 1 - j];
    const e = w[t] - f;
    residuals[t] = e;
    sse += e * e;
  }
  return { sse, residuals };
}

function fitArma(w: readonly number[], p: number, q: number, withMean: boolean): ArmaFit | null {
  const mean = withMean ? w.reduce((a, b) => a + b, 0) / w.length : 0;
  const unpack = (x: readonly number[]) => ({ phi: x.slice(0, p), theta: x.slice(p, p + q) });
  const objective = (x: number[]) => {
    const { phi, theta } = unpack(x);
    // φ(z) = 1 − Σφ z^i, θ(z) = 1 + Σθ z^j
    if (!rootsOutside(phi.map((v) => -v)) || !rootsOutside(theta)) return Infinity;
    return css(w, phi, theta, mean).sse;
  };
  let x: number[] = [];
  if (p + q > 0) {
    const best = nelderMead(objective, new Array<number>(p + q).fill(0), { step: 0.2, maxEvaluations: 100 * (p + q), tolerance: 1e-10 });
    if (!Number.isFinite(best.value)) return null;
    x = best.x;
  }
  const { phi, theta } = unpack(x);
  const { sse, residuals } = css(w, phi, theta, mean);
  return { phi, theta, mean, sse, residuals, count: w.length - p };
}

export interface ArimaFit {
  d: number;
  phi: number[];
  theta: number[];
  /** Mean (d = 0) or drift (d = 1) of the differenced series; 0 without a constant. */
  constant: number;
  sigma2: number;
  /** The differenced series and its residuals, for the forecast recursion. */
  w: number[];
  residuals: number[];
  /** The last d values of each integration level, to undo the differencing. */
  x: number[];
}

export function fitArima(x: readonly number[]): ArimaFit {
  let scale = 0;
  for (const v of x) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  const z = x.map((v) => v / scale);
  const d = differencingOrder(z);
  let w = z;
  for (let k = 0; k < d; k++) w = difference(w);
  let best: { fit: ArmaFit; aicc: number } | null = null;
  // A constant (differenced) series: its mean (level or drift), nothing to fit.
  if (isConstant(w)) best = { fit: { phi: [], theta: [], mean: w[0], sse: 0, residuals: new Array<number>(w.length).fill(0), count: w.length }, aicc: -Infinity };
  for (const withMean of best ? [] : d < 2 ? [false, true] : [false]) {
    for (let p = 0; p <= MAX_ORDER; p++) {
      for (let q = 0; q <= MAX_ORDER; q++) {
        if (w.length - p < p + q + 4) continue;
        const fit = fitArma(w, p, q, withMean);
        if (!fit || !(fit.sse > 0)) continue;
        const k = p + q + (withMean ? 1 : 0) + 1;
        const n = fit.count;
        if (n - k - 1 <= 0) continue;
        const aicc = n * Math.log(fit.sse / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
        if (!best || aicc < best.aicc) best = { fit, aicc };
      }
    }
  }
  const fit = best?.fit ?? { phi: [], theta: [], mean: 0, sse: w.reduce((a, v) => a + v * v, 0), residuals: new Array<number>(w.length).fill(0), count: w.length };
  return {
    d,
    phi: fit.phi,
    theta: fit.theta,
    constant: fit.mean * scale,
    sigma2: (fit.sse / Math.max(1, fit.count)) * scale * scale,
    w: w.map((v) => v * scale),
    residuals: fit.residuals.map((v) => v * scale),
    x: x.slice(),
  };
}

export function arimaForecast(fit: ArimaFit, h: number): { mean: number[]; sd: number[] } {
  const { phi, theta, constant, d } = fit;
  const w = fit.w.slice();
  const e = fit.residuals.slice();
  const n = w.length;
  for (let i = 0; i < h; i++) {
    const t = n + i;
    let f = constant;
    for (let k = 0; k < phi.length; k++) f += phi[k] * ((t - 1 - k >= 0 ? w[t - 1 - k] : constant) - constant);
    for (let j = 0; j < theta.length; j++) if (t - 1 - j >= 0 && t - 1 - j < n) f += theta[j] * e[t - 1 - j];
    w.push(f);
    e.push(0);
  }
  // Undo the differencing: level k's last value plus the cumulative sums of level k + 1.
  let future = w.slice(n);
  const levels: number[][] = [fit.x];
  for (let k = 0; k < d; k++) levels.push(difference(levels[k]));
  for (let k = d - 1; k >= 0; k--) {
    let last = levels[k][levels[k].length - 1];
    future = future.map((v) => (last += v));
  }
  // ψ weights of θ(B) / (φ(B)(1 − B)^d).
  let ar = [1, ...phi.map((v) => -v)];
  for (let k = 0; k < d; k++) ar = ar.map((v, i) => v - (i > 0 ? ar[i - 1] : 0)).concat([-ar[ar.length - 1]]);
  const psi: number[] = [];
  let variance = 0;
  const sd: number[] = [];
  for (let j = 0; j < h; j++) {
    let v = j === 0 ? 1 : j - 1 < theta.length ? theta[j - 1] : 0;
    for (let i = 1; i < ar.length && i <= j; i++) v -= ar[i] * psi[j - i];
    psi.push(v);
    variance += v * v;
    sd.push(Math.sqrt(fit.sigma2 * variance));
  }
  return { mean: future, sd };
}

export const arimaModel: ForecastModel = {
  name: 'arima',
  minHistory: () => ARIMA_MIN_HISTORY,
  fit(y: readonly number[], options: FitOptions): FittedModel {
    assertUsableHistory(y, ARIMA_MIN_HISTORY, 'arima');
    return reseasonalised(y, options.season, (adjusted) => {
      const fit = fitArima(adjusted);
      return (h) => arimaForecast(fit, h);
    });
  },
};
