import { l2Objective, objectiveByName, poissonObjective, tweedieObjective } from './objectives';

/** Numerical derivative of an objective's loss for one row, at raw score f. */
function numericalDerivatives(objective: ReturnType<typeof objectiveByName>, y: number, f: number) {
  const h = 1e-4;
  const loss = (score: number) => objective.meanLoss([y], [score]);
  return {
    grad: (loss(f + h) - loss(f - h)) / (2 * h),
    hess: (loss(f + h) - 2 * loss(f) + loss(f - h)) / (h * h),
  };
}

describe('objectives', () => {
  const cases: [number, number][] = [
    [0, -1],
    [3, 0.5],
    [10, 2.5],
  ];

  it.each([
    ['l2', l2Objective],
    ['poisson', poissonObjective],
    ['tweedie 1.5', tweedieObjective(1.5)],
    ['tweedie 1.2', tweedieObjective(1.2)],
  ])('%s gradient is the derivative of its loss', (_name, objective) => {
    for (const [y, f] of cases) {
      const grad = new Float64Array(1);
      const hess = new Float64Array(1);
      objective.gradients([y], [f], grad, hess);
      const numeric = numericalDerivatives(objective, y, f);
      expect(grad[0]).toBeCloseTo(numeric.grad, 4);
      if (objective.name !== 'poisson') expect(hess[0]).toBeCloseTo(numeric.hess, 2);
    }
  });

  it('poisson inflates its hessian by e^0.7 (LightGBM max_delta_step) for safe Newton steps', () => {
    const grad = new Float64Array(1);
    const hess = new Float64Array(1);
    poissonObjective.gradients([2], [Math.log(3)], grad, hess);
    expect(grad[0]).toBeCloseTo(1, 12);
    expect(hess[0]).toBeCloseTo(3 * Math.exp(0.7), 12);
  });

  it('starts log-link objectives at the log of the mean and refuses negative targets', () => {
    expect(poissonObjective.initScore([1, 2, 3])).toBeCloseTo(Math.log(2), 12);
    expect(Number.isFinite(tweedieObjective(1.5).initScore([0, 0]))).toBe(true);
    expect(() => poissonObjective.initScore([1, -1])).toThrow(/non-negative/);
    expect(() => tweedieObjective(2.5)).toThrow(/variance power/);
  });
});
