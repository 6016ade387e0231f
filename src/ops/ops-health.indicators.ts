import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { eventLoopVerdict, modelAgeVerdict, queueVerdict, runFreshnessVerdict, Verdict } from './health-verdicts';
import { OpsSourcesService } from './ops-sources.service';
import { QueueStatsService, withTimeout } from './queue-stats.service';

const TIMEOUT_MS = 1500;

/**
 * The readiness indicators beyond the database and Redis. Each gathers its inputs (with a
 * timeout, so a hung dependency makes the indicator down instead of /health hang), hands them
 * to a verdict in health-verdicts.ts and reports up or down under its own name.
 */
@Injectable()
export class OpsHealthIndicators implements OnModuleDestroy {
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly sources: OpsSourcesService,
    private readonly queues: QueueStatsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  get queuesConfigured(): boolean {
    return this.queues.configured;
  }

  /** Backlog and failed jobs per BullMQ queue (all queues under the one key `queues`). */
  async queueBacklog(key = 'queues'): Promise<HealthIndicatorResult> {
    return this.judge(key, async () => {
      const all = await this.queues.counts(TIMEOUT_MS);
      const verdicts = all.map((q) => queueVerdict(q.queue, q.counts, { maxBacklog: this.config.HEALTH_QUEUE_MAX_BACKLOG, maxFailed: this.config.HEALTH_QUEUE_MAX_FAILED }));
      const failing = verdicts.filter((v) => !v.ok);
      return { ok: failing.length === 0, details: { ...Object.fromEntries(verdicts.map((v) => [String(v.details.queue), v.details])), ...(failing.length ? { message: failing.map((v) => `${v.details.queue}: ${v.details.message}`).join('; ') } : {}) } };
    });
  }

  /** The newest completed run is younger than HEALTH_RUN_MAX_AGE_HOURS. */
  async runFreshness(key = 'runFreshness'): Promise<HealthIndicatorResult> {
    return this.judge(key, async () => {
      const source = this.sources.runs();
      if (!source) return { ok: true, details: { note: 'no run source in this process' } };
      const [latest, lastCompletedAt] = await withTimeout(Promise.all([source.newestRun(), source.lastCompletedAt()]), TIMEOUT_MS);
      return runFreshnessVerdict({ lastCompletedAt: lastCompletedAt && new Date(lastCompletedAt), latestStartedAt: latest ? new Date(latest.startedAt) : null }, this.clock.now(), this.config.HEALTH_RUN_MAX_AGE_HOURS);
    });
  }

  /** The production model is younger than HEALTH_MODEL_MAX_AGE_DAYS. */
  async modelAge(key = 'modelAge'): Promise<HealthIndicatorResult> {
    return this.judge(key, async () => {
      const source = this.sources.models();
      if (!source) return { ok: true, details: { note: 'no model source in this process' } };
      return modelAgeVerdict(await withTimeout(source.productionModelTrainedAt(), TIMEOUT_MS), this.clock.now(), this.config.HEALTH_MODEL_MAX_AGE_DAYS);
    });
  }

  /** p99 event-loop delay since the previous check is under HEALTH_EVENT_LOOP_MAX_MS. */
  async eventLoop(key = 'eventLoop'): Promise<HealthIndicatorResult> {
    return this.judge(key, async () => {
      const p99Ms = this.loopDelay.count ? this.loopDelay.percentile(99) / 1e6 : 0;
      this.loopDelay.reset();
      return eventLoopVerdict(p99Ms, this.config.HEALTH_EVENT_LOOP_MAX_MS);
    });
  }

  private async judge(key: string, verdict: () => Promise<Verdict>): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      const v = await verdict();
      return v.ok ? check.up(v.details) : check.down(v.details);
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
