import { Queue } from 'bullmq';
import { JobQueue, QueuedJob } from './job-queue';

/** The BullMQ driver: jobs go to Redis; worker processes (any number, any machine) take them. */
export class BullMqDriver implements JobQueue {
  constructor(private readonly queue: Queue) {}

  async addBulk(jobs: readonly QueuedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: {
          jobId: job.options.jobId,
          attempts: job.options.attempts ?? 1,
          backoff: { type: 'exponential', delay: job.options.backoffMs ?? 1000 },
          delay: job.options.delayMs,
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  async liveJobIds(jobIds: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < jobIds.length; i += 500) {
      const chunk = jobIds.slice(i, i + 500);
      const states = await Promise.all(chunk.map((id) => this.queue.getJobState(id)));
      states.forEach((state, k) => {
        if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized' || state === 'waiting-children') live.add(chunk[k]);
      });
    }
    return live;
  }

  async liveCount(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }
}
