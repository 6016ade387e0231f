import { adidaModel, aggregationLevel } from './adida';
import { fitSes } from './ses';

describe('ADIDA', () => {
  it('aggregates by the rounded mean inter-demand interval', () => {
    expect(aggregationLevel([0, 0, 3, 0, 5, 0, 0, 4])).toBe(3); // 8 / 3 = 2.67
    expect(aggregationLevel([1, 2, 3])).toBe(1);
    expect(aggregationLevel([0, 0, 0])).toBe(1);
  });

  it('buckets from the last observation and spreads the bucket forecast over its periods', () => {
    // 4 demands in 10 periods → k = round(2.5) = 3; buckets from the end: 2, 2, 2 (the leading 9
    // does not fill a bucket); SES on a constant → 2 per bucket → 2/3 per period.
    const f = adidaModel.fit([9, 0, 0, 2, 0, 0, 2, 0, 0, 2], { season: 12 }).predict(4);
    for (const v of f.mean) expect(v).toBeCloseTo(2 / 3, 9);
  });

  it('keeps at least three buckets', () => {
    // k would be 3 but 8 periods only make 2 buckets of 3 → k = 2: buckets 0, 3, 5, 4.
    const f = adidaModel.fit([0, 0, 3, 0, 5, 0, 0, 4], { season: 12 }).predict(1);
    expect(f.mean[0]).toBeCloseTo(fitSes([0, 3, 5, 4]).level / 2, 9);
  });

  it('widens the sd bucket by bucket', () => {
    const f = adidaModel.fit([0, 3, 0, 1, 0, 6, 0, 2, 0, 4, 0, 1], { season: 12 }).predict(6);
    expect(f.sd![0]).toBeGreaterThan(0);
    expect(f.sd![1]).toBe(f.sd![0]);
    expect(f.sd![2]).toBeGreaterThanOrEqual(f.sd![1]);
  });
});
