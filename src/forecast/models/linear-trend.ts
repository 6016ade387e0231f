/** Ordinary least-squares line through (t, y(t)), t = 0..n−1. */
export function linearTrend(y: readonly number[]): { intercept: number; slopePerStep: number } {
  const n = y.length;
  if (n < 2) return { intercept: n === 1 ? y[0] : 0, slopePerStep: 0 };
  const meanT = (n - 1) / 2;
  let meanY = 0;
  for (const v of y) meanY += v;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - meanT) * (y[t] - meanY);
    sxx += (t - meanT) * (t - meanT);
  }
  const slopePerStep = sxy / sxx;
  return { intercept: meanY - slopePerStep * meanT, slopePerStep };
}
