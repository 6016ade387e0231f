/**
 * Which members the ensemble combines, and with which weights, chosen on validation windows.
 *
 * Each SKU is validated at several origins inside its own history (rolling origin, Tashman 2000):
 * origin k = n − k·h for k = 1..K, each member fit on the values before the origin and scored on
 * the h values after it. Errors are scaled per SKU (MASE scale of the part before the earliest
 * origin) so that they can be pooled across SKUs of a demand pattern.
 *
 * A combination rule (members S, power q, prior strength s) gives per-SKU weights
 *   ê_m = (Σ_SKU |e| + s · ē_m) / (points + s),      w_m ∝ ê_m^(−q)   (q = 0: equal weights)
 * where Σ|e| and `points` are the SKU's own scaled absolute errors and their count, and ē_m is the
 * member's mean scaled error over all SKUs of the pattern — the SKU's evidence shrunk toward the
 * pattern-level choice (s = ∞: the pattern-level weights only; s = 0: the SKU's alone).
 *
 * `fitSelection` picks, per pattern, the rule with the lowest pooled validation error, where the
 * weights used at origin k are computed from the other origins only (leave-one-window-out), so a
 * rule is not rewarded for fitting the window it is scored on. Every single member is one of the
 * rules (S = {m}), so on the validation windows the chosen rule is never worse than the best
 * single member of its pattern (a pattern with fewer than `minimumSkus` SKUs only chooses among
 * single members) — the ensemble "at least as good as its best member" by
 * construction there, and on held-out data to the extent that validation predicts it.
 *
 * Pure: numbers in, numbers out.
 */
import { DemandPattern } from './models/demand-pattern';

export const DEMAND_PATTERNS: readonly DemandPattern[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];

export interface ValidationWindow {
  actual: number[];
  /** Each member's forecast of `actual` made from the values before the window; null = failed. */
  forecasts: Record<string, number[] | null>;
}

export interface SkuValidation {
  pattern: DemandPattern;
  /** MASE-style scale (mean absolute seasonal or lag-1 difference) of the part before the earliest origin; > 0. */
  scale: number;
  windows: ValidationWindow[];
}

export interface CombinationRule {
  members: string[];
  /** Weights ∝ shrunk error^(−power); 0 = equal weights. */
  power: number;
  /** Weight of the pattern-level error, in validation points; Infinity = pattern level only. */
  strength: number;
}

export interface PatternSelection {
  /** The point forecast's rule: lowest validation absolute error over every candidate. */
  rule: CombinationRule;
  /**
   * The demand distribution's rule (mean, sd, quantiles — what the reorder policy uses): the same
   * search without the members that are not meant for it (the global tree: its log1p target makes
   * it median-like, biased low on sparse demand). Absent: `rule`.
   */
  distributionRule?: CombinationRule;
  /** Mean scaled validation error per member over the pattern's SKUs (the shrinkage target). */
  errors: Record<string, number>;
  /** SKUs the pattern's selection was fitted on. */
  skus: number;
}

export type SelectionTable = Partial<Record<DemandPattern, PatternSelection>>;

export interface MemberError {
  /** Σ |forecast − actual| / scale over the windows used. */
  sum: number;
  points: number;
}

/** Scale for pooling errors across SKUs: mean |y_t − y_{t−m}| (m = season if the history is long enough and it is > 0, else 1); 1 if that is 0 too. */
export function validationScale(y: readonly number[], season: number): number {
  const meanAbsDiff = (lag: number) => {
    if (y.length <= lag) return 0;
    let sum = 0;
    for (let t = lag; t < y.length; t++) sum += Math.abs(y[t] - y[t - lag]);
    return sum / (y.length - lag);
  };
  const seasonal = season > 1 ? meanAbsDiff(season) : 0;
  if (seasonal > 0) return seasonal;
  const lag1 = meanAbsDiff(1);
  return lag1 > 0 ? lag1 : 1;
}

/** Rolling origins n − k·h (k = 1..maxOrigins) that leave at least `minimumTrain` values before them. */
export function validationOrigins(length: number, horizon: number, minimumTrain: number, maxOrigins: number): { origin: number; length: number }[] {
  const origins: { origin: number; length: number }[] = [];
  if (maxOrigins <= 0) return origins; // no validation asked for: the pattern-level errors decide
  for (let k = 1; k <= maxOrigins; k++) {
    const origin = length - k * horizon;
    if (origin < minimumTrain) break;
    origins.push({ origin, length: horizon });
  }
  // History too short for one full window: one shorter window, as long as the minimum allows.
  if (origins.length === 0 && length - minimumTrain >= 1) origins.push({ origin: minimumTrain, length: length - minimumTrain });
  return origins;
}

