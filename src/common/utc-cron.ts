import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/**
 * Registers a named cron (UTC) whose tick runs `task`; a tick that throws is logged as
 * "`what` failed", never left as an unhandled rejection. The one way every scheduler starts its
 * cron: crons are doors — `task` enqueues a job or calls a light service method.
 */
export function scheduleUtcCron(registry: SchedulerRegistry, logger: Logger, cron: { name: string; cronTime: string; what: string }, task: () => Promise<unknown>): void {
  const onTick = () => void task().catch((error: Error) => logger.error(`${cron.what} failed: ${error.stack ?? error.message}`));
  registry.addCronJob(cron.name, CronJob.from({ cronTime: cron.cronTime, timeZone: 'UTC', onTick, start: true }));
  logger.log(`${cron.what} scheduled: "${cron.cronTime}" UTC`);
}
