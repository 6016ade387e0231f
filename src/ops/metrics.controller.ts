import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Clock, CLOCK } from '../clock/clock';
import { ReorderService } from '../reorder/reorder.service';
import { MetricsService } from './metrics.service';
import { OpsSourcesService } from './ops-sources.service';
import { QueueStatsService, withTimeout } from './queue-stats.service';

/**
 * `/metrics` for Prometheus (prom-client). Before rendering, the state every API process must
 * report alike is read at scrape time: open recommendations and POs through ReorderService, the
 * newest run through the run source, queue depth from BullMQ. A source that fails or is slow
 * leaves its gauges out of this scrape (logged), never the whole page.
 */
@Controller('metrics')
export class MetricsController {
  private readonly logger = new Logger(MetricsController.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly reorder: ReorderService,
    private readonly sources: OpsSourcesService,
    private readonly queues: QueueStatsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    await Promise.all([
      this.refresh('recommendations', async () => this.metrics.setOpenRecommendations(await this.reorder.openRecommendationCounts())),
      this.refresh('purchase orders', async () => this.metrics.setPurchaseOrders(await this.reorder.purchaseOrderCounts())),
      this.refresh('runs', async () => {
        const source = this.sources.runs();
        if (!source) return;
        const [latest, lastCompletedAt] = await Promise.all([source.newestRun(), source.lastCompletedAt()]);
        this.metrics.setRuns(latest, lastCompletedAt, this.clock.now());
      }),
      this.refresh('queues', async () => {
        for (const q of await this.queues.counts()) this.metrics.setQueueCounts(q.queue, q.counts);
      }),
    ]);
    res.setHeader('content-type', this.metrics.contentType);
    res.send(await this.metrics.render());
  }

  private async refresh(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await withTimeout(work(), 2000);
    } catch (error) {
      this.logger.warn(`metrics: ${what} not refreshed: ${(error as Error).message}`);
    }
  }
}
