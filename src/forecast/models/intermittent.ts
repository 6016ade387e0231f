/**
 * Intermittent-demand models: Croston, SBA and TSB.
 *
 * - Croston (1972): smooth the non-zero demand sizes z and the intervals p between them with
 *   simple exponential smoothing (same α), forecast z/p per period. Both smoothers start at their
 *   first value and are updated only when a demand occurs (as in statsforecast `croston_classic`
 *   and R `forecast::croston`).
 * - SBA (Syntetos & Boylan 2005): Croston is biased upwards; multiply by (1 − α/2).
 * - TSB (Teunter, Syntetos & Babai 2011): smooth the demand size z (α, on demand periods) and the
 *   probability of a demand d (β, every period); forecast d·z. Unlike Croston it decays towards 0
 *   when demand stops (obsolescence).
 *
 * Values ≤ 0 count as "no demand" here (the models are for non-negative counts).
 *
 * Spread: σ is the root mean square of the in-sample one-step-ahead errors (forecast made before
 * each period vs. the actual, from the first demand on). The forecast is flat like SES, whose
 * h-step variance is σ²(1 + (h−1)α²) (Hyndman et al. 2008, ETS(A,N,N)); we use that growth.
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, rootMeanSquare } from './history';

export interface CrostonOptions {
  /** Smoothing weight for sizes and intervals, 0–1. */
  alpha?: number;
}

export interface TsbOptions {
  /** Smoothing weight for the demand size, 0–1. */
  alpha?: number;
  /** Smoothing weight for the demand probability, 0–1. */
  beta?: number;
}

export const INTERMITTENT_MIN_HISTORY = 2;

function checkWeight(name: string, w: number): void {
  if (!(w > 0 && w <= 1)) throw new Error(`${name} must be in (0, 1], got ${w}`);
}

/** Croston's per-period demand rate and its one-step errors; `debiasFactor` 1 for Croston. */
export function crostonRate(
  y: readonly number[],
  alpha: number,
  debiasFactor: number,
): { ratePerPeriod: number; oneStepErrors: number[] } {
  let size = NaN;
  let interval = NaN;
  let periodsSinceDemand = 0;
  const oneStepErrors: number[] = [];
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    periodsSinceDemand++;
    if (!Number.isNaN(size)) oneStepErrors.push(v - (debiasFactor * size) / interval);
    if (v > 0) {
      if (Number.isNaN(size)) {
        size = v;
        interval = periodsSinceDemand;
      } else {
        size += alpha * (v - size);
        interval += alpha * (periodsSinceDemand - interval);
      }
      periodsSinceDemand = 0;
    }
  }
  if (Number.isNaN(size)) return { ratePerPeriod: 0, oneStepErrors };
  return { ratePerPeriod: (debiasFactor * size) / interval, oneStepErrors };
}

/** TSB's per-period demand rate (probability × size) and its one-step errors. */
export function tsbRate(
  y: readonly number[],
  alpha: number,
  beta: number,
): { ratePerPeriod: number; oneStepErrors: number[] } {
  let size = NaN;
  // Demand probability starts at the first period's occurrence (statsforecast starts its SES at
  // the first value of the series it smooths).
  let probability = y[0] > 0 ? 1 : 0;
  const oneStepErrors: number[] = [];
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    const occurred = v > 0 ? 1 : 0;
    if (!Number.isNaN(size)) oneStepErrors.push(v - probability * size);
    if (t > 0) probability += beta * (occurred - probability);
    if (occurred) size = Number.isNaN(size) ? v : size + alpha * (v - size);
  }
  if (Number.isNaN(size)) return { ratePerPeriod: 0, oneStepErrors };
  return { ratePerPeriod: probability * size, oneStepErrors };
}

function flatForecast(ratePerPeriod: number, oneStepErrors: number[], alpha: number): FittedModel {
  const sigma = rootMeanSquare(oneStepErrors);
  const rate = Number.isFinite(ratePerPeriod) && ratePerPeriod > 0 ? ratePerPeriod : 0;
  return {
    predict(h: number): PointForecast {
      const mean = new Array<number>(h).fill(rate);
      const sd: number[] = [];
      for (let i = 1; i <= h; i++) sd.push(sigma * Math.sqrt(1 + (i - 1) * alpha * alpha));
      return { mean, sd: cleanSd(sd) };
    },
  };
}

export function crostonModel(options: CrostonOptions = {}, name = 'croston'): ForecastModel {
  return crostonFamilyModel(name, options.alpha ?? 0.1, () => 1);
}

/** SBA: Croston's rate × (1 − α/2), the Syntetos–Boylan correction of its upward bias. */
export function sbaModel(options: CrostonOptions = {}, name = 'sba'): ForecastModel {
  return crostonFamilyModel(name, options.alpha ?? 0.1, (alpha) => 1 - alpha / 2);
}

function crostonFamilyModel(name: string, alpha: number, correction: (alpha: number) => number): ForecastModel {
  checkWeight('alpha', alpha);
  return {
    name,
    minHistory: () => INTERMITTENT_MIN_HISTORY,
    fit(y: readonly number[], _options: FitOptions): FittedModel {
      assertUsableHistory(y, INTERMITTENT_MIN_HISTORY, name);
      const { ratePerPeriod, oneStepErrors } = crostonRate(y, alpha, correction(alpha));
      return flatForecast(ratePerPeriod, oneStepErrors, alpha);
    },
  };
}

export function tsbModel(options: TsbOptions = {}, name = 'tsb'): ForecastModel {
  const alpha = options.alpha ?? 0.1;
  const beta = options.beta ?? 0.1;
  checkWeight('alpha', alpha);
  checkWeight('beta', beta);
  return {
    name,
    minHistory: () => INTERMITTENT_MIN_HISTORY,
    fit(y: readonly number[], _options: FitOptions): FittedModel {
      assertUsableHistory(y, INTERMITTENT_MIN_HISTORY, name);
      const { ratePerPeriod, oneStepErrors } = tsbRate(y, alpha, beta);
      return flatForecast(ratePerPeriod, oneStepErrors, Math.max(alpha, beta));
    },
  };
}
