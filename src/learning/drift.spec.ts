import { detectDrift } from './drift';
import { welchTTest } from './welch';

const baseline = [0.5, 0.7, 0.6, 0.4, 0.5, 0.6, 0.7, 0.5, 0.4, 0.6, 0.5, 0.6];

describe('detectDrift', () => {
  it('flags drift when the last 4 weeks’ errors are clearly larger than weeks 5–16', () => {
    const v = detectDrift([...baseline, 2.0, 2.4, 1.8, 2.2]);
    expect(v.status).toBe('drift');
    if (v.status === 'insufficient') throw new Error('unreachable');
    // The same numbers as a Welch test of the two windows by hand.
    const r = welchTTest([2.0, 2.4, 1.8, 2.2], baseline);
    expect(v.t).toBeCloseTo(r.t, 12);
    expect(v.pGreater).toBeCloseTo(r.pGreater, 12);
    expect(v.recentMean).toBeCloseTo(2.1, 12);
    expect(v.pGreater).toBeLessThan(0.05);
  });

  it('uses only the 16 newest weeks: older weeks do not enter the baseline', () => {
    const old = [9, 9, 9, 9, 9];
    const a = detectDrift([...old, ...baseline, 2.0, 2.4, 1.8, 2.2]);
    const b = detectDrift([...baseline, 2.0, 2.4, 1.8, 2.2]);
    expect(a).toEqual(b);
  });

  it('does not flag errors that got smaller (one-sided: worse only)', () => {
    expect(detectDrift([...baseline.map((x) => x * 4), 0.1, 0.2, 0.1, 0.2]).status).toBe('stable');
  });

  it('does not flag noise of the same size', () => {
    expect(detectDrift([...baseline, 0.6, 0.5, 0.7, 0.4]).status).toBe('stable');
  });

  it('gives no verdict when censored or missing weeks leave too few errors', () => {
    expect(detectDrift([...baseline, 2, null, null, 2])).toEqual({ status: 'insufficient', recent: 2, baseline: 12 });
    expect(detectDrift([0.5, 0.4, 0.6, 2, 2, 2, 2]).status).toBe('insufficient');
  });
});
