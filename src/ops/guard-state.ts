/**
 * The ops guard's detection logic as a pure state machine: it takes one health-check result at a
 * time and says what to do. No timers, no I/O, no clock (the caller passes the time).
 *
 *   healthy --(failureThreshold consecutive failures)--> incident   action: open (rollback, alert, incident, issue)
 *   incident --(recoveryThreshold consecutive successes)--> healthy  action: close
 *
 * A failure below the threshold and further failures during an incident only add to the
 * timeline; the rollback runs once per incident, not once per failed check.
 */
export interface CheckResult {
  ok: boolean;
  /** What the check saw: `HTTP 503 (database down)`, `timeout after 10000 ms`. */
  detail: string;
  atMs: number;
}

export interface GuardState {
  phase: 'healthy' | 'incident';
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** The failures that led to the current incident (or are counting towards one). */
  failures: CheckResult[];
  incidentOpenedAtMs: number | null;
}

export type GuardAction =
  | { type: 'none' }
  | { type: 'failure-noted'; consecutiveFailures: number }
  | { type: 'open-incident'; failures: CheckResult[] }
  | { type: 'incident-continues'; check: CheckResult }
  | { type: 'close-incident'; openedAtMs: number; durationMs: number };

export interface GuardThresholds {
  failureThreshold: number;
  recoveryThreshold: number;
}

export const GUARD_DEFAULTS: GuardThresholds = { failureThreshold: 3, recoveryThreshold: 1 };

export const initialGuardState = (): GuardState => ({ phase: 'healthy', consecutiveFailures: 0, consecutiveSuccesses: 0, failures: [], incidentOpenedAtMs: null });

export function guardStep(state: GuardState, check: CheckResult, thresholds: GuardThresholds = GUARD_DEFAULTS): { state: GuardState; action: GuardAction } {
  if (state.phase === 'healthy') {
    if (check.ok) return { state: { ...state, consecutiveFailures: 0, consecutiveSuccesses: state.consecutiveSuccesses + 1, failures: [] }, action: { type: 'none' } };
    const failures = [...state.failures, check];
    const consecutiveFailures = state.consecutiveFailures + 1;
    if (consecutiveFailures >= thresholds.failureThreshold) {
      return { state: { phase: 'incident', consecutiveFailures, consecutiveSuccesses: 0, failures, incidentOpenedAtMs: check.atMs }, action: { type: 'open-incident', failures } };
    }
    return { state: { ...state, consecutiveFailures, consecutiveSuccesses: 0, failures }, action: { type: 'failure-noted', consecutiveFailures } };
  }
  if (!check.ok) {
    return { state: { ...state, consecutiveFailures: state.consecutiveFailures + 1, consecutiveSuccesses: 0 }, action: { type: 'incident-continues', check } };
  }
  const consecutiveSuccesses = state.consecutiveSuccesses + 1;
  if (consecutiveSuccesses >= thresholds.recoveryThreshold) {
    const openedAtMs = state.incidentOpenedAtMs ?? check.atMs;
    return { state: initialGuardState(), action: { type: 'close-incident', openedAtMs, durationMs: check.atMs - openedAtMs } };
  }
  return { state: { ...state, consecutiveSuccesses }, action: { type: 'incident-continues', check } };
}

/**
 * Worst-case time from the first failed check to the rollback: the failing check is at most one
 * interval after the fault; then `failureThreshold` checks, each of which may wait for its
 * timeout, separated by intervals. Failure at check 1, rollback after check N:
 *   detection ≤ interval (until the first check sees it) + (N - 1) · interval + N · timeout
 * With the defaults (30 s interval, 10 s timeout, N = 3): ≤ 30 + 60 + 30 = 120 s worst case
 * (= N · (interval + timeout)), 60 + 30 = 90 s from the first failed check.
 */
export function worstCaseDetectionMs(intervalMs: number, timeoutMs: number, failureThreshold = GUARD_DEFAULTS.failureThreshold): { fromFault: number; fromFirstFailedCheck: number } {
  const fromFirstFailedCheck = (failureThreshold - 1) * intervalMs + failureThreshold * timeoutMs;
  return { fromFault: intervalMs + fromFirstFailedCheck, fromFirstFailedCheck };
}
