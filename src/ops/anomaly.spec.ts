import { AnomalyTracker, cooldownStep, errorRateAnomaly, latencyAnomaly, standardDeviation } from './anomaly';

/** 90 baseline samples alternating 90 and 110 ms (mean 100, σ 10), then 10 recent ones. */
const window = (recentMs: number) => [...Array.from({ length: 90 }, (_, i) => (i % 2 === 0 ? 90 : 110)), ...Array.from({ length: 10 }, () => recentMs)];

describe('latencyAnomaly', () => {
  it('has no verdict before the window holds 100 samples', () => {
    expect(latencyAnomaly(window(500).slice(1))).toBeNull();
  });

  it('compares the mean of the last 10 with 3 σ above the 90 before them', () => {
    // baseline mean 100, σ 10 → threshold 130 ms
    const quiet = latencyAnomaly(window(130))!;
    expect(quiet).toMatchObject({ anomalous: false, baselineMeanMs: 100, baselineSdMs: 10, thresholdMs: 130, recentMeanMs: 130 });
    expect(latencyAnomaly(window(131))!.anomalous).toBe(true);
  });

  it('ignores a faster block', () => {
    expect(latencyAnomaly(window(1))!.anomalous).toBe(false);
  });

  it('floors σ at 1 ms so a perfectly steady baseline does not flag a wobble', () => {
    const steady = [...Array(90).fill(50), ...Array(10).fill(52)];
    expect(latencyAnomaly(steady)).toMatchObject({ anomalous: false, thresholdMs: 53 });
    expect(latencyAnomaly([...Array(90).fill(50), ...Array(10).fill(54)])!.anomalous).toBe(true);
  });

  it('uses only the newest 100 samples', () => {
    // 50 very slow samples first, then a normal full window: no anomaly
    expect(latencyAnomaly([...Array(50).fill(10_000), ...window(100)])!.anomalous).toBe(false);
  });

  it('would never fire if the recent block were part of the baseline (why the baseline is the older 90)', () => {
    // 90 × 100 ms and 10 × 200 ms: over all 100, mean 110, σ 30, and 200 - 110 = 3 σ exactly.
    const all = [...Array(90).fill(100), ...Array(10).fill(200)];
    expect(standardDeviation(all)).toBe(30);
    expect(latencyAnomaly(all)!.anomalous).toBe(true);
  });
});

describe('errorRateAnomaly', () => {
  const outcomes = (failed: number, total = 20) => Array.from({ length: total }, (_, i) => i < failed);

  it('needs 20 requests', () => {
    expect(errorRateAnomaly(outcomes(19, 19))).toBeNull();
  });

  it('1 of 20 (5 %) is not above 5 %; 2 of 20 (10 %) is', () => {
    expect(errorRateAnomaly(outcomes(1))).toEqual({ anomalous: false, errors: 1, requests: 20, rate: 0.05 });
    expect(errorRateAnomaly(outcomes(2))).toEqual({ anomalous: true, errors: 2, requests: 20, rate: 0.1 });
  });

  it('counts only the newest 20', () => {
    expect(errorRateAnomaly([true, true, true, ...outcomes(0)])!.anomalous).toBe(false);
  });
});

describe('cooldownStep', () => {
  it('alerts the first time, suppresses within the cooldown, and reports the suppressed count next time', () => {
    let state = { lastAlertAtMs: null as number | null, suppressed: 0 };
    const first = cooldownStep(state, 1000, 60_000);
    expect(first).toMatchObject({ alert: true, suppressedBefore: 0 });
    state = first.next;
    for (const t of [2000, 30_000, 60_999]) {
      const step = cooldownStep(state, t, 60_000);
      expect(step.alert).toBe(false);
      state = step.next;
    }
    expect(cooldownStep(state, 61_000, 60_000)).toMatchObject({ alert: true, suppressedBefore: 3, next: { lastAlertAtMs: 61_000, suppressed: 0 } });
  });
});

describe('AnomalyTracker', () => {
  it('turns a storm of slow requests into one alert per cooldown', () => {
    const tracker = new AnomalyTracker({ cooldownMs: 60_000 });
    let t = 0;
    const baseline = window(100).slice(0, 90);
    for (const ms of baseline) expect(tracker.record('graphql', 'items', ms, true, (t += 100))).toEqual([]);
    const alerts = [];
    // 30 slow requests in 3 s: the window is full (and anomalous) from the 10th on; one alert
    for (let i = 0; i < 30; i++) alerts.push(...tracker.record('graphql', 'items', 1000, true, (t += 100)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'latency', source: 'graphql', subject: 'items', suppressedBefore: 0 });
    // after the cooldown, slower still: a second alert that says how many were suppressed
    const later = tracker.record('graphql', 'items', 100_000, true, t + 60_000);
    expect(later).toHaveLength(1);
    expect(later[0].suppressedBefore).toBeGreaterThan(0);
  });

  it('keeps series apart per subject and flags an error burst', () => {
    const tracker = new AnomalyTracker({ cooldownMs: 60_000 });
    for (let i = 0; i < 18; i++) tracker.record('job', 'forecast-sku', 10, true, i);
    expect(tracker.record('graphql', 'other-op', 10, false, 20)).toEqual([]);
    expect(tracker.record('job', 'forecast-sku', 10, false, 21)).toEqual([]);
    const alerts = tracker.record('job', 'forecast-sku', 10, false, 22);
    expect(alerts).toEqual([{ kind: 'error_rate', source: 'job', subject: 'forecast-sku', suppressedBefore: 0, details: { anomalous: true, errors: 2, requests: 20, rate: 0.1 } }]);
  });

  it('folds subjects beyond the limit into "other"', () => {
    const tracker = new AnomalyTracker({ cooldownMs: 1, maxSubjects: 2 });
    tracker.record('graphql', 'a', 1, true, 0);
    tracker.record('graphql', 'b', 1, true, 0);
    for (let i = 0; i < 19; i++) tracker.record('graphql', `c${i}`, 1, i > 16, 0);
    const alerts = tracker.record('graphql', 'zzz', 1, true, 0);
    expect(alerts.map((a) => a.subject)).toEqual(['other']);
  });
});
