/**
 * Anomaly detection on request latency and error rate. Pure: no Nest, no clock (callers pass
 * the time in milliseconds).
 *
 * Latency: a rolling window of the last 100 samples; the newest 10 are compared with the 90
 * before them. Why not with all 100: when the 10 newest are part of the baseline they pull its
 * mean and σ towards themselves, and a block of k = 10 samples out of n = 100 can then never lie
 * more than sqrt((n - k) / k) = 3 σ above the mean, however slow it is (a 10 % block shifted by
 * Δ moves the mean by 0.1 Δ and makes σ = Δ · sqrt(0.1 · 0.9) = 0.3 Δ: the gap 0.9 Δ is exactly
 * 3 σ). So the baseline is the 90 older samples of the window, and only slowness counts
 * (a faster block is good news).
 *
 * Error rate: of the last 20 requests, more than 5 % failed (that is, 2 or more).
 */

export interface LatencyVerdict {
  anomalous: boolean;
  /** Mean of the newest `recent` samples (ms). */
  recentMeanMs: number;
  /** Mean and population standard deviation of the older samples of the window (ms). */
  baselineMeanMs: number;
  baselineSdMs: number;
  /** baselineMean + sigmas · max(sd, minSd): the recent mean must exceed it. */
  thresholdMs: number;
}

export interface LatencyOptions {
  window: number;
  recent: number;
  sigmas: number;
  /**
   * Floor of σ (ms): a perfectly steady baseline (σ = 0) would flag a 0.1 ms wobble; with the
   * floor a block must be at least sigmas · minSd slower.
   */
  minSdMs: number;
}

export const LATENCY_DEFAULTS: LatencyOptions = { window: 100, recent: 10, sigmas: 3, minSdMs: 1 };

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}

/** Population standard deviation (divides by n). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / values.length);
}

/**
 * Judges the newest `recent` samples of a full window (oldest first). Returns null while the
 * window is not yet full: no verdict on too little data.
 */
export function latencyAnomaly(samplesMs: readonly number[], options: LatencyOptions = LATENCY_DEFAULTS): LatencyVerdict | null {
  if (samplesMs.length < options.window) return null;
  const window = samplesMs.slice(-options.window);
  const baseline = window.slice(0, window.length - options.recent);
  const recent = window.slice(-options.recent);
  const baselineMeanMs = mean(baseline);
  const baselineSdMs = standardDeviation(baseline);
  const recentMeanMs = mean(recent);
  const thresholdMs = baselineMeanMs + options.sigmas * Math.max(baselineSdMs, options.minSdMs);
  return { anomalous: recentMeanMs > thresholdMs, recentMeanMs, baselineMeanMs, baselineSdMs, thresholdMs };
}

export interface ErrorRateVerdict {
  anomalous: boolean;
  errors: number;
  requests: number;
  /** errors / requests, 0–1. */
  rate: number;
}

export interface ErrorRateOptions {
  requests: number;
  /** Anomalous when the rate is above this (0–1). */
  maxRate: number;
}

export const ERROR_RATE_DEFAULTS: ErrorRateOptions = { requests: 20, maxRate: 0.05 };

/** Judges the newest `requests` outcomes (true = failed, oldest first); null until there are that many. */
export function errorRateAnomaly(failures: readonly boolean[], options: ErrorRateOptions = ERROR_RATE_DEFAULTS): ErrorRateVerdict | null {
  if (failures.length < options.requests) return null;
  const last = failures.slice(-options.requests);
  const errors = last.filter(Boolean).length;
  const rate = errors / last.length;
  return { anomalous: rate > options.maxRate, errors, requests: last.length, rate };
}

/**
 * The cooldown that turns a storm into one alert: an anomaly alerts when the same key has not
 * alerted within `cooldownMs`; otherwise it only adds to the count of suppressed ones, which the
 * next alert reports.
 */
export interface CooldownState {
  lastAlertAtMs: number | null;
  suppressed: number;
}

