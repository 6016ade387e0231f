import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, CLOCK } from '../clock/clock';
import { runWatchVerdict } from './health-verdicts';
import { IncidentService } from './incident.service';
import { IncidentRow } from './ops.repository';
import { OpsSourcesService } from './ops-sources.service';

/**
 * The morning check (RUN_WATCH_CRON, 06:00 UTC): the night's run must have completed. A failed,
 * unfinished or missing run opens an incident (once per run, or per day for a missing one) and
 * alerts.
 */
@Injectable()
export class RunWatchService {
  private readonly logger = new Logger(RunWatchService.name);

  constructor(
    private readonly sources: OpsSourcesService,
    private readonly incidents: IncidentService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(): Promise<IncidentRow | null> {
    const source = this.sources.runs();
    if (!source) {
      this.logger.warn('run watch: no run source in this process; nothing checked');
      return null;
    }
    const now = this.clock.now();
    const newest = await source.newestRun();
    const latest = newest && { ...newest, startedAt: new Date(newest.startedAt) };
    const verdict = runWatchVerdict(latest, now);
    if (!verdict) return null;
    return this.incidents.open(verdict.kind, verdict.summary, latest ? { runId: latest.id ?? null, runKey: latest.runKey ?? null, status: latest.status, startedAt: latest.startedAt.toISOString() } : {}, { dedupeKey: verdict.dedupeKey, actor: 'run-watch' });
  }
}
