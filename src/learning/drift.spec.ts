import { detectDrift, DRIFT_RULE } from './drift';
import { welchTTest } from './welch';

const baseline = [0.5, 0.7, 0.6, 0.4, 0.5, 0.6, 0.7, 0.5, 0.4, 0.6, 0.5, 0.6];

describe('detectDrift', () => {
  it('is the rule the replay bench chose: Welch on ln(1 + e), p < 0.05, recent errors ≥ 2.5 × baseline', () => {
    expect(DRIFT_RULE).toEqual({ pValue: 0.05, transform: 'log1p', minRatio: 2.5 });
  });

  it('tests ln(1 + e): by hand on errors whose logs are whole numbers', () => {
    // Recent errors e² − 1, e² − 1, e³ − 1, e³ − 1 → logs 2, 2, 3, 3: mean 2.5, variance (4 · 0.25)/3 = 1/3.
    // Baseline e^0.5 − 1, e^1.5 − 1 six times each → logs mean 1, variance 12 · 0.25 / 11 = 3/11.
    // t = 1.5 / √((1/3)/4 + (3/11)/12) = 1.5 / √(1/12 + 1/44);
    // ν = (1/12 + 1/44)² / ((1/12)²/3 + (1/44)²/11).
    const E = Math.E;
    const recent = [E ** 2 - 1, E ** 2 - 1, E ** 3 - 1, E ** 3 - 1];
    const base = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? E ** 0.5 - 1 : E ** 1.5 - 1));
    const v = detectDrift([...base, ...recent]);
    if (v.status === 'insufficient') throw new Error('unreachable');
    expect(v.t).toBeCloseTo(1.5 / Math.sqrt(1 / 12 + 1 / 44), 10);
    expect(v.df).toBeCloseTo((1 / 12 + 1 / 44) ** 2 / ((1 / 12) ** 2 / 3 + (1 / 44) ** 2 / 11), 10);
    // Means of the errors themselves: (e² + e³)/2 − 1 and (e^0.5 + e^1.5)/2 − 1; ratio ≈ 12.737 / 2.065 ≈ 6.17.
    expect(v.recentMean).toBeCloseTo((E ** 2 + E ** 3) / 2 - 1, 10);
    expect(v.baselineMean).toBeCloseTo((E ** 0.5 + E ** 1.5) / 2 - 1, 10);
    expect(v.ratio).toBeCloseTo(6.1675, 3);
    expect(v.transform).toBe('log1p');
    expect(v.status).toBe('drift');
  });

  it('flags drift when the last 4 weeks’ errors are clearly larger than weeks 5–16', () => {
    const v = detectDrift([...baseline, 2.0, 2.4, 1.8, 2.2]);
    expect(v.status).toBe('drift');
    if (v.status === 'insufficient') throw new Error('unreachable');
    const r = welchTTest([2.0, 2.4, 1.8, 2.2].map(Math.log1p), baseline.map(Math.log1p));
    expect(v.t).toBeCloseTo(r.t, 12);
    expect(v.pGreater).toBeCloseTo(r.pGreater, 12);
    expect(v.recentMean).toBeCloseTo(2.1, 12);
    expect(v.baselineMean).toBeCloseTo(0.55, 12);
    expect(v.ratio).toBeCloseTo(2.1 / 0.55, 12);
  });

  it('needs a material rise: significant but under 2.5 × the baseline errors is no event', () => {
    // Recent mean 1.2 against 0.55: ratio 2.18 < 2.5, although p is tiny.
    const errors = [...baseline, 1.2, 1.3, 1.1, 1.2];
    const v = detectDrift(errors);
    if (v.status === 'insufficient') throw new Error('unreachable');
    expect(v.pGreater).toBeLessThan(0.001);
    expect(v.ratio).toBeCloseTo(1.2 / 0.55, 12);
    expect(v.status).toBe('stable');
    expect(detectDrift(errors, { minRatio: 2 }).status).toBe('drift');
  });

  it('the plan’s original rule is one setting: Welch on the errors themselves, any rise, p < 0.05', () => {
    const errors = [...baseline, 1.2, 1.3, 1.1, 1.2];
    const v = detectDrift(errors, { transform: 'none', minRatio: 1 });
    if (v.status === 'insufficient') throw new Error('unreachable');
    const r = welchTTest([1.2, 1.3, 1.1, 1.2], baseline);
    expect(v.t).toBeCloseTo(r.t, 12);
    expect(v.status).toBe('drift');
    // A bare number sets only the p threshold (the log test and the ratio stay).
    expect(detectDrift(errors, 0.01).status).toBe('stable');
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
    expect(detectDrift([...baseline, 0.6, 0.5, 0.7, 0.4], { transform: 'none', minRatio: 1 }).status).toBe('stable');
  });

  it('gives no verdict when censored or missing weeks leave too few errors', () => {
    expect(detectDrift([...baseline, 2, null, null, 2])).toEqual({ status: 'insufficient', recent: 2, baseline: 12 });
    expect(detectDrift([0.5, 0.4, 0.6, 2, 2, 2, 2]).status).toBe('insufficient');
  });
});
