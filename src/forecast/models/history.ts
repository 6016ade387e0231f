/**
 * Checks and small transforms every model applies to its input history and output, so that
 * all models fail the same way (a clear Error) and never emit NaN or negative demand.
 */

/** Throws a clear Error when the history is too short or holds a non-finite value. */
export function assertUsableHistory(y: readonly number[], minHistory: number, modelName: string): void {
  if (y.length < minHistory) {
    throw new Error(
      `${modelName}: insufficient history (${y.length} observations, needs at least ${minHistory})`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) {
      throw new Error(`${modelName}: history value at index ${i} is not a finite number (${y[i]})`);
    }
  }
}

/**
 * Demand cannot be negative: when the whole history is ≥ 0 the forecast is clipped at 0.
 * A history that itself has negative values (returns, net flows) is left unclipped.
 * Any non-finite value (overflow on huge inputs) falls back to `fallback`.
 */
export function clipForecast(values: number[], y: readonly number[], fallback: number): number[] {
  let nonNegative = true;
  for (const v of y) if (v < 0) { nonNegative = false; break; }
  const safeFallback = Number.isFinite(fallback) ? fallback : 0;
  return values.map((v) => {
    const finite = Number.isFinite(v) ? v : safeFallback;
    return nonNegative && finite < 0 ? 0 : finite;
  });
}

/** Standard deviations are finite and ≥ 0; anything else becomes 0. */
export function cleanSd(values: number[]): number[] {
  return values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
}

/** Root mean square, scaled by the largest magnitude first so huge values do not overflow. */
export function rootMeanSquare(values: readonly number[]): number {
  let scale = 0;
  for (const v of values) if (Math.abs(v) > scale) scale = Math.abs(v);
  if (values.length === 0 || scale === 0 || !Number.isFinite(scale)) return 0;
  let sum = 0;
  for (const v of values) sum += (v / scale) * (v / scale);
  return scale * Math.sqrt(sum / values.length);
}
