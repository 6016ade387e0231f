import type { Logger as PinoLogger } from 'pino';
import type { Clock } from '../clock/clock';
import type { AppConfig } from '../config/config.schema';
import { closeIssue, FiledIssue, fileIssue, GitHubTarget } from './github-issues';
import { CheckResult, guardStep, GuardState, initialGuardState } from './guard-state';
import type { IncidentService } from './incident.service';
import type { NotificationService } from './notification.service';
import type { IncidentEvent } from './ops.repository';
import { callRollbackWebhook, RollbackResult, runRollbackCommand } from './rollback';

/** One GET of HEALTH_URL: up on 2xx; down on anything else, naming the failing indicators when the body does. */
export async function checkHealth(url: string, timeoutMs: number, now: () => Date): Promise<CheckResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json', 'user-agent': 'neuronexus-guard' } });
    const text = await response.text();
    if (response.ok) return { ok: true, detail: `HTTP ${response.status}`, atMs: now().getTime() };
    let failing = '';
    try {
      const body = JSON.parse(text) as { error?: Record<string, { message?: string }> };
      if (body.error) failing = ` (${Object.entries(body.error).map(([name, v]) => (v?.message ? `${name}: ${v.message}` : name)).join('; ')})`;
    } catch {
      /* not Terminus JSON */
    }
    return { ok: false, detail: `HTTP ${response.status}${failing}`, atMs: now().getTime() };
  } catch (error) {
    const e = error as Error;
    return { ok: false, detail: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.message, atMs: now().getTime() };
  }
}

export interface GuardDeps {
  config: AppConfig;
  clock: Clock;
  logger: PinoLogger;
  notifications: NotificationService;
  /** Absent without a database: the guard still rolls back, alerts and files the issue. */
  incidents?: IncidentService;
}

/**
 * The ops guard: every GUARD_INTERVAL it GETs HEALTH_URL and feeds the result to the state
 * machine (guard-state.ts). When that says "open", it rolls back (ROLLBACK_COMMAND and/or
 * ROLLBACK_WEBHOOK_URL), opens an incident with the timeline (which alerts by e-mail and
 * Slack), and files a GitHub issue when GITHUB_TOKEN/GITHUB_REPO are set; "close" resolves the
 * incident and closes the issue. Checks never overlap: the next one is scheduled when the
 * previous one has been handled.
 */
export class OpsGuard {
  private state: GuardState = initialGuardState();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private current?: { incidentId?: string; issue?: FiledIssue; timeline: IncidentEvent[]; summary: string; details: Record<string, unknown>; alerted?: boolean };
  /** Detection-to-rollback times of this process's incidents (ms), for the log and the bench. */
  readonly rollbacks: { detectedAtMs: number; rollbackDoneAtMs?: number; result?: RollbackResult[] }[] = [];

  constructor(private readonly deps: GuardDeps) {}