/** Each member's scaled absolute errors, over every window except `leaveOut` (and windows where it failed). */
export function memberErrors(v: SkuValidation, members: readonly string[], leaveOut = -1): Record<string, MemberError> {
  const out: Record<string, MemberError> = {};
  for (const m of members) {
    let sum = 0;
    let points = 0;
    v.windows.forEach((w, k) => {
      const f = w.forecasts[m];
      if (k === leaveOut || !f) return;
      for (let i = 0; i < w.actual.length; i++) sum += Math.abs(f[i] - w.actual[i]);
      points += w.actual.length;
    });
    out[m] = { sum: sum / v.scale, points };
  }
  return out;
}

/**
 * The rule's weights for one SKU. Members without a pattern-level error and without points of
 * their own (or whose forecast failed everywhere) get no weight; an empty result means the rule
 * has nothing to go on.
 */
export function ruleWeights(rule: CombinationRule, own: Readonly<Record<string, MemberError>>, patternErrors: Readonly<Record<string, number>>): Record<string, number> {
  const raw: Record<string, number> = {};
  let total = 0;
  for (const m of rule.members) {
    const e = own[m] ?? { sum: 0, points: 0 };
    const prior = patternErrors[m];
    const hasPrior = Number.isFinite(prior);
    let shrunk: number;
    if (rule.strength === Infinity || e.points === 0) {
      if (!hasPrior) continue;
      shrunk = prior;
    } else if (hasPrior) {
      shrunk = (e.sum + rule.strength * prior) / (e.points + rule.strength);
    } else {
      shrunk = e.sum / e.points;
    }
    const w = rule.power === 0 ? 1 : Math.pow(Math.max(shrunk, 1e-6), -rule.power);
    if (!(w > 0 && Number.isFinite(w))) continue;
    raw[m] = w;
    total += w;
  }
  if (!(total > 0)) return {};
  for (const m of Object.keys(raw)) raw[m] /= total;
  return raw;
}

/** Σ |combined − actual| / scale of one window; null when a weighted member has no forecast there. */
function combinedWindowError(weights: Readonly<Record<string, number>>, w: ValidationWindow, scale: number): number | null {
  let sum = 0;
  for (let i = 0; i < w.actual.length; i++) {
    let f = 0;
    for (const [m, weight] of Object.entries(weights)) {
      const fm = w.forecasts[m];
      if (!fm) return null;
      f += weight * fm[i];
    }
    sum += Math.abs(f - w.actual[i]);
  }
  return sum / scale;
}

/** Subsets of `names` (non-empty), singletons first, in the order given. */
export function memberSubsets(names: readonly string[]): string[][] {
  const subsets: string[][] = [];
  for (let mask = 1; mask < 1 << names.length; mask++) subsets.push(names.filter((_, i) => mask & (1 << i)));
  return subsets.sort((a, b) => a.length - b.length);
}

export interface SelectionGrid {
  powers: readonly number[];
  /** Prior strengths, in multiples of the horizon (validation points of one window); Infinity allowed. */
  strengthsInWindows: readonly number[];
}

export const DEFAULT_SELECTION_GRID: SelectionGrid = { powers: [0, 1, 2], strengthsInWindows: [0, 1, 3, Infinity] };
const SINGLE_MEMBERS_ONLY: SelectionGrid = { powers: [], strengthsInWindows: [] };

/** Mean over SKUs of each member's mean scaled error (SKUs where it has points). */
export function patternErrors(validations: readonly SkuValidation[], members: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of members) {
    let sum = 0;
    let count = 0;
    for (const v of validations) {
      const e = memberErrors(v, [m])[m];
      if (e.points > 0) {
        sum += e.sum / e.points;
        count++;
      }
    }
    if (count > 0) out[m] = sum / count;
  }
  return out;
}

/**
 * Pooled leave-one-window-out error of a rule over a pattern's SKUs: Σ over SKUs and windows of
 * the combined scaled error, the weights at window k computed without window k. Only windows where
 * every candidate has a forecast count, so every rule is scored on the same points.
 */
export function ruleValidationError(rule: CombinationRule, validations: readonly SkuValidation[], candidates: readonly string[], prior: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const v of validations) {
    v.windows.forEach((w, k) => {
      if (candidates.some((m) => !w.forecasts[m])) return;
      const weights = ruleWeights(rule, memberErrors(v, rule.members, k), prior);
      const e = combinedWindowError(weights, w, v.scale);
      if (e !== null) total += e;
    });
  }
  return total;
}

