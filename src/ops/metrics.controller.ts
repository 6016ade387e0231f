import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Clock, CLOCK } from '../clock/clock';
import { ReorderService } from '../reorder/reorder.service';
import { formatGauges, Gauge } from './prometheus';
import { RUN_STATUS_SOURCE, RunStatusSource } from './run-status.source';

/**
 * `/metrics` for Prometheus: the state monitoring cares about, read from the database at scrape
 * time (so every API process reports the same numbers) plus this process's memory and uptime.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(RUN_STATUS_SOURCE) private readonly runs: RunStatusSource,
    private readonly reorder: ReorderService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const [run, recCounts, poCounts] = await Promise.all([this.runs.newestRun(), this.reorder.openRecommendationCounts(), this.reorder.purchaseOrderCounts()]);
    const now = this.clock.now().getTime();
    const last = run && {
      status: run.status,
      processed: run.processed,
      total_skus: run.total,
      age_s: (now - new Date(run.startedAt).getTime()) / 1000,
      duration_s: run.finishedAt ? (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000 : null,
      failed: run.failed,
    };
    const recs = Object.entries(recCounts).map(([priority, n]) => ({ priority, n }));
    const pos = Object.entries(poCounts).map(([status, n]) => ({ status, n }));
    const memory = process.memoryUsage();
    const gauges: Gauge[] = [
      { name: 'neuronexus_last_run_age_seconds', help: 'Seconds since the newest forecast run started.', samples: last ? [{ value: last.age_s }] : [] },
      { name: 'neuronexus_last_run_completed', help: '1 when the newest forecast run is completed.', samples: last ? [{ value: last.status === 'completed' ? 1 : 0 }] : [] },
      { name: 'neuronexus_last_run_progress_ratio', help: 'SKUs done / SKUs in the newest run.', samples: last ? [{ value: last.total_skus ? last.processed / last.total_skus : 1 }] : [] },
      { name: 'neuronexus_last_run_duration_seconds', help: 'Duration of the newest completed run.', samples: last?.duration_s != null ? [{ value: last.duration_s }] : [] },
      { name: 'neuronexus_last_run_failed_skus', help: 'SKUs whose forecast failed in the newest completed run.', samples: last?.failed != null ? [{ value: last.failed }] : [] },
      { name: 'neuronexus_open_recommendations', help: 'Recommendations waiting for a decision, by priority.', samples: ['urgent', 'high', 'medium', 'low'].map((p) => ({ labels: { priority: p }, value: recs.find((r) => r.priority === p)?.n ?? 0 })) },
      { name: 'neuronexus_purchase_orders', help: 'Purchase orders by status.', samples: ['pending_approval', 'approved', 'rejected', 'received', 'superseded'].map((s) => ({ labels: { status: s }, value: pos.find((p) => p.status === s)?.n ?? 0 })) },
      { name: 'neuronexus_process_resident_memory_bytes', help: 'Resident memory of this process.', samples: [{ value: memory.rss }] },
      { name: 'neuronexus_process_uptime_seconds', help: 'Uptime of this process.', samples: [{ value: process.uptime() }] },
    ];
    return formatGauges(gauges);
  }
}
