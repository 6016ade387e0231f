/**
 * What ops (metrics, health, the run watch) reads of the nightly runs. Ops must not import the
 * cycle module (the cycle calls down into ops), so the cycle module provides this under
 * `RUN_STATUS_SOURCE` and ops depends only on this interface.
 */
export interface NewestRunStatus {
  /** Identify the run in incidents (the 06:00 run watch); optional for sources that lack them. */
  id?: string;
  runKey?: string;
  error?: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  processed: number;
  total: number;
  failed: number | null;
}

export interface RunStatusSource {
  /** The newest run, whatever its state (null before the first run). */
  newestRun(): Promise<NewestRunStatus | null>;
  /** The newest completed run's finish time (null when none completed). */
  lastCompletedAt(): Promise<Date | null>;
}

export const RUN_STATUS_SOURCE = Symbol('RUN_STATUS_SOURCE');
