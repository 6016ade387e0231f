import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { Anomaly, AnomalyTracker } from './anomaly';
import { MetricsService } from './metrics.service';
import { NotificationService } from './notification.service';
import { AnomalyRow, OPS_REPOSITORY, OpsRepository } from './ops.repository';

/**
 * Feeds request and job timings to the detectors (anomaly.ts) and stores and alerts what they
 * find, after the cooldown. Recording is synchronous and cheap; storing and alerting happen in
 * the background so a slow SMTP server never slows a request.
 */
@Injectable()
export class AnomalyService {
  private readonly logger = new Logger(AnomalyService.name);
  private readonly tracker: AnomalyTracker;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(OPS_REPOSITORY) private readonly repo: OpsRepository,
    private readonly notifications: NotificationService,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tracker = new AnomalyTracker({ cooldownMs: config.ANOMALY_COOLDOWN_SECONDS * 1000 });
  }

  /** One GraphQL operation's latency and outcome (the Apollo plugin calls it). */
  recordOperation(operation: string, durationMs: number, ok: boolean): Anomaly[] {
    return this.record('graphql', operation, durationMs, ok);
  }

  /** One per-SKU job's processing time and outcome (the cycle calls it for every SKU job). */
  recordJobDuration(durationMs: number, ok: boolean, job = 'forecast-sku'): Anomaly[] {
    this.metrics.observeJob(job, durationMs / 1000, ok);
    return this.record('job', job, durationMs, ok);
  }

  /** Resolves when every anomaly found so far is stored and alerted (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  list(first: number, after: { detectedAt: string; id: string } | null): Promise<AnomalyRow[]> {
    return this.repo.listAnomalies(first, after);
  }

  private record(source: string, subject: string, durationMs: number, ok: boolean): Anomaly[] {
    const found = this.tracker.record(source, subject, durationMs, ok, this.clock.now().getTime());
    for (const anomaly of found) {
      const work = this.store(anomaly).catch((e: Error) => this.logger.warn(`storing an anomaly failed: ${e.message}`));
      this.pending.add(work);
      void work.finally(() => this.pending.delete(work));
    }
    return found;
  }

  private async store(anomaly: Anomaly): Promise<void> {
    this.metrics.anomalyDetected(anomaly.kind, anomaly.source);
    const detectedAt = this.clock.now();
    const summary = describeAnomaly(anomaly);
    this.logger.warn(`anomaly: ${summary}`);
    await this.repo.insertAnomaly({ kind: anomaly.kind, source: anomaly.source, subject: anomaly.subject, details: { ...anomaly.details }, suppressedBefore: anomaly.suppressedBefore, detectedAt });
    await this.notifications.notice(`anomaly: ${summary}`, [summary, ...(anomaly.suppressedBefore ? [`${anomaly.suppressedBefore} more were suppressed by the cooldown since the previous alert`] : [])]);
  }
}

export function describeAnomaly(a: Anomaly): string {
  const d = a.details as unknown as Record<string, number>;
  return a.kind === 'latency'
    ? `${a.source} ${a.subject} slow: last 10 took ${d.recentMeanMs.toFixed(1)} ms on average, threshold ${d.thresholdMs.toFixed(1)} ms (baseline ${d.baselineMeanMs.toFixed(1)} ± ${d.baselineSdMs.toFixed(1)} ms)`
    : `${a.source} ${a.subject} failing: ${d.errors} of the last ${d.requests} failed (${(d.rate * 100).toFixed(0)} %)`;
}
