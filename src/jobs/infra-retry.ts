/**
 * Retrying a job through an outage (database or Redis unreachable) without using its attempts.
 *
 * A handler signals "not my fault, try again later" by throwing `RetryLaterError` (the cycle's
 * processor wraps the errors `cycle/infrastructure-error.ts` classifies). Both drivers then put
 * the job back with a growing delay — 2 s, 4 s, 8 s, … capped at 30 s — without counting an
 * attempt, for as long as `INFRA_RETRY_MAX_MINUTES` from the job's first such error. Past that
 * window the error counts as an ordinary failed attempt (and the supervisor re-enqueues what is
 * left). The math here is pure: no Nest, no BullMQ, no clock — times are passed in.
 */
export class RetryLaterError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RetryLaterError';
  }
}

export interface InfraRetryPolicy {
  /** First delay; doubles on every further retry. */
  firstDelayMs: number;
  /** Longest single delay. */
  maxDelayMs: number;
  /** How long after the job's first infrastructure error it is still retried without using an attempt. */
  windowMs: number;
}

/** Where a job stands: when its first infrastructure error happened and how many retries it had since. */
export interface InfraRetryState {
  since: number;
  retries: number;
}

export function infraRetryPolicy(maxMinutes: number): InfraRetryPolicy {
  return { firstDelayMs: 2000, maxDelayMs: 30_000, windowMs: maxMinutes * 60_000 };
}

/**
 * The delay before the next retry and the state to keep, or null when the window is over (the
 * error then counts as a failed attempt).
 */
export function nextInfraRetry(state: InfraRetryState | undefined, now: number, policy: InfraRetryPolicy): { delayMs: number; state: InfraRetryState } | null {
  const since = state?.since ?? now;
  const retries = state?.retries ?? 0;
  if (now - since >= policy.windowMs) return null;
  const delayMs = Math.min(policy.firstDelayMs * 2 ** Math.min(retries, 30), policy.maxDelayMs);
  return { delayMs, state: { since, retries: retries + 1 } };
}

/** The key under which the BullMQ driver keeps a job's InfraRetryState in the job's data. */
export const INFRA_RETRY_KEY = '__infraRetry';
