import { COLD_START_CV_FLOOR, coldStartForecast } from './cold-start';

describe('coldStartForecast', () => {
  it('scales the peers’ level by the SKU’s own short history', () => {
    // peers over the last 4 weeks: mean 10 and 30 → level 20; own 5, 5 → scale 0.25 → 5 a week
    const f = coldStartForecast([5, 5], [[0, 0, 10, 10, 10, 10], [30, 30, 30, 30]], 3)!;
    expect(f.scale).toBeCloseTo(0.25, 12);
    expect(f.mean).toEqual([5, 5, 5]);
    expect(f.flag).toBe('cold_start');
    expect(f.peers).toBe(2);
  });

  it('keeps the interval wide: σ at least half the mean', () => {
    const f = coldStartForecast([10], [[10, 10, 10, 10]], 2)!;
    expect(f.mean[0]).toBe(10);
    expect(f.sd[0]).toBe(COLD_START_CV_FLOOR * 10);
  });

  it('uses the peers’ spread when it is wider', () => {
    // peer 0, 20, 0, 20: mean 10, population σ 10; scale 1 → σ 10 > 5
    const f = coldStartForecast([], [[0, 20, 0, 20]], 1)!;
    expect(f.sd[0]).toBeCloseTo(10, 12);
  });

  it('falls back to the own mean without peers and to nothing without either', () => {
    expect(coldStartForecast([4, 6], [], 1)).toMatchObject({ mean: [5], sd: [2.5], peers: 0 });
    expect(coldStartForecast([], [], 4)).toBeNull();
  });
});
