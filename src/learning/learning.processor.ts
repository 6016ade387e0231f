import { Injectable, OnModuleInit } from '@nestjs/common';
import { isFinalAttempt } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import './learning.jobs';
import { LearningService } from './learning.service';

/** Registers the learning jobs' handlers: they only call the service. */
@Injectable()
export class LearningProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly learning: LearningService,
  ) {}

  onModuleInit(): void {
    this.registry.register('learning-weekly', () => this.learning.weeklyPass());
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
