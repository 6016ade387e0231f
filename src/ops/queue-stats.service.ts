import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { JOBS_QUEUE } from '../jobs/job-queue';
import { REDIS_CONNECTION } from '../jobs/redis-connection';
import type { QueueCounts } from './health-verdicts';

/** The BullMQ queues ops watches (today every job goes through one queue). */
export const WATCHED_QUEUES = [JOBS_QUEUE];

/**
 * Job counts per BullMQ queue (Queue.getJobCounts), on the shared Redis connection; nothing in
 * in-process mode (no REDIS_URL), where there is no queue to look into from outside.
 */
@Injectable()
export class QueueStatsService implements OnModuleDestroy {
  private queues?: Queue[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis?: Redis,
  ) {}

  get configured(): boolean {
    return this.redis !== undefined;
  }

  async counts(timeoutMs = 1500): Promise<{ queue: string; counts: QueueCounts & { completed: number } }[]> {
    if (!this.redis) return [];
    this.queues ??= WATCHED_QUEUES.map((name) => new Queue(name, { connection: this.redis!, prefix: this.config.QUEUE_PREFIX }));
    return withTimeout(
      Promise.all(
        this.queues.map(async (q) => {
          const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children');
          return { queue: q.name, counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 } };
        }),
      ),
      timeoutMs,
    );
  }

  async onModuleDestroy(): Promise<void> {
    // The connection is shared (JobsModule closes it); closing a Queue leaves it open.
    await Promise.all((this.queues ?? []).map((q) => q.close().catch(() => undefined)));
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms).unref()))]).finally(() => clearTimeout(timer));
}
