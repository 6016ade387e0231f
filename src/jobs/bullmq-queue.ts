import { Queue } from 'bullmq';
import { JobQueue, QueuedJob } from './job-queue';

/** The BullMQ driver: jobs go to Redis; worker processes (any number, any machine) take them. */
export class BullMqQueue implements JobQueue {
  constructor(private readonly queue: Queue) {}

  async addBulk(jobs: readonly QueuedJob[]): Promise<void> {
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: {
          jobId: job.options.jobId,
          attempts: job.options.attempts ?? 1,
          backoff: { type: 'exponential', delay: job.options.backoffMs ?? 1000 },
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }
}
