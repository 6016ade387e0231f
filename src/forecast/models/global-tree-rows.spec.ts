import { xoshiro128ss } from '../../common/prng';
import { fromTarget, GLOBAL_TREE_MIN_HISTORY, positionOf, sampleOrigins, toTarget } from './global-tree-rows';

describe('global tree rows', () => {
  it('takes every origin from the minimum history on when there are few enough', () => {
    expect(Array.from(sampleOrigins(GLOBAL_TREE_MIN_HISTORY + 3, 10, xoshiro128ss(1)))).toEqual([12, 13, 14, 15]);
    expect(sampleOrigins(GLOBAL_TREE_MIN_HISTORY - 1, 10, xoshiro128ss(1))).toHaveLength(0);
  });

  it('samples at most the limit, distinct, ascending, within range', () => {
    const origins = Array.from(sampleOrigins(100, 8, xoshiro128ss(2)));
    expect(origins).toHaveLength(8);
    expect(new Set(origins).size).toBe(8);
    expect(origins).toEqual([...origins].sort((a, b) => a - b));
    expect(origins.every((o) => o >= 12 && o <= 100)).toBe(true);
  });

  it('encodes the label as log1p of the scaled demand and back', () => {
    expect(toTarget('log1p', Math.E - 1)).toBeCloseTo(1, 12);
    expect(toTarget('log1p', -3)).toBe(0); // demand below zero is read as none
    expect(fromTarget('log1p', Math.log(3))).toBeCloseTo(2, 12);
    expect(toTarget('ratio', -3)).toBe(-3);
  });

  it('counts the seasonal position back from the last value', () => {
    const info = { y: [1, 2, 3, 4, 5], position: 11 };
    expect(positionOf(info, 5)).toBe(11);
    expect(positionOf(info, 2)).toBe(8);
    expect(positionOf({ y: [1], position: undefined }, 1)).toBeUndefined();
  });
});
