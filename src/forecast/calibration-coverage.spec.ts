import { calibrateForecast, CalibrationSample, CalibrationTable, DEFAULT_CALIBRATION, fitQuantileLevel, NOMINAL_LEVELS } from './calibration';

/**
 * Calibration checked by coverage on simulated data with known distributions: the share of
 * actuals at or below each calibrated quantile must be the nominal level, not merely ordered.
 * Sampling noise: with n draws the sd of a coverage near τ is √(τ(1−τ)/n) — 0.0021 at τ = 0.9
 * and n = 20,000 — so the tolerances below are 3–5 such sds.
 */

/** Park–Miller generator and Box–Muller normals: the spec's own randomness, seeded. */
function normals(seed: number): () => number {
  let state = seed % 2147483647;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape k ≥ 1, scale θ) by Marsaglia–Tsang; Poisson by inversion — for negative binomial draws. */
function negativeBinomialDraws(seed: number, mean: number, variance: number, count: number): number[] {
  const z = normals(seed);
  let state = (seed * 7919) % 2147483647;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  // NB as a gamma–Poisson mixture: λ ~ Gamma(r, (v − μ)/μ), Y ~ Poisson(λ), with r = μ²/(v − μ).
  const shape = (mean * mean) / (variance - mean);
  const scale = (variance - mean) / mean;
  const gamma = () => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = z();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
  const poisson = (lambda: number) => {
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = uniform();
    while (u > cdf && k < 10000) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  };
  return Array.from({ length: count }, () => poisson(gamma()));
}

const NOMINAL: CalibrationTable = Object.fromEntries(
  Object.entries(DEFAULT_CALIBRATION).map(([p, c]) => [p, { ...c, stepLevel: NOMINAL_LEVELS, totalLevel: NOMINAL_LEVELS }]),
) as CalibrationTable;

describe('calibration coverage on simulated data', () => {
  it('negative binomial quantiles cover their level when the mean and sd are right', () => {
    // μ = 20, variance 60 (sd 7.75); the lumpy pattern's family is the negative binomial.
    const draws = negativeBinomialDraws(11, 20, 60, 20000);
    const q = calibrateForecast([20], [Math.sqrt(60)], 'lumpy', NOMINAL).quantiles;
    const cover = (x: number) => draws.filter((d) => d <= x).length / draws.length;
    // A discrete quantile covers at least τ, and at most τ + P(Y = q) ≈ τ + 0.01 here.
    expect(cover(q.p90[0])).toBeGreaterThanOrEqual(0.9 - 0.006);
    expect(cover(q.p90[0])).toBeLessThanOrEqual(0.9 + 0.025);
    expect(cover(q.p95[0])).toBeGreaterThanOrEqual(0.95 - 0.005);
    expect(cover(q.p95[0])).toBeLessThanOrEqual(0.95 + 0.02);
    expect(cover(q.p99[0])).toBeGreaterThanOrEqual(0.99 - 0.003);
  });

  it('a level fitted split-conformally on one sample covers nominal on a fresh sample', () => {
    // The model says sd 5; the errors really have sd 7 (too narrow) — the fitted level corrects it.
    const sample = (seed: number): CalibrationSample[] => {
      const z = normals(seed);
      return Array.from({ length: 20000 }, () => ({ actual: 100 + 7 * z(), mean: 100, sd: 5 }));
    };
    const calibrationSet = sample(3);
    const fresh = sample(5);
    for (const level of [0.9, 0.95, 0.99]) {
      const fitted = fitQuantileLevel(calibrationSet, 'normal', level);
      expect(fitted).toBeGreaterThan(level);
      const table: CalibrationTable = { ...NOMINAL, smooth: { ...NOMINAL.smooth, stepLevel: { p90: fitted, p95: fitted, p99: fitted } } };
      const q = calibrateForecast([100], [5], 'smooth', table).quantiles.p90[0];
      const coverage = fresh.filter((s) => s.actual <= q).length / fresh.length;
      expect(Math.abs(coverage - level)).toBeLessThan(level === 0.99 ? 0.003 : 0.007);
    }
  });

  it('the 4-step total covers its level when the steps share the stated error correlation', () => {
    // Step errors e_i = σ(√ρ·c + √(1−ρ)·u_i) with a common c: correlation ρ = 0.3 between steps.
    const rho = 0.3;
    const sigma = [4, 5, 6, 7];
    const mean = [50, 50, 50, 50];
    const table: CalibrationTable = { ...NOMINAL, smooth: { ...NOMINAL.smooth, stepCorrelation: rho } };
    const total = calibrateForecast(mean, sigma, 'smooth', table).total;
    const z = normals(17);
    const totals = Array.from({ length: 20000 }, () => {
      const common = z();
      return sigma.reduce((sum, s, i) => sum + mean[i] + s * (Math.sqrt(rho) * common + Math.sqrt(1 - rho) * z()), 0);
    });
    const cover = (x: number) => totals.filter((t) => t <= x).length / totals.length;
    expect(Math.abs(cover(total.p90) - 0.9)).toBeLessThan(0.007);
    expect(Math.abs(cover(total.p95) - 0.95)).toBeLessThan(0.005);
    expect(Math.abs(cover(total.p99) - 0.99)).toBeLessThan(0.003);
  });
});
