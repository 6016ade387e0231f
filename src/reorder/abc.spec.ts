import { classifyAbc, DEFAULT_ABC_THRESHOLDS } from './abc';

const item = (sku: string, annualValue: number) => ({ sku, annualValue });

describe('classifyAbc', () => {
  it('exports the 80 % / 95 % thresholds', () => {
    expect(DEFAULT_ABC_THRESHOLDS).toEqual({ aCumulativeShare: 0.8, bCumulativeShare: 0.95 });
  });

  it('classifies by the value share ranked before each item', () => {
    // total 100: share before each item 0, 50, 80, 90, 95, 98
    const result = classifyAbc([item('f', 2), item('a', 50), item('c', 10), item('b', 30), item('d', 5), item('e', 3)]);
    expect(result.map((r) => [r.sku, r.abcClass, r.rank])).toEqual([
      ['a', 'A', 1],
      ['b', 'A', 2],
      ['c', 'B', 3],
      ['d', 'B', 4],
      ['e', 'C', 5],
      ['f', 'C', 6],
    ]);
    expect(result[1].cumulativeShare).toBeCloseTo(0.8, 12);
    expect(result[5].cumulativeShare).toBeCloseTo(1, 12);
  });

  it('breaks ties by sku so the result does not depend on input order', () => {
    const forward = classifyAbc([item('x2', 10), item('x1', 10), item('x3', 10)]);
    const backward = classifyAbc([item('x3', 10), item('x1', 10), item('x2', 10)]);
    expect(forward.map((r) => r.sku)).toEqual(['x1', 'x2', 'x3']);
    expect(backward).toEqual(forward);
  });

  it('puts zero-value items in C, after every valued item, and all C when nothing has value', () => {
    const result = classifyAbc([item('z', 0), item('a', 100), item('n', -5)]);
    expect(result.map((r) => [r.sku, r.abcClass])).toEqual([
      ['a', 'A'],
      ['n', 'C'],
      ['z', 'C'],
    ]);
    expect(classifyAbc([item('a', 0), item('b', 0)]).every((r) => r.abcClass === 'C' && r.cumulativeShare === 0)).toBe(true);
  });

  it('honours custom thresholds and rejects invalid ones and duplicate skus', () => {
    const result = classifyAbc([item('a', 60), item('b', 40)], { aCumulativeShare: 0.6, bCumulativeShare: 1 });
    expect(result.map((r) => r.abcClass)).toEqual(['A', 'B']);
    expect(classifyAbc([item('big', 97), item('s1', 2), item('s2', 1)]).map((r) => r.abcClass)).toEqual(['A', 'C', 'C']);
    expect(() => classifyAbc([], { aCumulativeShare: 0.9, bCumulativeShare: 0.8 })).toThrow(RangeError);
    expect(() => classifyAbc([item('a', 1), item('a', 2)])).toThrow(/duplicate sku a/);
  });
});
