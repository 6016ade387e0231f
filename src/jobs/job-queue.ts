/**
 * One queue interface, two drivers (Twenty's message-queue idea): BullMQ on Redis in production,
 * in-process when REDIS_URL is not set. Producers only see this interface; the same processor
 * class runs behind either driver.
 */
export interface JobOptions {
  /** Deterministic id: adding a job whose id is already queued or done is a no-op. */
  jobId: string;
  attempts?: number;
  /** First retry delay; doubles on every further attempt (exponential backoff). */
  backoffMs?: number;
}

export interface QueuedJob<T = unknown> {
  name: string;
  data: T;
  options: JobOptions;
}

export interface JobQueue {
  addBulk(jobs: readonly QueuedJob[]): Promise<void>;
}

/** What a processor sees of a job: the subset of BullMQ's Job both drivers provide. */
export interface JobLike<T = unknown> {
  id?: string;
  name: string;
  data: T;
  attemptsMade: number;
  opts: { attempts?: number };
}

export const FORECAST_QUEUE = 'forecast';
export const FORECAST_JOB_QUEUE = Symbol('FORECAST_JOB_QUEUE');

/** True when this attempt is the last one the job gets (its failure is then final). */
export function isFinalAttempt(job: JobLike): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
