import { classifyDemandPattern } from './demand-pattern';

describe('classifyDemandPattern', () => {
  it('calls a steady every-period series smooth', () => {
    const s = classifyDemandPattern([10, 11, 9, 10, 10, 12]);
    expect(s.pattern).toBe('smooth');
    expect(s.adi).toBe(1);
    expect(s.zeroShare).toBe(0);
  });

  it('calls frequent but wildly varying sizes erratic', () => {
    // sizes 1 and 9 alternating: mean 5, variance 16, CV² 0.64
    const s = classifyDemandPattern([1, 9, 1, 9, 1, 9]);
    expect(s.cv2).toBeCloseTo(0.64, 12);
    expect(s.pattern).toBe('erratic');
  });

  it('calls rare steady demand intermittent', () => {
    // 2 demands in 8 periods → ADI 4; sizes equal → CV² 0
    const s = classifyDemandPattern([0, 0, 0, 5, 0, 0, 0, 5]);
    expect(s.adi).toBe(4);
    expect(s.cv2).toBe(0);
    expect(s.zeroShare).toBe(0.75);
    expect(s.pattern).toBe('intermittent');
  });

  it('calls rare and varying demand lumpy', () => {
    expect(classifyDemandPattern([0, 0, 1, 0, 0, 20, 0, 0]).pattern).toBe('lumpy');
  });

  it('puts the ADI cut at 1.32: 1.25 is frequent, 1.333 is not', () => {
    expect(classifyDemandPattern([0, 1, 1, 1, 1]).pattern).toBe('smooth');
    expect(classifyDemandPattern([0, 1, 1, 1]).pattern).toBe('intermittent');
  });

  it('describes an all-zero history without NaN', () => {
    const s = classifyDemandPattern([0, 0, 0, 0]);
    expect(s).toEqual({ pattern: 'intermittent', adi: 4, cv2: 0, zeroShare: 1, nonZeroCount: 0 });
  });
});