  start(): void {
    const { HEALTH_URL, GUARD_INTERVAL, GUARD_TIMEOUT } = this.deps.config;
    if (!HEALTH_URL) throw new Error('HEALTH_URL: required for the guard');
    this.deps.logger.info({ url: HEALTH_URL, intervalS: GUARD_INTERVAL, timeoutS: GUARD_TIMEOUT }, 'ops guard watching');
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule(this.deps.config.GUARD_INTERVAL * 1000)), delayMs);
  }

  /** One check and what follows from it (exposed for tests). */
  async tick(): Promise<void> {
    const { HEALTH_URL, GUARD_TIMEOUT } = this.deps.config;
    const check = await checkHealth(HEALTH_URL!, GUARD_TIMEOUT * 1000, () => this.deps.clock.now());
    const { state, action } = guardStep(this.state, check);
    this.state = state;
    try {
      switch (action.type) {
        case 'failure-noted':
          this.deps.logger.warn({ detail: check.detail, consecutive: action.consecutiveFailures }, 'health check failed');
          break;
        case 'open-incident':
          await this.openIncident(action.failures);
          break;
        case 'incident-continues':
          if (!check.ok) await this.record({ at: iso(check.atMs), type: 'check_failed', message: check.detail });
          break;
        case 'close-incident':
          await this.closeIncident(action.durationMs);
          break;
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, `guard action ${action.type} failed`);
    }
  }

  private async openIncident(failures: CheckResult[]): Promise<void> {
    const { config, logger, clock } = this.deps;
    const detectedAtMs = clock.now().getTime();
    const summary = `health check failing: ${config.HEALTH_URL} (${failures.length} consecutive failures)`;
    const timeline: IncidentEvent[] = failures.map((f) => ({ at: iso(f.atMs), type: 'check_failed', message: f.detail }));
    logger.warn({ failures: failures.map((f) => f.detail) }, summary);

    // Rollback first: it is what shortens the outage; alerting and paperwork follow.
    const measured: (typeof this.rollbacks)[number] = { detectedAtMs };
    this.rollbacks.push(measured);
    const results = await this.rollback(summary, failures);
    const rollbackDoneAtMs = clock.now().getTime();
    Object.assign(measured, { rollbackDoneAtMs, result: results });
    for (const r of results) timeline.push({ at: iso(rollbackDoneAtMs), type: 'rollback', message: `${r.via}: ${r.ok ? 'done' : 'FAILED'} (${r.detail}, ${r.durationMs} ms)`, ...(r.output ? { data: { output: r.output } } : {}) });
    if (results.length === 0) timeline.push({ at: iso(rollbackDoneAtMs), type: 'rollback', message: 'no rollback configured (ROLLBACK_COMMAND / ROLLBACK_WEBHOOK_URL)' });

    const details = { healthUrl: config.HEALTH_URL, lastFailure: failures[failures.length - 1].detail, rollback: results.map((r) => `${r.via}: ${r.ok ? 'ok' : 'failed'} (${r.detail})`).join('; ') || 'none configured', detectionToRollbackMs: rollbackDoneAtMs - detectedAtMs };
    this.current = { timeline, summary, details };
    await this.ensureIncident();

    const github = this.github();
    if (github) {
      try {
        const issue = await fileIssue(github, {
          title: `[ops guard] ${summary}`,
          body: [`The ops guard found \`${config.HEALTH_URL}\` failing ${failures.length} times in a row.`, '', ...timeline.map((e) => `- ${e.at} **${e.type}**: ${e.message}`), '', this.current.incidentId ? `Incident id: ${this.current.incidentId}` : 'The incident could not be stored (database unreachable from the guard).'].join('\n'),
          labels: ['incident'],
        });
        this.current.issue = issue;
        await this.record({ at: clock.now().toISOString(), type: 'github_issue', message: `filed ${issue.url}` }, issue.url);
      } catch (error) {
        await this.record({ at: clock.now().toISOString(), type: 'github_issue', message: `filing failed: ${(error as Error).message}` });
      }
    }
  }

  private async closeIncident(durationMs: number): Promise<void> {
    const { clock, logger, notifications, incidents, config } = this.deps;
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    const message = `health check passing again after ${(durationMs / 1000).toFixed(1)} s`;
    logger.info(message);
    current.timeline.push({ at: clock.now().toISOString(), type: 'recovered', message });
    const github = this.github();
    if (github && current.issue) {
      await closeIssue(github, current.issue.number, `Recovered: ${message}.`).catch((e: Error) => logger.warn(`closing the GitHub issue failed: ${e.message}`));
    }
    if (incidents) {
      try {
        if (!current.incidentId) {
          // Opened while the database was unreachable: store it now, then close it.
          this.current = current;
          await this.ensureIncident();
          this.current = undefined;
        }
        if (current.incidentId) await incidents.resolve(current.incidentId, message);
      } catch (error) {
        logger.warn(`resolving the incident failed: ${(error as Error).message}`);
      }
    }
    await notifications.alert(`recovered: ${config.HEALTH_URL}`, [message, ...(current.incidentId ? [`incident id: ${current.incidentId}`] : [])]);
  }

  /** Stores the current incident if it is not stored yet (alerting then); alerts directly without a database. */
  private async ensureIncident(): Promise<void> {
    const current = this.current;
    if (!current || current.incidentId) return;
    const { incidents, notifications, logger } = this.deps;
    if (!incidents) {
      if (!current.alerted) {
        await notifications.alert(`incident: ${current.summary}`, [current.summary, ...current.timeline.map((e) => `${e.at} ${e.type}: ${e.message}`)]);
        current.alerted = true;
      }
      return;
    }
    try {
      const row = await incidents.open('health_check_failed', current.summary, current.details, { dedupeKey: `guard:${this.deps.config.HEALTH_URL}`, actor: 'ops-guard', timeline: current.timeline });
      current.incidentId = row.id;
    } catch (error) {
      logger.error(`storing the incident failed (retried on the next check): ${(error as Error).message}`);
      if (!current.alerted) {
        await notifications.alert(`incident: ${current.summary}`, [current.summary, `(not stored: ${(error as Error).message})`, ...current.timeline.map((e) => `${e.at} ${e.type}: ${e.message}`)]);
        current.alerted = true;
      }
    }
  }

  private async record(event: IncidentEvent, externalUrl?: string): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.ensureIncident();
    if (current.incidentId && this.deps.incidents) await this.deps.incidents.addEvent(current.incidentId, event.type, event.message, event.data, externalUrl);
    else current.timeline.push(event);
  }

  private async rollback(summary: string, failures: CheckResult[]): Promise<RollbackResult[]> {
    const { ROLLBACK_COMMAND, ROLLBACK_WEBHOOK_URL, ROLLBACK_TIMEOUT, HEALTH_URL } = this.deps.config;
    const results: RollbackResult[] = [];
    if (ROLLBACK_COMMAND) results.push(await runRollbackCommand(ROLLBACK_COMMAND, ROLLBACK_TIMEOUT * 1000));
    if (ROLLBACK_WEBHOOK_URL) results.push(await callRollbackWebhook(ROLLBACK_WEBHOOK_URL, { reason: summary, healthUrl: HEALTH_URL, failures: failures.map((f) => ({ at: iso(f.atMs), detail: f.detail })) }, ROLLBACK_TIMEOUT * 1000));
    for (const r of results) this.deps.logger[r.ok ? 'warn' : 'error']({ via: r.via, detail: r.detail, durationMs: r.durationMs }, `rollback ${r.ok ? 'done' : 'failed'}`);
    return results;
  }

  private github(): GitHubTarget | undefined {
    const { GITHUB_TOKEN, GITHUB_REPO, GITHUB_API_URL } = this.deps.config;
    return GITHUB_TOKEN && GITHUB_REPO ? { token: GITHUB_TOKEN, repo: GITHUB_REPO, apiUrl: GITHUB_API_URL } : undefined;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
