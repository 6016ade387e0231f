import { improvementOverBaselinePct, mase, maseScale, summarizeAccuracy } from './accuracy';

describe('summarizeAccuracy', () => {
  // forecasts 110, 90, 10, 50 against actuals 100, 100, 0, 40
  const points = [
    { forecast: 110, actual: 100, p50: 105, p90: 120, p95: 125, p99: 140 },
    { forecast: 90, actual: 100, p50: 95, p90: 99, p95: 110, p99: 130 },
    { forecast: 10, actual: 0, p50: 8, p90: 15, p95: 20, p99: 25 },
    { forecast: 50, actual: 40, p50: 45, p90: 60, p95: 70, p99: 80 },
  ];

  it('computes MAPE over non-zero actuals only and counts the skipped week', () => {
    const s = summarizeAccuracy(points);
    // |10|/100, |10|/100, |10|/40 → (0.1 + 0.1 + 0.25) / 3 = 0.15
    expect(s.mapePct).toBeCloseTo(15, 10);
    expect(s.mapeSkipped).toBe(1);
    expect(s.n).toBe(4);
  });

  it('computes WAPE, MAE and bias by hand', () => {
    const s = summarizeAccuracy(points);
    // Σ|e| = 10 + 10 + 10 + 10 = 40; Σa = 240 → 16.667 %
    expect(s.wapePct).toBeCloseTo((100 * 40) / 240, 10);
    expect(s.maeUnits).toBe(10);
    // Σe = 10 − 10 + 10 + 10 = 20 → mean 5 units, 20/240 = 8.333 %
    expect(s.biasUnits).toBe(5);
    expect(s.biasPct).toBeCloseTo((100 * 20) / 240, 10);
  });

  it('measures coverage as the share of actuals at or under each quantile', () => {
    const s = summarizeAccuracy(points);
    // p50: 100 ≤ 105 yes, 100 ≤ 95 no, 0 ≤ 8 yes, 40 ≤ 45 yes → 3/4
    expect(s.coverage.p50).toBe(0.75);
    // p90: yes, no (100 > 99), yes, yes → 3/4; p95 and p99: all → 1
    expect(s.coverage.p90).toBe(0.75);
    expect(s.coverage.p95).toBe(1);
    expect(s.coverage.p99).toBe(1);
  });

  it('leaves censored (stock-out) weeks out of every figure', () => {
    const s = summarizeAccuracy([...points, { forecast: 100, actual: 3, censored: true, p50: 1, p90: 2, p95: 2, p99: 2 }]);
    expect(s.censoredExcluded).toBe(1);
    expect(s.n).toBe(4);
    expect(s.mapePct).toBeCloseTo(15, 10);
    expect(s.coverage.p50).toBe(0.75);
  });

  it('returns nulls, not NaN, for an empty window', () => {
    const s = summarizeAccuracy([]);
    expect(s).toMatchObject({ n: 0, mapePct: null, wapePct: null, biasUnits: null });
    expect(s.coverage.p90).toBeNull();
  });
});

describe('maseScale and mase', () => {
  it('uses the seasonal-naive in-sample MAE when the history holds season + 4 values', () => {
    // season 2: pairs (y2−y0, y3−y1, y4−y2, y5−y3) = (2, 2, 2, 2) → MAE 2
    const scale = maseScale([1, 5, 3, 7, 5, 9], 2)!;
    expect(scale).toEqual({ kind: 'seasonal-naive', maeUnits: 2, pairs: 4 });
  });

  it('falls back to the naive (lag-1) MAE on a shorter history', () => {
    // 1→5→3→7: |4| + |2| + |4| = 10 over 3 pairs
    const scale = maseScale([1, 5, 3, 7], 52)!;
    expect(scale.kind).toBe('naive');
    expect(scale.maeUnits).toBeCloseTo(10 / 3, 12);
  });

  it('divides the window MAE by the scale and is undefined on a flat history', () => {
    expect(mase([{ forecast: 12, actual: 10 }, { forecast: 6, actual: 10 }], 2)).toBe(1.5); // (2 + 4)/2 / 2
    expect(mase([{ forecast: 12, actual: 10 }], 0)).toBeNull();
    expect(maseScale([3], 52)).toBeNull();
  });
});

describe('improvementOverBaselinePct', () => {
  it('is 1 − MAE_model / MAE_baseline on matched pairs', () => {
    const pairs = [
      { model: { forecast: 10, actual: 12 }, baseline: { forecast: 6, actual: 12 } },
      { model: { forecast: 9, actual: 8 }, baseline: { forecast: 12, actual: 8 } },
    ];
    // model Σ|e| = 3, baseline 10 → 70 % better
    expect(improvementOverBaselinePct(pairs)).toBeCloseTo(70, 10);
  });

  it('is negative when the model is worse', () => {
    expect(improvementOverBaselinePct([{ model: { forecast: 20, actual: 10 }, baseline: { forecast: 15, actual: 10 } }])).toBeCloseTo(-100, 10);
  });
});
