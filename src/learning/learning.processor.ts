import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import './learning.jobs';
import { LearningService } from './learning.service';

/** Registers the learning job's handler: it only calls the service. */
@Injectable()
export class LearningProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly learning: LearningService,
  ) {}

  onModuleInit(): void {
    this.registry.register('learning-weekly', () => this.learning.weeklyPass());
  }
}
