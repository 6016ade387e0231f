import { fitSelection, memberErrors, memberSubsets, ruleWeights, SkuValidation, validationOrigins, validationScale } from './member-selection';

function sku(windows: { actual: number[]; a: number[]; b: number[] }[], scale = 1): SkuValidation {
  return { pattern: 'smooth', scale, windows: windows.map((w) => ({ actual: w.actual, forecasts: { a: w.a, b: w.b } })) };
}

describe('member selection', () => {
  it('places origins one horizon apart, leaving the minimum before the earliest', () => {
    expect(validationOrigins(30, 4, 12, 3)).toEqual([{ origin: 26, length: 4 }, { origin: 22, length: 4 }, { origin: 18, length: 4 }]);
    expect(validationOrigins(18, 4, 12, 3)).toEqual([{ origin: 14, length: 4 }]);
    // Too short for a full window: one shorter window.
    expect(validationOrigins(14, 4, 12, 3)).toEqual([{ origin: 12, length: 2 }]);
    expect(validationOrigins(30, 4, 12, 0)).toEqual([]);
  });

  it('scales by the mean absolute seasonal difference, else lag 1, else 1', () => {
    expect(validationScale([1, 2, 3, 5, 4, 6], 2)).toBeCloseTo((2 + 3 + 1 + 1) / 4, 12);
    expect(validationScale([1, 2, 1, 2], 2)).toBeCloseTo(1, 12);
    expect(validationScale([7, 7, 7], 1)).toBe(1);
  });

  it('sums scaled absolute errors per member, optionally leaving one window out', () => {
    const v = sku([{ actual: [10, 10], a: [8, 13], b: [10, 10] }, { actual: [4, 4], a: [4, 5], b: [0, 0] }], 2);
    expect(memberErrors(v, ['a', 'b'])).toEqual({ a: { sum: (2 + 3 + 0 + 1) / 2, points: 4 }, b: { sum: 8 / 2, points: 4 } });
    expect(memberErrors(v, ['a'], 0)).toEqual({ a: { sum: 1 / 2, points: 2 } });
  });

  it('weights ∝ shrunk error^−power', () => {
    // a: own 6 over 4 points, prior 2, strength 4 → (6 + 8)/8 = 1.75; b: own 2 over 4, prior 1 → 0.75.
    const own = { a: { sum: 6, points: 4 }, b: { sum: 2, points: 4 } };
    const prior = { a: 2, b: 1 };
    const w1 = ruleWeights({ members: ['a', 'b'], power: 1, strength: 4 }, own, prior);
    expect(w1.a).toBeCloseTo((1 / 1.75) / (1 / 1.75 + 1 / 0.75), 12);
    const w2 = ruleWeights({ members: ['a', 'b'], power: 2, strength: 4 }, own, prior);
    expect(w2.a).toBeCloseTo(1.75 ** -2 / (1.75 ** -2 + 0.75 ** -2), 12);
    // Strength ∞: the pattern-level errors only → 1/2 and 1/1.
    const wInf = ruleWeights({ members: ['a', 'b'], power: 1, strength: Infinity }, own, prior);
    expect(wInf.a).toBeCloseTo(1 / 3, 12);
    // Power 0: equal.
    expect(ruleWeights({ members: ['a', 'b'], power: 0, strength: Infinity }, own, prior)).toEqual({ a: 0.5, b: 0.5 });
  });

  it('lists every non-empty subset, singletons first', () => {
    expect(memberSubsets(['a', 'b', 'c'])).toEqual([['a'], ['b'], ['c'], ['a', 'b'], ['a', 'c'], ['b', 'c'], ['a', 'b', 'c']]);
  });

  it('selects the single member that is best on every SKU, and a mix when the members err in opposite directions', () => {
    // Dominant: a is exact, b is off by 3 → a alone.
    const dominant = Array.from({ length: 30 }, () => sku([
      { actual: [5, 5], a: [5, 5], b: [8, 8] },
      { actual: [6, 6], a: [6, 6], b: [9, 9] },
      { actual: [7, 7], a: [7, 7], b: [4, 4] },
    ]));
    expect(fitSelection(dominant, () => ['a', 'b'], 2).smooth!.rule.members).toEqual(['a']);
    // Opposite: a is 2 too high, b 2 too low everywhere → their equal mix is exact.
    const opposite = Array.from({ length: 30 }, () => sku([
      { actual: [5, 5], a: [7, 7], b: [3, 3] },
      { actual: [6, 6], a: [8, 8], b: [4, 4] },
      { actual: [7, 7], a: [9, 9], b: [5, 5] },
    ]));
    const rule = fitSelection(opposite, () => ['a', 'b'], 2).smooth!.rule;
    expect(rule.members).toEqual(['a', 'b']);
    expect(ruleWeights(rule, memberErrors(opposite[0], ['a', 'b']), { a: 4, b: 4 })).toEqual({ a: 0.5, b: 0.5 });
  });

  it('keeps a member out of the distribution rule when asked', () => {
    const v = Array.from({ length: 30 }, () => sku([
      { actual: [5, 5], a: [5, 5], b: [8, 8] },
      { actual: [6, 6], a: [6, 6], b: [9, 9] },
    ]));
    const entry = fitSelection(v, () => ['a', 'b'], 2, undefined, 20, ['a']).smooth!;
    expect(entry.rule.members).toEqual(['a']);
    expect(entry.distributionRule!.members).toEqual(['b']);
  });

  it('chooses a single member for a pattern with too few SKUs, and leaves out patterns without any', () => {
    // Opposite errors again: the mix would be exact, but 5 SKUs are too few for combinations.
    const v = Array.from({ length: 5 }, () => sku([{ actual: [5], a: [6], b: [3] }]));
    const table = fitSelection(v, () => ['a', 'b'], 1);
    expect(table.smooth!.rule).toEqual({ members: ['a'], power: 0, strength: Infinity });
    expect(table.erratic).toBeUndefined();
    // With 30 lumpy SKUs where b is exact, the 5 smooth ones follow the pooled choice: b.
    const lumpy = Array.from({ length: 30 }, () => ({ ...sku([{ actual: [5], a: [9], b: [5] }]), pattern: 'lumpy' as const }));
    expect(fitSelection([...v, ...lumpy], () => ['a', 'b'], 1).smooth!.rule.members).toEqual(['b']);
  });
});
