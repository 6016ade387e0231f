/** sMAPE and MASE exactly as the data README defines them (M3 conventions). */

/** Mean of 200·|y − f| / (|y| + |f|) over the steps (a 0/0 step counts as 0). */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
    sum += denominator > 0 ? (200 * Math.abs(actual[i] - forecast[i])) / denominator : 0;
  }
  return sum / actual.length;
}

/** Mean absolute error scaled by the training part's mean absolute lag-m difference; NaN if that is 0. */
export function mase(train: readonly number[], actual: readonly number[], forecast: readonly number[], m: number): number {
  const lag = train.length > m ? m : 1;
  let scale = 0;
  for (let t = lag; t < train.length; t++) scale += Math.abs(train[t] - train[t - lag]);
  scale /= Math.max(1, train.length - lag);
  let mae = 0;
  for (let i = 0; i < actual.length; i++) mae += Math.abs(actual[i] - forecast[i]);
  mae /= actual.length;
  return scale > 0 ? mae / scale : NaN;
}

export function meanFinite(values: readonly number[]): { mean: number; used: number } {
  let sum = 0;
  let used = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      used++;
    }
  }
  return { mean: used > 0 ? sum / used : NaN, used };
}
