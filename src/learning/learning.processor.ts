import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import './learning.jobs';
import { LearningService } from './learning.service';
import { LoopAdjustmentsService } from './loop-adjustments.service';

/** Registers the learning job's handler: it only calls the service. */
@Injectable()
export class LearningProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly learning: LearningService,
    private readonly loop: LoopAdjustmentsService,
  ) {}

  onModuleInit(): void {
    // After the weekly pass's drift rule: level adjustments and the learned calibration (loop-adjustments.service.ts).
    this.registry.register('learning-weekly', async () => {
      await this.learning.weeklyPass();
      await this.loop.weeklyPass();
    });
  }
}
