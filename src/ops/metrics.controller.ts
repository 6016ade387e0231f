import { Controller, Get, Header } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatGauges, Gauge } from './prometheus';

/**
 * `/metrics` for Prometheus: the state monitoring cares about, read from the database at scrape
 * time (so every API process reports the same numbers) plus this process's memory and uptime.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const [last]: { status: string; processed: number; total_skus: number; age_s: number; duration_s: number | null; failed: number | null }[] = await this.db.query(
      `SELECT status, processed, total_skus, extract(epoch FROM now() - started_at)::float8 AS age_s,
              extract(epoch FROM finished_at - started_at)::float8 AS duration_s, (stats->>'failed')::int AS failed
         FROM forecast_runs ORDER BY started_at DESC LIMIT 1`,
    );
    const recs: { priority: string; n: number }[] = await this.db.query(`SELECT priority, count(*)::int AS n FROM reorder_recommendations WHERE status = 'open' GROUP BY priority`);
    const pos: { status: string; n: number }[] = await this.db.query(`SELECT status, count(*)::int AS n FROM purchase_orders GROUP BY status`);
    const memory = process.memoryUsage();
    const gauges: Gauge[] = [
      { name: 'neuronexus_last_run_age_seconds', help: 'Seconds since the newest forecast run started.', samples: last ? [{ value: last.age_s }] : [] },
      { name: 'neuronexus_last_run_completed', help: '1 when the newest forecast run is completed.', samples: last ? [{ value: last.status === 'completed' ? 1 : 0 }] : [] },
      { name: 'neuronexus_last_run_progress_ratio', help: 'SKUs done / SKUs in the newest run.', samples: last ? [{ value: last.total_skus ? last.processed / last.total_skus : 1 }] : [] },
      { name: 'neuronexus_last_run_duration_seconds', help: 'Duration of the newest completed run.', samples: last?.duration_s != null ? [{ value: last.duration_s }] : [] },
      { name: 'neuronexus_last_run_failed_skus', help: 'SKUs whose forecast failed in the newest completed run.', samples: last?.failed != null ? [{ value: last.failed }] : [] },
      { name: 'neuronexus_open_recommendations', help: 'Recommendations waiting for a decision, by priority.', samples: ['urgent', 'high', 'medium', 'low'].map((p) => ({ labels: { priority: p }, value: recs.find((r) => r.priority === p)?.n ?? 0 })) },
      { name: 'neuronexus_purchase_orders', help: 'Purchase orders by status.', samples: ['pending_approval', 'approved', 'rejected', 'received'].map((s) => ({ labels: { status: s }, value: pos.find((p) => p.status === s)?.n ?? 0 })) },
      { name: 'neuronexus_process_resident_memory_bytes', help: 'Resident memory of this process.', samples: [{ value: memory.rss }] },
      { name: 'neuronexus_process_uptime_seconds', help: 'Uptime of this process.', samples: [{ value: process.uptime() }] },
    ];
    return formatGauges(gauges);
  }
}