/**
 * Per pattern, the rule with the lowest leave-one-window-out validation error among: every
 * non-empty subset of the candidates × the grid's powers × prior strengths (single members need
 * no weights, so they are tried once). Ties keep the earlier (simpler) rule. Patterns with fewer
 * than `minimumSkus` validated SKUs choose among single members only, by the error over the SKUs of
 * every pattern (a member missing in some windows is scored where it has forecasts); patterns without any are
 * left out (the engine then weights its candidates by their own validation errors).
 */
export function fitSelection(
  validations: readonly SkuValidation[],
  candidatesFor: (pattern: DemandPattern) => readonly string[],
  horizon: number,
  grid: SelectionGrid = DEFAULT_SELECTION_GRID,
  minimumSkus = 20,
  notForDistribution: readonly string[] = [],
): SelectionTable {
  const table: SelectionTable = {};
  for (const pattern of DEMAND_PATTERNS) {
    const group = validations.filter((v) => v.pattern === pattern && v.windows.length > 0);
    if (group.length === 0) continue;
    // Too few SKUs to tell combinations apart: the single member with the lowest pooled error…
    const ruleGrid = group.length < minimumSkus ? SINGLE_MEMBERS_ONLY : grid;
    const candidates = candidatesFor(pattern);
    const prior = patternErrors(group, candidates);
    const usable = candidates.filter((m) => Number.isFinite(prior[m]));
    // …chosen on all SKUs (every pattern) when its own are too few: the shrinkage target of a small group
    const small = group.length < minimumSkus;
    const scoredOn = small ? validations.filter((v) => v.windows.length > 0) : group;
    // (pooled: only members that every SKU was validated with, e.g. not ets for intermittent SKUs)
    const members = small ? usable.filter((m) => scoredOn.every((v) => v.windows.every((w) => m in w.forecasts))) : usable;
    const rule = bestRule(scoredOn, members.length > 0 ? members : usable, members.length > 0 ? members : usable, prior, horizon, ruleGrid);
    if (!rule) continue;
    const forDistribution = (members.length > 0 ? members : usable).filter((m) => !notForDistribution.includes(m));
    const distributionRule = bestRule(scoredOn, forDistribution, members.length > 0 ? members : usable, prior, horizon, ruleGrid);
    table[pattern] = { rule, errors: prior, skus: group.length, ...(distributionRule ? { distributionRule } : {}) };
  }
  return table;
}

function bestRule(
  group: readonly SkuValidation[],
  members: readonly string[],
  scoredOn: readonly string[],
  prior: Readonly<Record<string, number>>,
  horizon: number,
  grid: SelectionGrid,
): CombinationRule | null {
  let best: { rule: CombinationRule; error: number } | null = null;
  for (const subset of memberSubsets(members)) {
    if (grid === SINGLE_MEMBERS_ONLY && subset.length > 1) continue;
    const rules: CombinationRule[] = subset.length === 1
      ? [{ members: subset, power: 0, strength: Infinity }]
      : grid.powers.flatMap((power) =>
        power === 0 ? [{ members: subset, power, strength: Infinity }] : grid.strengthsInWindows.map((s) => ({ members: subset, power, strength: s * horizon })));
    for (const rule of rules) {
      const error = ruleValidationError(rule, group, scoredOn, prior);
      if (!best || error < best.error - 1e-9) best = { rule, error };
    }
  }
  return best?.rule ?? null;
}

/** One line per pattern: `smooth: ets 0.62 + theta 0.38 (power 1, strength 4)` style summary of the rules. */
export function describeSelection(table: SelectionTable): string {
  const parts = DEMAND_PATTERNS.filter((p) => table[p]).map((p) => {
    const { rule, skus, errors } = table[p]!;
    const how = (r: CombinationRule) => `${r.members.join('+')} ${r.members.length === 1 ? 'alone' : r.power === 0 ? 'equal weights' : `power ${r.power}, prior strength ${r.strength}`}`;
    const all = Object.entries(errors).map(([m, e]) => `${m} ${e.toFixed(3)}`).join(', ');
    const distribution = table[p]!.distributionRule;
    return `${p} [${skus} SKUs]: point ${how(rule)}${distribution ? `, distribution ${how(distribution)}` : ''} (validation errors ${all})`;
  });
  return parts.length > 0 ? parts.join('; ') : 'none (too few SKUs per pattern)';
}
