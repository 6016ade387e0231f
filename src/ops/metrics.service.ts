import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueCounts } from './health-verdicts';
import type { NewestRunStatus } from './run-status.source';

/** What the cycle reports when a run ends (the cycle calls `runFinished`). */
export interface RunFinishedStats {
  status: 'completed' | 'failed';
  durationMs: number;
  processed?: number;
  succeeded?: number;
  insufficientHistory?: number;
  failed?: number;
}

const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS_S = [5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const PRIORITIES = ['urgent', 'high', 'medium', 'low'];
const PO_STATUSES = ['pending_approval', 'approved', 'rejected', 'received', 'superseded'];

/**
 * The process's Prometheus registry (prom-client): default process metrics, request latency
 * histograms, and the counters the cycle and learning modules bump by calling the methods
 * below. Business gauges that every API process must agree on (open recommendations, POs, the
 * newest run, queue depth) are set from the database / Redis at scrape time by the controller.
 * One registry per app instance (not prom-client's global one), so test apps do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly http = new Histogram({ name: 'neuronexus_http_request_duration_seconds', help: 'HTTP request latency by route.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly graphql = new Histogram({ name: 'neuronexus_graphql_operation_duration_seconds', help: 'GraphQL operation latency by operation.', labelNames: ['operation', 'outcome'], buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly jobs = new Histogram({ name: 'neuronexus_job_duration_seconds', help: 'Job processing time by job name.', labelNames: ['job', 'outcome'], buckets: LATENCY_BUCKETS_S, registers: [this.registry] });
  private readonly runs = new Counter({ name: 'neuronexus_runs_total', help: 'Forecast runs finished in this process, by status.', labelNames: ['status'], registers: [this.registry] });
  private readonly runSkus = new Counter({ name: 'neuronexus_run_skus_total', help: 'SKUs of finished runs, by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  private readonly runDuration = new Histogram({ name: 'neuronexus_run_duration_seconds', help: 'Duration of finished forecast runs.', buckets: RUN_BUCKETS_S, registers: [this.registry] });
  private readonly retraining = new Counter({ name: 'neuronexus_retraining_total', help: 'Model retrainings, by result (promoted, kept, failed).', labelNames: ['result'], registers: [this.registry] });
  private readonly drift = new Counter({ name: 'neuronexus_drift_events_total', help: 'Drift detections, by kind.', labelNames: ['kind'], registers: [this.registry] });
  private readonly rollbacks = new Counter({ name: 'neuronexus_model_rollbacks_total', help: 'Production model rollbacks, by reason.', labelNames: ['reason'], registers: [this.registry] });
  private readonly mape = new Gauge({ name: 'neuronexus_mape_ratio', help: 'Realized MAPE of the production forecasts, by ABC class (0-1).', labelNames: ['abc_class'], registers: [this.registry] });
  private readonly anomalies = new Counter({ name: 'neuronexus_anomalies_total', help: 'Anomalies detected (after the cooldown), by kind and source.', labelNames: ['kind', 'source'], registers: [this.registry] });

  private readonly queueJobs = new Gauge({ name: 'neuronexus_queue_jobs', help: 'Jobs in a BullMQ queue, by state (read at scrape time).', labelNames: ['queue', 'state'], registers: [this.registry] });
  private readonly openRecommendations = new Gauge({ name: 'neuronexus_open_recommendations', help: 'Recommendations waiting for a decision, by priority.', labelNames: ['priority'], registers: [this.registry] });
  private readonly purchaseOrders = new Gauge({ name: 'neuronexus_purchase_orders', help: 'Purchase orders by status.', labelNames: ['status'], registers: [this.registry] });
  private readonly lastRunAge = new Gauge({ name: 'neuronexus_last_run_age_seconds', help: 'Seconds since the newest forecast run started.', registers: [this.registry] });
  private readonly lastRunCompleted = new Gauge({ name: 'neuronexus_last_run_completed', help: '1 when the newest forecast run is completed.', registers: [this.registry] });
  private readonly lastRunProgress = new Gauge({ name: 'neuronexus_last_run_progress_ratio', help: 'SKUs done / SKUs in the newest run.', registers: [this.registry] });
  private readonly lastRunDuration = new Gauge({ name: 'neuronexus_last_run_duration_seconds', help: 'Duration of the newest run, once finished.', registers: [this.registry] });
  private readonly lastRunFailed = new Gauge({ name: 'neuronexus_last_run_failed_skus', help: 'SKUs whose forecast failed in the newest finished run.', registers: [this.registry] });
  private readonly lastCompletedAge = new Gauge({ name: 'neuronexus_last_completed_run_age_seconds', help: 'Seconds since the newest completed run finished.', registers: [this.registry] });

  constructor() {
    // Standard names (process_cpu_seconds_total, nodejs_eventloop_lag_seconds, …) so stock dashboards work.
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  observeGraphql(operation: string, seconds: number, ok: boolean): void {
    this.graphql.observe({ operation, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  observeJob(job: string, seconds: number, ok: boolean): void {
    this.jobs.observe({ job, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** The cycle calls this when a run ends (completed or failed). */
  runFinished(stats: RunFinishedStats): void {
    this.runs.inc({ status: stats.status });
    this.runDuration.observe(stats.durationMs / 1000);
    if (stats.succeeded) this.runSkus.inc({ outcome: 'succeeded' }, stats.succeeded);
    if (stats.insufficientHistory) this.runSkus.inc({ outcome: 'insufficient_history' }, stats.insufficientHistory);
    if (stats.failed) this.runSkus.inc({ outcome: 'failed' }, stats.failed);
  }

  /** The learning module calls these. */
  retrainingFinished(result: 'promoted' | 'kept' | 'failed'): void {
    this.retraining.inc({ result });
  }

  driftDetected(kind: string): void {
    this.drift.inc({ kind });
  }

  modelRolledBack(reason: string): void {
    this.rollbacks.inc({ reason });
  }

  mapeByClass(values: Partial<Record<'A' | 'B' | 'C', number>>): void {
    for (const [abcClass, value] of Object.entries(values)) if (value !== undefined) this.mape.set({ abc_class: abcClass }, value);
  }

  anomalyDetected(kind: string, source: string): void {
    this.anomalies.inc({ kind, source });
  }

  // Scrape-time state, set by the metrics controller just before rendering.
  setQueueCounts(queue: string, counts: QueueCounts & { completed?: number }): void {
    for (const [state, n] of Object.entries(counts)) if (n !== undefined) this.queueJobs.set({ queue, state }, n);
  }

  setOpenRecommendations(byPriority: Record<string, number>): void {
    for (const p of PRIORITIES) this.openRecommendations.set({ priority: p }, byPriority[p] ?? 0);
  }

  setPurchaseOrders(byStatus: Record<string, number>): void {
    for (const s of PO_STATUSES) this.purchaseOrders.set({ status: s }, byStatus[s] ?? 0);
  }

  setRuns(latest: NewestRunStatus | null, lastCompletedAt: Date | null, now: Date): void {
    for (const g of [this.lastRunAge, this.lastRunCompleted, this.lastRunProgress, this.lastRunDuration, this.lastRunFailed, this.lastCompletedAge]) g.reset();
    if (latest) {
      const startedMs = new Date(latest.startedAt).getTime();
      this.lastRunAge.set((now.getTime() - startedMs) / 1000);
      this.lastRunCompleted.set(latest.status === 'completed' ? 1 : 0);
      this.lastRunProgress.set(latest.total ? latest.processed / latest.total : 1);
      if (latest.finishedAt) this.lastRunDuration.set((new Date(latest.finishedAt).getTime() - startedMs) / 1000);
      if (latest.failed !== null) this.lastRunFailed.set(latest.failed);
    }
    if (lastCompletedAt) this.lastCompletedAge.set((now.getTime() - new Date(lastCompletedAt).getTime()) / 1000);
  }
}
