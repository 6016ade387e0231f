/**
 * Complex exponential smoothing without seasonality, CES(N) (Svetunkov, Kourentzes & Ord 2022,
 * "Complex exponential smoothing", Naval Research Logistics 69(8); statsforecast `AutoCES` with
 * model "N"). The level is smoothed with a complex parameter a = a0 + i·a1, which lets one model
 * follow a level, a trend or something between without choosing ETS's trend component:
 *
 *   ŷ(t) = ℓ(t−1),  e(t) = y(t) − ŷ(t)
 *   ℓ(t) = ℓ(t−1) − (1 − a1)·c(t−1) + (a0 − a1)·e(t)
 *   c(t) = ℓ(t−1) + (1 − a0)·c(t−1) + (a0 + a1)·e(t)
 *   forecasts: the same recursion with e = 0.
 *
 * Fitted as statsforecast does: a0 ∈ [0.01, 1.8], a1 ∈ [0.01, 1.9] from (1.3, 1) by Nelder–Mead on
 * the one-step SSE; the initial state ℓ0 = mean of the first ≤ 10 values, c0 = ℓ0 / 1.1, refined by
 * backcasting (a forward pass, a backward pass over the reversed series, a forward pass — the SSE
 * of the last pass is the objective). Spread: σ²·(1 + Σ_{j<h} (w'F^{j−1}g)²) of the linear state
 * space form x(t) = F·x(t−1) + g·e(t), y(t) = w'x(t−1) + e(t), σ² = SSE/(n − 3).
 * Seasonality as in Theta (seasonal-decomposition.ts): CES on the seasonally adjusted series.
 */
import { FitOptions, FittedModel, ForecastModel } from './model';
import { assertUsableHistory } from './history';
import { reseasonalised } from './smoothing-models';
import { nelderMead } from './nelder-mead';

export const CES_MIN_HISTORY = 8;
const A0 = { min: 0.01, max: 1.8, start: 1.3 };
const A1 = { min: 0.01, max: 1.9, start: 1 };

export interface CesFit {
  a0: number;
  a1: number;
  level: number;
  potential: number;
  sse: number;
  n: number;
}

interface CesState { level: number; potential: number }

/** One pass of the recursion over y from `start`; returns the SSE and the state after the last value. */
function cesPass(y: readonly number[], a0: number, a1: number, start: CesState, reverse: boolean): { sse: number; end: CesState } {
  let { level, potential } = start;
  let sse = 0;
  const n = y.length;
  for (let k = 0; k < n; k++) {
    const e = y[reverse ? n - 1 - k : k] - level;
    sse += e * e;
    const nextLevel = level - (1 - a1) * potential + (a0 - a1) * e;
    potential = level + (1 - a0) * potential + (a0 + a1) * e;
    level = nextLevel;
  }
  return { sse, end: { level, potential } };
}

/** The state one step on with no error (the forecast recursion). */
function advance(s: CesState, a0: number, a1: number): CesState {
  return { level: s.level - (1 - a1) * s.potential, potential: s.level + (1 - a0) * s.potential };
}

/** Forward, backward, forward (statsforecast's backfit); the SSE and end state of the last pass. */
function cesBackfit(y: readonly number[], a0: number, a1: number, initial: CesState) {
  const first = cesPass(y, a0, a1, initial, false);
  const back = cesPass(y, a0, a1, advance(first.end, a0, a1), true);
  return cesPass(y, a0, a1, advance(back.end, a0, a1), false);
}

function bounded(p: number, range: { min: number; max: number }): number {
  return range.min + (range.max - range.min) / (1 + Math.exp(-p));
}

function unbounded(v: number, range: { min: number; max: number }): number {
  const u = (v - range.min) / (range.max - range.min);
  return Math.log(u / (1 - u));
}

export function fitCes(y: readonly number[]): CesFit {
  let scale = 0;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  const z = y.map((v) => v / scale);
  const head = z.slice(0, Math.min(10, z.length));
  const level0 = head.reduce((a, b) => a + b, 0) / head.length;
  const initial = { level: level0, potential: level0 / 1.1 };
  const best = nelderMead((p) => {
    const r = cesBackfit(z, bounded(p[0], A0), bounded(p[1], A1), initial);
    return Number.isFinite(r.sse) && Number.isFinite(r.end.level) ? r.sse : Infinity;
  }, [unbounded(A0.start, A0), unbounded(A1.start, A1)], { step: 0.5, maxEvaluations: 200 });
  const a0 = bounded(best.x[0], A0);
  const a1 = bounded(best.x[1], A1);
  const r = cesBackfit(z, a0, a1, initial);
  return { a0, a1, level: r.end.level * scale, potential: r.end.potential * scale, sse: r.sse * scale * scale, n: y.length };
}

export function cesForecast(fit: CesFit, h: number): { mean: number[]; sd: number[] } {
  const { a0, a1 } = fit;
  const sigma = Math.sqrt(fit.sse / Math.max(1, fit.n - 3));
  const mean: number[] = [];
  const sd: number[] = [];
  let state: CesState = { level: fit.level, potential: fit.potential };
  // ψ(j) = w'F^{j−1}g: the response of step j + 1 to today's error, from the unit response (g).
  let response: CesState = { level: a0 - a1, potential: a0 + a1 };
  let variance = 1;
  for (let i = 0; i < h; i++) {
    mean.push(state.level);
    sd.push(sigma * Math.sqrt(variance));
    variance += response.level * response.level;
    response = advance(response, a0, a1);
    state = advance(state, a0, a1);
  }
  return { mean, sd };
}

export const cesModel: ForecastModel = {
  name: 'ces',
  minHistory: () => CES_MIN_HISTORY,
  fit(y: readonly number[], options: FitOptions): FittedModel {
    assertUsableHistory(y, CES_MIN_HISTORY, 'ces');
    return reseasonalised(y, options.season, (adjusted) => {
      const fit = fitCes(adjusted);
      return (h) => cesForecast(fit, h);
    });
  },
};
