/**
 * Adaptive ensemble weights, per SKU, recomputed weekly:
 * - each member's error is the mean of its recent realized absolute scaled errors once every
 *   member has at least `minObservations` of them ('realized'); before that its backtest error
 *   ('backtest'); without either, equal weights ('equal');
 * - weight ∝ 1 / error (a zero error counts as half the smallest positive one, so a perfect
 *   member dominates without dividing by zero);
 * - every weight at least `floor` (0.1): members under it are pinned at the floor and the rest
 *   share 1 − floor·k in proportion, repeated until none is under (so the floor is exact and the
 *   weights sum to 1). With more than 1/floor members the floor cannot hold: equal weights.
 * The result carries its inputs so a test (or an auditor) can recompute it.
 */
export const WEIGHT_FLOOR = 0.1;
export const MIN_REALIZED_OBSERVATIONS = 8;

export interface WeightInputs {
  members: readonly string[];
  /** Recent realized absolute scaled errors per member (newest window, censored weeks removed). */
  realizedErrors: Readonly<Record<string, readonly number[]>>;
  /** Backtest error per member (e.g. MASE or MAE on the validation origins). */
  backtestErrors: Readonly<Record<string, number>>;
  minObservations?: number;
  floor?: number;
}

export interface AdaptiveWeights {
  weights: Record<string, number>;
  source: 'realized' | 'backtest' | 'equal';
  /** The error each weight came from and how many observations it averaged. */
  inputs: Record<string, { error: number | null; observations: number }>;
  floor: number;
  minObservations: number;
}

export function adaptiveWeights(input: WeightInputs): AdaptiveWeights {
  const floor = input.floor ?? WEIGHT_FLOOR;
  const minObservations = input.minObservations ?? MIN_REALIZED_OBSERVATIONS;
  const members = [...input.members];
  const realized = Object.fromEntries(members.map((m) => [m, (input.realizedErrors[m] ?? []).filter(Number.isFinite)]));
  const enoughRealized = members.length > 0 && members.every((m) => realized[m].length >= minObservations);
  const enoughBacktest = members.length > 0 && members.every((m) => Number.isFinite(input.backtestErrors[m]) && input.backtestErrors[m] >= 0);
  const source: AdaptiveWeights['source'] = enoughRealized ? 'realized' : enoughBacktest ? 'backtest' : 'equal';
  const inputs: AdaptiveWeights['inputs'] = {};
  for (const m of members) {
    if (source === 'realized') inputs[m] = { error: realized[m].reduce((s, e) => s + e, 0) / realized[m].length, observations: realized[m].length };
    else if (source === 'backtest') inputs[m] = { error: input.backtestErrors[m], observations: 0 };
    else inputs[m] = { error: null, observations: realized[m].length };
  }
  if (source === 'equal' || members.length * floor > 1) {
    return { weights: Object.fromEntries(members.map((m) => [m, 1 / members.length])), source, inputs, floor, minObservations };
  }
  const errors = members.map((m) => inputs[m].error as number);
  const smallest = Math.min(...errors.filter((e) => e > 0));
  const substitute = Number.isFinite(smallest) ? smallest / 2 : 1;
  const raw = Object.fromEntries(members.map((m, i) => [m, 1 / (errors[i] > 0 ? errors[i] : substitute)]));
  return { weights: floorAndNormalise(raw, floor), source, inputs, floor, minObservations };
}

/** Proportional weights with an exact floor (water-filling); see the file comment. */
export function floorAndNormalise(raw: Readonly<Record<string, number>>, floor: number): Record<string, number> {
  const names = Object.keys(raw);
  const pinned = new Set<string>();
  for (;;) {
    const free = names.filter((n) => !pinned.has(n));
    const freeSum = free.reduce((s, n) => s + raw[n], 0);
    const share = 1 - floor * pinned.size;
    const under = free.filter((n) => (raw[n] / freeSum) * share < floor);
    if (under.length === 0 || free.length === under.length) {
      const out: Record<string, number> = {};
      for (const n of names) out[n] = pinned.has(n) || under.includes(n) ? floor : (raw[n] / freeSum) * share;
      return out;
    }
    for (const n of under) pinned.add(n);
  }
}
