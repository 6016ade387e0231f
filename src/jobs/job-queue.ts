/**
 * One queue interface, two drivers (Twenty's message-queue idea): BullMQ on Redis in production
 * (bullmq.driver.ts), in-process when REDIS_URL is not set (in-process.driver.ts). Producers see
 * only `JobQueue`; handlers are registered by typed job name in the `JobRegistry`, and the same
 * handler runs behind either driver.
 *
 * Job names and their payloads are declared by the module that owns them, by augmenting
 * `JobPayloads` (see src/cycle/cycle.jobs.ts):
 *
 *   declare module '../jobs/job-queue' { interface JobPayloads { 'forecast-sku': { runId: string; itemId: string } } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;

export interface JobOptions {
  /** Deterministic id: adding a job whose id is already waiting, running or kept is a no-op. */
  jobId: string;
  attempts?: number;
  /** First retry delay; doubles on every further attempt (exponential backoff). */
  backoffMs?: number;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
}

export interface QueuedJob<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  options: JobOptions;
}

/** What a handler sees of a job: the subset of BullMQ's Job both drivers provide. */
export interface JobLike<T = unknown> {
  id?: string;
  name: string;
  data: T;
  attemptsMade: number;
  opts: { attempts?: number };
}

export interface JobQueue {
  addBulk(jobs: readonly QueuedJob[]): Promise<void>;
  /** Ids (of those given) of jobs that are waiting, delayed or running — alive, not finished. */
  liveJobIds(jobIds: readonly string[]): Promise<Set<string>>;
  /** How many jobs of any name are waiting, delayed or running. */
  liveCount(): Promise<number>;
}

/** Builds a typed job (the name checks the payload). */
export function job<N extends JobName>(name: N, data: JobPayloads[N], options: JobOptions): QueuedJob<N> {
  return { name, data, options };
}

/** The BullMQ queue every job goes through (one queue, many job names). */
export const JOBS_QUEUE = 'forecast';
export const JOB_QUEUE = Symbol('JOB_QUEUE');

/** True when this attempt is the last one the job gets (its failure is then final). */
export function isFinalAttempt(job: JobLike): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
