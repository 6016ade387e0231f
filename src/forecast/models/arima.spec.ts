import { arimaForecast, arimaModel, differencingOrder, fitArima, kpssStatistic } from './arima';

/** Deterministic noise in (−0.5, 0.5): a linear congruential generator. */
function noise(n: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

describe('automatic ARIMA', () => {
  it('computes the KPSS statistic by hand: 1, −1, 1, −1 gives 0.5', () => {
    // partial sums 1, 0, 1, 0 → Σ S² = 2; 1 Newey–West lag: γ0 = 1, γ1 = −3/4 → σ²_LR = 1 + 2·½·(−¾) = 0.25
    expect(kpssStatistic([1, -1, 1, -1])).toBeCloseTo(2 / (16 * 0.25), 12);
  });

  it('differences a trend once and leaves noise alone', () => {
    const e = noise(80);
    expect(differencingOrder(e)).toBe(0);
    expect(differencingOrder(e.map((v, t) => 10 + 0.5 * t + v))).toBe(1);
  });

  it('forecasts ARIMA(1,1,0) by hand: φ 0.5, last difference 2, last value 10', () => {
    const f = arimaForecast({ d: 1, phi: [0.5], theta: [], constant: 0, sigma2: 4, w: [1, 2], residuals: [0, 0], x: [7, 8, 10] }, 3);
    // differences 1, 0.5, 0.25 → 11, 11.5, 11.75
    expect(f.mean).toEqual([11, 11.5, 11.75]);
    // ψ of 1/((1 − 0.5B)(1 − B)) = 1, 1.5, 1.75 → var 1, 3.25, 6.3125 (× σ² = 4)
    expect(f.sd[0]).toBeCloseTo(2, 12);
    expect(f.sd[1]).toBeCloseTo(2 * Math.sqrt(3.25), 12);
    expect(f.sd[2]).toBeCloseTo(2 * Math.sqrt(6.3125), 12);
  });

  it('recovers the coefficient of a stationary AR(1) and forecasts toward its mean', () => {
    const e = noise(400, 11);
    const y: number[] = [];
    let prev = 0;
    for (const v of e) y.push((prev = 0.7 * prev + v));
    const fit = fitArima(y.map((v) => v + 50));
    expect(fit.d).toBe(0);
    // the AICc may pick an ARMA; its one-step response (φ1 + θ1) is the AR(1)'s 0.7
    expect((fit.phi[0] ?? 0) + (fit.theta[0] ?? 0)).toBeCloseTo(0.7, 1);
    const f = arimaModel.fit(y.map((v) => v + 50), { season: 1 }).predict(60).mean;
    expect(Math.abs(f[59] - 50)).toBeLessThan(0.2);
  });
});
