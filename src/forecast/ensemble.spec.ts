import { applyFloor, candidateModels, combineForecasts, inverseErrorWeights } from './ensemble';

describe('ensemble weights', () => {
  it('weights inversely to the validation error', () => {
    const w = inverseErrorWeights({ a: 1, b: 3 });
    expect(w.a).toBeCloseTo(0.75, 12);
    expect(w.b).toBeCloseTo(0.25, 12);
  });

  it('floors a poor model at 0.1 before renormalising', () => {
    // Raw shares 100/101 and 1/101; b raised to 0.1, then both divided by their sum.
    const w = inverseErrorWeights({ a: 1, b: 100 });
    const sum = 100 / 101 + 0.1;
    expect(w.a).toBeCloseTo(100 / 101 / sum, 12);
    expect(w.b).toBeCloseTo(0.1 / sum, 12);
  });

  it('gives the floor to a model whose error is not finite', () => {
    const w = inverseErrorWeights({ a: 2, b: Number.NaN });
    expect(w.b).toBeCloseTo(0.1 / 1.1, 12);
  });

  it('handles a perfect validation fit without dividing by zero', () => {
    const w = inverseErrorWeights({ a: 0, b: 1 });
    expect(w.a).toBeGreaterThan(w.b);
    expect(w.a + w.b).toBeCloseTo(1, 12);
  });

  it('restricts given weights to the members and gives missing ones the floor', () => {
    const w = applyFloor({ ets: 0.7, theta: 0.3, gone: 5 }, 0.1, ['ets', 'theta', 'croston']);
    expect(Object.keys(w).sort()).toEqual(['croston', 'ets', 'theta']);
    expect(w.ets).toBeCloseTo(0.7 / 1.1, 12);
    expect(w.croston).toBeCloseTo(0.1 / 1.1, 12);
  });

  it('picks candidates by demand pattern', () => {
    expect(candidateModels('lumpy', (n) => n !== 'global-tree')).toEqual(['tsb', 'ses', 'theta']);
    expect(candidateModels('smooth', (n) => n !== 'global-tree')).toContain('ets');
    expect(candidateModels('smooth', (n) => n !== 'global-tree')).not.toContain('global-tree');
  });

  it('combines members by weight', () => {
    const combined = combineForecasts(
      [{ name: 'a', mean: [10, 20], sd: [1, 2] }, { name: 'b', mean: [20, 40], sd: [3, 4] }],
      { a: 0.75, b: 0.25 },
      2,
    );
    expect(combined.mean).toEqual([12.5, 25]);
    expect(combined.sd).toEqual([1.5, 2.5]);
  });
});
