import { adaptiveWeights, floorAndNormalise } from './weights';

describe('adaptiveWeights', () => {
  it('weights members by inverse backtest error before there are enough realized errors', () => {
    // errors 1, 2, 4 → inverse 1, 0.5, 0.25 (sum 1.75) → 4/7, 2/7, 1/7 (all above the floor)
    const w = adaptiveWeights({ members: ['a', 'b', 'c'], realizedErrors: { a: [1, 1] }, backtestErrors: { a: 1, b: 2, c: 4 } });
    expect(w.source).toBe('backtest');
    expect(w.weights.a).toBeCloseTo(4 / 7, 12);
    expect(w.weights.b).toBeCloseTo(2 / 7, 12);
    expect(w.weights.c).toBeCloseTo(1 / 7, 12);
    expect(w.inputs.b).toEqual({ error: 2, observations: 0 });
  });

  it('switches to the mean realized error once every member has enough observations', () => {
    // a: mean 0.5, b: mean 1.5 → inverse 2, 2/3 → 0.75, 0.25
    const realized = { a: [0.4, 0.6, 0.5, 0.5], b: [1, 2, 1.5, 1.5] };
    const w = adaptiveWeights({ members: ['a', 'b'], realizedErrors: realized, backtestErrors: { a: 9, b: 1 }, minObservations: 4 });
    expect(w.source).toBe('realized');
    expect(w.weights.a).toBeCloseTo(0.75, 12);
    expect(w.weights.b).toBeCloseTo(0.25, 12);
    expect(w.inputs.a).toEqual({ error: 0.5, observations: 4 });
  });

  it('holds the floor exactly and renormalises the others', () => {
    // errors 1, 1, 100 → raw 1, 1, 0.01: c pinned at 0.1, a and b share 0.9 → 0.45 each
    const w = adaptiveWeights({ members: ['a', 'b', 'c'], realizedErrors: {}, backtestErrors: { a: 1, b: 1, c: 100 } });
    expect(w.weights).toEqual({ a: 0.45, b: 0.45, c: 0.1 });
  });

  it('can be recomputed from the inputs it returns', () => {
    const w = adaptiveWeights({ members: ['x', 'y', 'z'], realizedErrors: { x: [1, 2, 3, 1, 2, 3, 1, 2], y: [5, 5, 5, 5, 5, 5, 5, 5], z: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }, backtestErrors: {} });
    const raw = Object.fromEntries(Object.entries(w.inputs).map(([m, i]) => [m, 1 / (i.error as number)]));
    expect(floorAndNormalise(raw, w.floor)).toEqual(w.weights);
    expect(Object.values(w.weights).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('gives a zero-error member half the smallest positive error instead of dividing by zero', () => {
    // errors 0 → 0.5 (half of 1), 1 → inverse 2, 1 → 2/3, 1/3
    const w = adaptiveWeights({ members: ['p', 'q'], realizedErrors: {}, backtestErrors: { p: 0, q: 1 } });
    expect(w.weights.p).toBeCloseTo(2 / 3, 12);
  });

  it('falls back to equal weights without any error', () => {
    expect(adaptiveWeights({ members: ['a', 'b'], realizedErrors: {}, backtestErrors: { a: 1 } })).toMatchObject({ source: 'equal', weights: { a: 0.5, b: 0.5 } });
  });
});

describe('floorAndNormalise', () => {
  it('pins members repeatedly until none is under the floor', () => {
    // raw 10, 1.2, 0.01. Pass 1: shares 0.892, 0.107, 0.001 → pin c. Pass 2: b = 1.2/11.2 · 0.9 = 0.0964 < 0.1 → pin b.
    const w = floorAndNormalise({ a: 10, b: 1.2, c: 0.01 }, 0.1);
    expect(w.a).toBeCloseTo(0.8, 12);
    expect([w.b, w.c]).toEqual([0.1, 0.1]);
  });
});
