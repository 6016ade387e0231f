import { CheckResult, guardStep, GuardState, initialGuardState, worstCaseDetectionMs } from './guard-state';
import { parseConfig } from '../config/config.schema';

const ok = (atMs: number): CheckResult => ({ ok: true, detail: 'HTTP 200', atMs });
const bad = (atMs: number): CheckResult => ({ ok: false, detail: 'HTTP 503', atMs });

function feed(checks: CheckResult[], thresholds?: { failureThreshold: number; recoveryThreshold: number }) {
  let state: GuardState = initialGuardState();
  const actions = [];
  for (const c of checks) {
    const step = guardStep(state, c, thresholds);
    state = step.state;
    actions.push(step.action.type);
  }
  return { state, actions };
}

describe('guardStep', () => {
  it('opens an incident on the third consecutive failure, once', () => {
    const { state, actions } = feed([ok(0), bad(1), bad(2), bad(3), bad(4), bad(5)]);
    expect(actions).toEqual(['none', 'failure-noted', 'failure-noted', 'open-incident', 'incident-continues', 'incident-continues']);
    expect(state).toMatchObject({ phase: 'incident', consecutiveFailures: 5, incidentOpenedAtMs: 3 });
  });

  it('hands the three failures to the open action', () => {
    let state = initialGuardState();
    let action;
    for (const c of [bad(10), bad(20), bad(30)]) ({ state, action } = guardStep(state, c));
    expect(action).toEqual({ type: 'open-incident', failures: [bad(10), bad(20), bad(30)] });
  });

  it('starts counting again after a success in between', () => {
    expect(feed([bad(1), bad(2), ok(3), bad(4), bad(5)]).actions).toEqual(['failure-noted', 'failure-noted', 'none', 'failure-noted', 'failure-noted']);
  });

  it('closes the incident on recovery with its duration', () => {
    let state = initialGuardState();
    for (const c of [bad(1000), bad(2000), bad(3000), bad(4000)]) state = guardStep(state, c).state;
    const step = guardStep(state, ok(9000));
    expect(step.action).toEqual({ type: 'close-incident', openedAtMs: 3000, durationMs: 6000 });
    expect(step.state).toEqual(initialGuardState());
  });

  it('waits for the recovery threshold of successes when it is above one', () => {
    const { actions } = feed([bad(1), bad(2), ok(3), bad(4), ok(5), ok(6)], { failureThreshold: 2, recoveryThreshold: 2 });
    expect(actions).toEqual(['failure-noted', 'open-incident', 'incident-continues', 'incident-continues', 'incident-continues', 'close-incident']);
  });
});

describe('worstCaseDetectionMs', () => {
  it('is (N - 1) intervals + N timeouts from the first failed check, one interval more from the fault', () => {
    expect(worstCaseDetectionMs(300_000, 10_000)).toEqual({ fromFirstFailedCheck: 630_000, fromFault: 930_000 });
    expect(worstCaseDetectionMs(1000, 500, 3)).toEqual({ fromFirstFailedCheck: 3500, fromFault: 4500 });
  });

  it("is under the plan's 3 minutes with the default GUARD_INTERVAL and GUARD_TIMEOUT (30 s, 10 s → 3 · 40 s = 120 s)", () => {
    const config = parseConfig({});
    expect([config.GUARD_INTERVAL, config.GUARD_TIMEOUT]).toEqual([30, 10]);
    expect(worstCaseDetectionMs(config.GUARD_INTERVAL * 1000, config.GUARD_TIMEOUT * 1000)).toEqual({ fromFirstFailedCheck: 90_000, fromFault: 120_000 });
  });
});
