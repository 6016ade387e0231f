import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of a shifted quadratic bowl', () => {
    const r = nelderMead((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2, [0, 0], { maxEvaluations: 2000, tolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(r.x[1]).toBeCloseTo(-1, 4);
  });

  it('minimises the Rosenbrock valley', () => {
    const r = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], {
      maxEvaluations: 5000,
      tolerance: 1e-16,
    });
    expect(r.value).toBeLessThan(1e-6);
  });

  it('stops at the evaluation budget', () => {
    const r = nelderMead((x) => x[0] ** 2, [10], { maxEvaluations: 7 });
    expect(r.evaluations).toBeLessThanOrEqual(9);
  });
});
