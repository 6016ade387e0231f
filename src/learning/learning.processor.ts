import { Injectable, OnModuleInit } from '@nestjs/common';
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
    this.registry.register('retrain-model', (job) => this.learning.retrainModel(job.data.name, job.data.requestedBy, job.data.reasons));
  }
}
