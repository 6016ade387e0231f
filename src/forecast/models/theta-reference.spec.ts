import { thetaModel } from './theta';

/**
 * Theta pinned against R `forecast::thetaf` (forecast 8.20, R 4.2, Debian r-cran-forecast) on a
 * noisy trending series. The numbers below were printed by this R snippet:
 *
 *   library(forecast)
 *   n <- 40; t <- 0:(n - 1)
 *   y <- round(50 + 0.6 * t + 8 * sin(1.3 * t) + 5 * cos(2.9 * t + 1), 2)
 *   f <- thetaf(ts(y, frequency = 1), h = 6, level = 95)
 *   sprintf("%.6f", f$mean); sprintf("%.6f", (f$upper[, 1] - f$mean) / qnorm(0.975))
 *
 * The mean checks the drift (OLS slope / 2) and the drift offset (1 − (1−α)^n)/α; the sd checks
 * σ² = SSE/(n − 2) and the growth √(1 + (i−1)α²). R fits α with Nelder–Mead, we with a grid and
 * golden section on the same SSE, hence the tolerance of 1e-3 relative.
 */
const Y = [
  52.7, 54.68, 59.67, 41.49, 50.33, 49.83, 66.09, 52.9, 51.16, 47.37, 60.13, 64.93, 56.45, 53.06, 49.93, 68.19, 62.22, 64.33, 48.01, 62.55,
  64.25, 72.2, 58.71, 56.59, 63.11, 70.46, 73.79, 58.45, 63.44, 62.6, 80.71, 67.82, 68.2, 58.88, 75.11, 77.05, 74.93, 66, 65.1, 79.46,
];
const R_MEAN = [72.334724, 72.620596, 72.906468, 73.192341, 73.478213, 73.764086];
const R_SE = [7.882414, 8.04643, 8.207168, 8.364819, 8.519553, 8.671526];

/**
 * Hyndman & Billah (2003) derived independently: SES by least squares (α on a fine grid over
 * [1e-4, 0.9999], l0 in closed form for each α), OLS slope b, then
 *   ŷ(n+i) = ℓ(n) + (b/2)·((i − 1) + (1 − (1−α)^n)/α),   sd(i) = √(SSE/(n−2))·√(1 + (i−1)α²).
 */
function thetaByFormula(y: readonly number[], h: number): { mean: number[]; sd: number[]; alpha: number } {
  const n = y.length;
  const sesRun = (alpha: number, l0: number) => {
    let level = l0;
    let sse = 0;
    for (const v of y) {
      sse += (v - level) ** 2;
      level += alpha * (v - level);
    }
    return { level, sse };
  };
  // For a fixed α the one-step errors are a(t) − (1−α)^t·l0, so the best l0 is Σa·c / Σc².
  const bestL0 = (alpha: number) => {
    let num = 0;
    let den = 0;
    let levelFromZero = 0;
    for (let t = 0; t < n; t++) {
      const c = (1 - alpha) ** t;
      const e = y[t] - levelFromZero;
      num += e * c;
      den += c * c;
      levelFromZero += alpha * e;
    }
    return num / den;
  };
  let best = { alpha: 1e-4, sse: Infinity, level: 0 };
  for (let k = 0; k <= 20000; k++) {
    const alpha = 1e-4 + ((0.9999 - 1e-4) * k) / 20000;
    const run = sesRun(alpha, bestL0(alpha));
    if (run.sse < best.sse) best = { alpha, sse: run.sse, level: run.level };
  }
  const tMean = (n - 1) / 2;
  const yMean = y.reduce((p, v) => p + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  y.forEach((v, t) => {
    sxy += (t - tMean) * (v - yMean);
    sxx += (t - tMean) ** 2;
  });
  const b = sxy / sxx;
  const { alpha } = best;
  const offset = (1 - (1 - alpha) ** n) / alpha;
  const sigma = Math.sqrt(best.sse / (n - 2));
  return {
    alpha,
    mean: Array.from({ length: h }, (_, k) => best.level + (b / 2) * (k + offset)),
    sd: Array.from({ length: h }, (_, k) => sigma * Math.sqrt(1 + k * alpha * alpha)),
  };
}

/**
 * A short noisy series whose least-squares α is at the lower bound 1e-4, so (1 − α)^n ≈ 0.998 and
 * the drift offset (1 − (1−α)^n)/α ≈ 16 is nowhere near 1/α = 10,000. (R's thetaf stops at a local
 * optimum here — α 0.172, SSE 1452 against 1411 at α = 1e-4 — so the reference is the formula.)
 */
const SHORT = [46, 43.53, 29.93, 58.31, 36.5, 48.05, 44.84, 53.36, 48.17, 42.34, 67.5, 40.54, 58.59, 55.88, 58.43, 55.49];

describe('theta against R forecast::thetaf', () => {
  it('matches the published formula on a short series where the drift offset is not 1/α', () => {
    const reference = thetaByFormula(SHORT, 4);
    expect(reference.alpha).toBeLessThan(1e-3);
    const f = thetaModel.fit(SHORT, { season: 1 }).predict(4);
    f.mean.forEach((v, i) => expect(Math.abs(v - reference.mean[i]) / reference.mean[i]).toBeLessThan(1e-3));
    f.sd!.forEach((v, i) => expect(Math.abs(v - reference.sd[i]) / reference.sd[i]).toBeLessThan(1e-3));
  });

  it('the formula reference reproduces R on the long series too', () => {
    const reference = thetaByFormula(Y, 6);
    reference.mean.forEach((v, i) => expect(Math.abs(v - R_MEAN[i]) / R_MEAN[i]).toBeLessThan(1e-3));
    reference.sd.forEach((v, i) => expect(Math.abs(v - R_SE[i]) / R_SE[i]).toBeLessThan(1e-3));
  });

  it('generates the series the R snippet used', () => {
    const y = Array.from({ length: 40 }, (_, t) => Math.round(100 * (50 + 0.6 * t + 8 * Math.sin(1.3 * t) + 5 * Math.cos(2.9 * t + 1))) / 100);
    y.forEach((v, i) => expect(v).toBeCloseTo(Y[i], 6));
  });

  it('matches thetaf point forecasts', () => {
    const f = thetaModel.fit(Y, { season: 1 }).predict(6);
    f.mean.forEach((v, i) => expect(Math.abs(v - R_MEAN[i]) / R_MEAN[i]).toBeLessThan(1e-3));
  });

  it('matches thetaf standard errors (σ² divisor n − 2, growth √(1 + (i−1)α²))', () => {
    const f = thetaModel.fit(Y, { season: 1 }).predict(6);
    f.sd!.forEach((v, i) => expect(Math.abs(v - R_SE[i]) / R_SE[i]).toBeLessThan(1e-3));
  });
});