export function cooldownStep(state: CooldownState, nowMs: number, cooldownMs: number): { alert: boolean; suppressedBefore: number; next: CooldownState } {
  if (state.lastAlertAtMs !== null && nowMs - state.lastAlertAtMs < cooldownMs) {
    return { alert: false, suppressedBefore: 0, next: { lastAlertAtMs: state.lastAlertAtMs, suppressed: state.suppressed + 1 } };
  }
  return { alert: true, suppressedBefore: state.suppressed, next: { lastAlertAtMs: nowMs, suppressed: 0 } };
}

export type AnomalyKind = 'latency' | 'error_rate';

export interface Anomaly {
  kind: AnomalyKind;
  /** What was measured: `graphql`, `job`. */
  source: string;
  /** The operation or job name. */
  subject: string;
  details: LatencyVerdict | ErrorRateVerdict;
  /** Anomalies of this key suppressed by the cooldown since its previous alert. */
  suppressedBefore: number;
}

interface Series {
  latenciesMs: number[];
  failures: boolean[];
  cooldown: Record<AnomalyKind, CooldownState>;
}

export interface AnomalyTrackerOptions {
  cooldownMs: number;
  latency?: LatencyOptions;
  errorRate?: ErrorRateOptions;
  /** Most distinct subjects kept per source; further ones share the subject `other`. */
  maxSubjects?: number;
}

/**
 * Rolling windows per (source, subject) and the cooldown per (source, subject, kind). `record`
 * returns the anomalies that should alert now (at most one per kind).
 */
export class AnomalyTracker {
  private readonly series = new Map<string, Series>();
  private readonly latency: LatencyOptions;
  private readonly errorRate: ErrorRateOptions;
  private readonly maxSubjects: number;

  constructor(private readonly options: AnomalyTrackerOptions) {
    this.latency = options.latency ?? LATENCY_DEFAULTS;
    this.errorRate = options.errorRate ?? ERROR_RATE_DEFAULTS;
    this.maxSubjects = options.maxSubjects ?? 200;
  }

  record(source: string, subject: string, durationMs: number, ok: boolean, nowMs: number): Anomaly[] {
    const key = this.keyFor(source, subject);
    const s = this.series.get(key.id)!;
    s.latenciesMs.push(durationMs);
    if (s.latenciesMs.length > this.latency.window) s.latenciesMs.shift();
    s.failures.push(!ok);
    if (s.failures.length > this.errorRate.requests) s.failures.shift();

    const found: Anomaly[] = [];
    const latency = latencyAnomaly(s.latenciesMs, this.latency);
    if (latency?.anomalous) this.alert(s, 'latency', nowMs, (suppressedBefore) => found.push({ kind: 'latency', source, subject: key.subject, details: latency, suppressedBefore }));
    const errors = errorRateAnomaly(s.failures, this.errorRate);
    if (errors?.anomalous) this.alert(s, 'error_rate', nowMs, (suppressedBefore) => found.push({ kind: 'error_rate', source, subject: key.subject, details: errors, suppressedBefore }));
    return found;
  }

  private alert(s: Series, kind: AnomalyKind, nowMs: number, emit: (suppressedBefore: number) => void): void {
    const step = cooldownStep(s.cooldown[kind], nowMs, this.options.cooldownMs);
    s.cooldown[kind] = step.next;
    if (step.alert) emit(step.suppressedBefore);
  }

  private keyFor(source: string, subject: string): { id: string; subject: string } {
    let id = `${source}\u0000${subject}`;
    if (!this.series.has(id)) {
      const subjects = [...this.series.keys()].filter((k) => k.startsWith(`${source}\u0000`)).length;
      if (subjects >= this.maxSubjects) {
        subject = 'other';
        id = `${source}\u0000other`;
      }
    }
    if (!this.series.has(id)) {
      this.series.set(id, { latenciesMs: [], failures: [], cooldown: { latency: { lastAlertAtMs: null, suppressed: 0 }, error_rate: { lastAlertAtMs: null, suppressed: 0 } } });
    }
    return { id, subject };
  }
}
