import { walkForwardMase } from './walk-forward';

describe('walkForwardMase', () => {
  // y = 1..10, season 1: the in-sample scale is the mean |Δy| = 1 for every origin.
  const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const last = (h: readonly number[], n: number) => new Array(n).fill(h[h.length - 1]);
  const drift = (h: readonly number[], n: number) => Array.from({ length: n }, (_, i) => h[h.length - 1] + i + 1);

  it('scores every forecaster on the same windows, origins horizon apart ending at the series end', () => {
    // origins 2, horizon 2: cut at 6 (history 1..6, actual 7, 8) and at 8 (history 1..8, actual 9, 10).
    // Naive last value: errors (1 + 2) / 2 = 1.5 in both windows → MASE 1.5; the drift is exact → 0.
    const r = walkForwardMase([y], { last, drift }, { origins: 2, horizon: 2, season: 1, minHistory: 4 });
    expect(r).toEqual({ windows: 2, mase: { last: 1.5, drift: 0 } });
  });

  it('skips windows with too short a history, an undefined scale or a forecaster that fails, for all alike', () => {
    const failsOnShort = (h: readonly number[], n: number) => {
      if (h.length < 8) throw new Error('too short');
      return last(h, n);
    };
    // The window cut at 6 fails for one forecaster, so it is dropped for both: one window, cut at 8.
    const r = walkForwardMase([y, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [1, 2]], { last, failsOnShort }, { origins: 2, horizon: 2, season: 1, minHistory: 4 });
    expect(r).toEqual({ windows: 1, mase: { last: 1.5, failsOnShort: 1.5 } });
    expect(walkForwardMase([[1, 2]], { last }, { origins: 1, horizon: 1, season: 1, minHistory: 4 })).toEqual({ windows: 0, mase: { last: null } });
  });
});
