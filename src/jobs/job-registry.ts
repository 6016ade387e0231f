import { Injectable } from '@nestjs/common';
import { JobLike, JobName, JobPayloads } from './job-queue';

export type JobHandler<N extends JobName> = (job: JobLike<JobPayloads[N]>) => Promise<unknown>;

/** A wrapper around every handler call (ops sets one: log context and job timings). */
export type JobInterceptor = (job: JobLike, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * Handlers by job name. Modules register theirs at start (`onModuleInit`); both drivers
 * dispatch through `run`, so a job name is handled the same way on BullMQ and in-process.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private interceptor?: JobInterceptor;

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.handlers.set(name, handler as JobHandler<never>);
  }

  run(job: JobLike): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler registered for job ${job.name}`);
    const call = () => handler(job as JobLike<never>);
    return this.interceptor ? this.interceptor(job, call) : call();
  }

  intercept(interceptor: JobInterceptor): void {
    this.interceptor = interceptor;
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }
}
