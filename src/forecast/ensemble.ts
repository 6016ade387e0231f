/**
 * The ensemble's arithmetic: which models are candidates for a demand pattern, their weights
 * (inverse validation error, floor 0.1, renormalised — or weights given by the caller, e.g. the
 * learning module), and the weighted combination of the members' forecasts.
 *
 * Inverse-error weighting is the classic combination that "earns its weights" without fitting a
 * regression on few points (Bates & Granger 1969; Timmermann 2006 §3 on why simple, shrunk weights
 * beat estimated optimal ones). The floor keeps every member in play so one lucky validation
 * window cannot make a single model take over.
 */
import { DemandPattern } from './models/demand-pattern';

export const WEIGHT_FLOOR = 0.1;

/**
 * Candidate models per Syntetos–Boylan pattern; names not registered (or not available, e.g.
 * `global-tree` without a trained model) are left out by the caller. Chosen by the accuracy
 * benchmark (docs/bench/accuracy.md): on M3 monthly ets + theta (+ global tree) beat every mix
 * with seasonal naive or damped trend; on car parts TSB + SES + Theta (MASE 0.967) beat Croston,
 * SBA and TSB together (1.041) — TSB's decaying demand probability and a level that follows
 * recent demand suit parts that go quiet. The global tree is a candidate for every pattern (issue
 * 11): the per-pattern rules (member-selection.ts) decide whether it enters the point forecast;
 * it never enters the demand distribution while a local member exists (its log1p target makes it
 * median-like, biased low by 22–58 % on sparse weekly demand). Seasonal naive stays the last-resort
 * fallback.
 */
export const CANDIDATES: Record<DemandPattern, readonly string[]> = {
  smooth: ['ets', 'theta', 'global-tree'],
  erratic: ['ets', 'theta', 'global-tree'],
  intermittent: ['tsb', 'ses', 'theta', 'global-tree'],
  lumpy: ['tsb', 'ses', 'theta', 'global-tree'],
};

export function candidateModels(pattern: DemandPattern, available: (name: string) => boolean): string[] {
  return CANDIDATES[pattern].filter(available);
}

/**
 * Members a fitted selection table may also choose for the point forecast (issue 11): automatic
 * ARIMA and CES for smooth and erratic demand. They are not in CANDIDATES, so the engine runs them
 * only when the table's rule names them — caller weights (the learning module), the nightly
 * DEFAULT_SELECTION and the learning replay keep the members above. They stay out of the demand
 * distribution (POINT_ONLY_MEMBERS): the calibration table was fitted on the other members' spreads.
 * Measured on M3 monthly (docs/bench/accuracy.md): ARIMA adds what the other members lack.
 */
export const SELECTION_EXTRAS: Record<DemandPattern, readonly string[]> = {
  smooth: ['arima', 'ces'],
  erratic: ['arima', 'ces'],
  intermittent: [],
  lumpy: [],
};

/** Members that may enter the point forecast but never the demand distribution. */
export const POINT_ONLY_MEMBERS: readonly string[] = ['global-tree', 'arima', 'ces'];

/** Every member a selection table is fitted over for a pattern: the candidates, then the extras. */
export function selectionCandidates(pattern: DemandPattern, available: (name: string) => boolean): string[] {
  return [...CANDIDATES[pattern], ...SELECTION_EXTRAS[pattern]].filter(available);
}

/**
 * Weights proportional to 1 / error, each at least `floor`, renormalised to sum to 1.
 * A zero error (a perfect validation fit) is treated as the smallest positive error seen (or 1e-9),
 * so it gets the largest weight without dividing by zero; a non-finite error gets the floor.
 */
export function inverseErrorWeights(errors: Readonly<Record<string, number>>, floor = WEIGHT_FLOOR): Record<string, number> {
  const names = Object.keys(errors);
  if (names.length === 0) return {};
  const positive = names.map((n) => errors[n]).filter((e) => Number.isFinite(e) && e > 0);
  const smallest = positive.length > 0 ? Math.min(...positive) : 1e-9;
  const raw: Record<string, number> = {};
  let sum = 0;
  for (const n of names) {
    const e = errors[n];
    const inverse = Number.isFinite(e) ? 1 / Math.max(e, smallest * 0.5, 1e-12) : 0;
    raw[n] = inverse;
    sum += inverse;
  }
  if (sum === 0) return equalWeights(names);
  for (const n of names) raw[n] /= sum;
  return applyFloor(raw, floor);
}

export function equalWeights(names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, 1 / names.length]));
}

/**
 * Restricts weights to `members`, raises each to at least `floor`, renormalises.
 * Members without a weight get the floor; negative or non-finite weights count as 0.
 * (After renormalising a floored weight can end slightly under `floor`; it is a floor on the
 * pre-normalised share, as in the "floor 0.1 per model, renormalised".)
 */
export function applyFloor(weights: Readonly<Record<string, number>>, floor = WEIGHT_FLOOR, members?: readonly string[]): Record<string, number> {
  const names = members ?? Object.keys(weights);
  if (names.length === 0) return {};
  const floored: Record<string, number> = {};
  let sum = 0;
  for (const n of names) {
    const w = weights[n];
    const clean = Number.isFinite(w) && w > 0 ? w : 0;
    floored[n] = Math.max(clean, floor);
    sum += floored[n];
  }
  if (!(sum > 0)) return equalWeights(names);
  for (const n of names) floored[n] /= sum;
  return floored;
}

export interface MemberForecast {
  name: string;
  mean: readonly number[];
  sd: readonly number[];
}

/**
 * Weighted mean of the members' means; σ is the weighted mean of their σ's (the σ of a mix of
 * perfectly correlated errors, an upper bound for the combination that calibration.ts scales).
 */
export function combineForecasts(members: readonly MemberForecast[], weights: Readonly<Record<string, number>>, horizon: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(horizon).fill(0);
  const sd = new Array<number>(horizon).fill(0);
  let total = 0;
  for (const m of members) total += weights[m.name] ?? 0;
  if (!(total > 0)) throw new Error('ensemble: no member has a positive weight');
  for (const m of members) {
    const w = (weights[m.name] ?? 0) / total;
    for (let i = 0; i < horizon; i++) {
      mean[i] += w * m.mean[i];
      sd[i] += w * m.sd[i];
    }
  }
  return { mean, sd };
}
