import { Forecaster, holdoutBacktest, holdoutSplit, normalQuantiles, walkForward, walkForwardOrigins, StepRecord } from './backtest';

const lastValue: Forecaster = {
  name: 'last',
  minHistory: () => 3,
  forecast: (train, h) => ({ mean: new Array(h).fill(train[train.length - 1]) }),
};
const breaksOnB: Forecaster = {
  name: 'fragile',
  minHistory: () => 1,
  forecast: (train, h) => {
    if (train[0] === 100) throw new Error('cannot fit');
    return { mean: new Array(h).fill(1) };
  },
};

describe('backtest', () => {
  it('holds out the last H values', () => {
    expect(holdoutSplit([1, 2, 3, 4, 5], 2)).toEqual({ train: [1, 2, 3], actual: [4, 5] });
    expect(holdoutSplit([1, 2], 2)).toBeNull();
  });

  it('lists rolling origins from the minimum training length', () => {
    expect(walkForwardOrigins(10, { horizon: 2, step: 3, minTrain: 4 })).toEqual([4, 7]);
    expect(() => walkForwardOrigins(10, { horizon: 2, step: 0, minTrain: 4 })).toThrow(/step/);
  });

  it('skips series too short for a model and records failures without stopping', () => {
    const series = [
      { id: 'a', values: [1, 2, 3, 4, 5, 6] },
      { id: 'b', values: [100, 2, 3, 4, 5, 6] },
      { id: 'short', values: [1, 2, 3] },
    ];
    const steps: StepRecord[] = [];
    const [last, fragile] = holdoutBacktest(series, [lastValue, breaksOnB], { horizon: 2, season: 1, onStep: (r) => steps.push(r), nowMs: () => 0 });
    expect(last.metrics.series).toBe(2);
    expect(last.skipped).toBe(1); // "short" has 1 training value, needs 3
    expect(fragile.failures).toEqual([{ seriesId: 'b', message: 'cannot fit' }]);
    expect(fragile.metrics.series).toBe(2);
    // Series a, model last: train [1..4], forecast 4 for actuals 5 and 6 (MAE 1.5, scale 1).
    expect(steps.filter((s) => s.seriesId === 'a' && s.model === 'last').map((s) => [s.step, s.forecast, s.actual])).toEqual([[1, 4, 5], [2, 4, 6]]);
    // Series b: scale (98 + 1 + 1) / 3.
    expect(last.metrics.mase).toBeCloseTo((1.5 + 1.5 / (100 / 3)) / 2, 10);
  });

  it('scores every origin of a walk-forward evaluation', () => {
    const [report] = walkForward([{ id: 'a', values: [1, 2, 3, 4, 5, 6, 7] }], [lastValue], { horizon: 1, step: 1, minTrain: 4, season: 1 });
    expect(report.metrics.series).toBe(3); // origins 4, 5, 6
    expect(report.metrics.mase).toBeCloseTo(1, 12);
  });

  it('turns a model sd into normal quantiles clipped at 0', () => {
    const q = normalQuantiles([10, 0], [1, 1], true);
    expect(q.p50).toEqual([10, 0]);
    expect(q.p90[0]).toBeCloseTo(11.2816, 4);
    expect(q.p99[1]).toBeCloseTo(2.3263, 4);
  });
});
