import { Logger } from '@nestjs/common';
import { InfraRetryPolicy, infraRetryPolicy, InfraRetryState, nextInfraRetry, RetryLaterError } from './infra-retry';
import { JobLike, JobQueue, QueuedJob } from './job-queue';

/**
 * The in-process driver: jobs run on this process with bounded concurrency, retried with
 * exponential backoff like BullMQ, and deduplicated by job id while the job is alive or kept
 * (like BullMQ's removeOnComplete window, here for the life of the process). A handler's
 * `RetryLaterError` (an infrastructure error) is retried with its own growing delay without
 * using an attempt, for the policy's window (infra-retry.ts) — the BullMQ driver's contract. Used by the
 * embedded mode (no REDIS_URL); the handlers are the same ones BullMQ runs.
 */
const KEEP_IDS_MS = 24 * 3600 * 1000;

export class InProcessDriver implements JobQueue {
  private readonly logger = new Logger(InProcessDriver.name);
  /** Job ids seen, with when: kept a day (like BullMQ's removeOnComplete age), then forgotten. */
  private readonly seen = new Map<string, number>();
  private readonly live = new Set<string>();
  private readonly waiting: QueuedJob[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly process: (job: JobLike) => Promise<unknown>,
    private readonly concurrency: number,
    private readonly infraRetry: InfraRetryPolicy = infraRetryPolicy(10),
  ) {}

  async addBulk(jobs: readonly QueuedJob[]): Promise<void> {
    this.forgetOldIds();
    for (const job of jobs) {
      if (this.seen.has(job.options.jobId)) continue;
      this.seen.set(job.options.jobId, Date.now());
      this.live.add(job.options.jobId);
      if (job.options.delayMs) {
        setTimeout(() => {
          this.waiting.push(job);
          this.pump();
        }, job.options.delayMs).unref();
      } else this.waiting.push(job);
    }
    this.pump();
  }

  private forgetOldIds(): void {
    if (this.seen.size < 10_000) return;
    const cutoff = Date.now() - KEEP_IDS_MS;
    for (const [id, at] of this.seen) if (at < cutoff && !this.live.has(id)) this.seen.delete(id);
  }

  async liveJobIds(jobIds: readonly string[]): Promise<Set<string>> {
    return new Set(jobIds.filter((id) => this.live.has(id)));
  }

  async liveCount(): Promise<number> {
    return this.live.size;
  }

  /** Resolves when no job is waiting or running (tests and the CLI wait on it). */
  onIdle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      // setImmediate lets the event loop serve HTTP between jobs.
      setImmediate(() => void this.run(job).finally(() => this.done(job)));
    }
  }

  private done(job: QueuedJob): void {
    this.live.delete(job.options.jobId);
    this.running--;
    this.pump();
    if (this.running === 0 && this.waiting.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async run(queued: QueuedJob): Promise<void> {
    const attempts = queued.options.attempts ?? 1;
    let infra: InfraRetryState | undefined;
    for (let attemptsMade = 0; attemptsMade < attempts; ) {
      try {
        await this.process({ id: queued.options.jobId, name: queued.name, data: queued.data, attemptsMade, opts: { attempts } });
        return;
      } catch (thrown) {
        let error = thrown;
        if (error instanceof RetryLaterError) {
          const next = nextInfraRetry(infra, Date.now(), this.infraRetry);
          if (next) {
            infra = next.state;
            this.logger.warn(`job ${queued.options.jobId}: infrastructure error, retry ${next.state.retries} in ${next.delayMs} ms (no attempt used): ${error.message}`);
            await new Promise((resolve) => setTimeout(resolve, next.delayMs));
            continue;
          }
          error = error.cause; // the window is over: an ordinary failed attempt
        }
        if (attemptsMade + 1 >= attempts) {
          this.logger.error(`job ${queued.options.jobId} failed after ${attempts} attempts: ${(error as Error).message}`);
          return;
        }
        const delay = (queued.options.backoffMs ?? 1000) * 2 ** attemptsMade;
        await new Promise((resolve) => setTimeout(resolve, delay));
        attemptsMade++;
      }
    }
  }
}
