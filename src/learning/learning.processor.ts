import { Injectable, OnModuleInit } from '@nestjs/common';
import { isFinalAttempt } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import './learning.jobs';
import './loop.jobs';
import { LearningService } from './learning.service';
import { LoopAdjustmentsService } from './loop-adjustments.service';

/** Registers the learning jobs' handlers: they only call the service. */
@Injectable()
export class LearningProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly learning: LearningService,
    private readonly loop: LoopAdjustmentsService,
  ) {}

  onModuleInit(): void {
    // Then the loop (level adjustments, learned calibration: loop-adjustments.service.ts) as its own job.
    this.registry.register('learning-weekly', async (job) => {
      await this.learning.weeklyPass();
      await this.loop.enqueueWeekly(job.data.week);
    });
    this.registry.register('learning-loop', () => this.loop.weeklyPass());
    this.registry.register('reevaluate-sku', (job) => this.learning.reevaluateSku(job.data.itemId, job.data.day));
    this.registry.register('retrain-model', async (job) => {
      try {
        await this.learning.retrainModel(job.data.name, job.data.requestedBy, job.data.reasons);
      } catch (error) {
        // The last attempt's failure is an incident (alerted); the production model stays as it was.
        if (isFinalAttempt(job)) await this.learning.retrainFailed(job.data.name, `${(error as Error).message} (after ${job.attemptsMade + 1} attempts)`);
        throw error;
      }
    });
  }
}
