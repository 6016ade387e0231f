import { logGamma, regularizedIncompleteBeta, studentTCdf, welchTTest } from './welch';

describe('logGamma', () => {
  it('matches factorials and Γ(½) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches closed forms: I_x(1, 1) = x, I_x(2, 1) = x², I_x(1, b) = 1 − (1 − x)^b', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedIncompleteBeta(0.6, 2, 1)).toBeCloseTo(0.36, 12);
    expect(regularizedIncompleteBeta(0.2, 1, 3)).toBeCloseTo(1 - 0.8 ** 3, 12);
    expect(regularizedIncompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 12);
  });
});

describe('studentTCdf', () => {
  it('equals the Cauchy CDF for ν = 1 and the closed form for ν = 2', () => {
    for (const t of [-3, -0.4, 0, 1, 2.5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  // Critical values from the standard t table (upper-tail probability α).
  it.each([
    [12.706, 1, 0.975],
    [2.228, 10, 0.975],
    [1.812, 10, 0.95],
    [2.086, 20, 0.975],
    [2.845, 20, 0.995],
    [1.697, 30, 0.95],
    [2.042, 30, 0.975],
  ])('F(%f; ν = %d) = %f as in the t table', (t, df, p) => {
    expect(studentTCdf(t, df)).toBeCloseTo(p, 3);
  });

  it('approaches the normal CDF for large ν', () => {
    expect(studentTCdf(1.959964, 1e6)).toBeCloseTo(0.975, 5);
  });
});

describe('welchTTest', () => {
  it('computes t and the Welch–Satterthwaite ν by hand', () => {
    // A = 1,2,3,4: mean 2.5, s² = 5/3; B = 2,4,6,8,10,12: mean 7, s² = 14
    // sA²/nA = 5/12, sB²/nB = 14/6 = 7/3; SE² = 5/12 + 28/12 = 33/12 = 2.75
    const r = welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10, 12]);
    expect(r.meanA).toBe(2.5);
    expect(r.varianceA).toBeCloseTo(5 / 3, 12);
    expect(r.varianceB).toBeCloseTo(14, 12);
    expect(r.t).toBeCloseTo(-4.5 / Math.sqrt(2.75), 12);
    // ν = 2.75² / ((5/12)²/3 + (7/3)²/5) = 7.5625 / (0.0578704 + 1.0888889) = 6.5951
    expect(r.df).toBeCloseTo(7.5625 / ((5 / 12) ** 2 / 3 + (7 / 3) ** 2 / 5), 10);
    expect(r.pTwoSided).toBeCloseTo(2 * studentTCdf(r.t, r.df), 12);
    expect(r.pGreater).toBeCloseTo(1 - studentTCdf(r.t, r.df), 12);
  });

  it('gives the table p at a table t: t = 2.228 on ν = 10 is two-sided 0.05', () => {
    // Two samples of 6 with equal variance: ν = 10 exactly. A = B + d, s² = 3.5 each, SE = √(7/6).
    const b = [1, 2, 3, 4, 5, 6];
    const d = 2.228 * Math.sqrt(7 / 6);
    const r = welchTTest(b.map((x) => x + d), b);
    expect(r.df).toBeCloseTo(10, 10);
    expect(r.t).toBeCloseTo(2.228, 10);
    expect(r.pTwoSided).toBeCloseTo(0.05, 3);
    expect(r.pGreater).toBeCloseTo(0.025, 3);
  });

  it('handles constant samples and refuses samples of one', () => {
    expect(welchTTest([3, 3], [3, 3, 3]).pTwoSided).toBe(1);
    expect(welchTTest([5, 5], [3, 3, 3])).toMatchObject({ t: Infinity, pTwoSided: 0, pGreater: 0 });
    expect(() => welchTTest([1], [1, 2])).toThrow(RangeError);
  });
});
