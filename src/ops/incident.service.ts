import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { NotificationService } from './notification.service';
import { IncidentEvent, IncidentRow, IncidentStatus, OPS_REPOSITORY, OpsRepository } from './ops.repository';

export interface OpenIncidentOptions {
  /** One unresolved incident per key: a second open with the same key returns the first. */
  dedupeKey?: string;
  actor?: string;
  /** Events that led to the incident (the guard's failed checks, its rollback), placed before `opened`. */
  timeline?: IncidentEvent[];
}

/**
 * Incidents: opened by the ops guard, the 06:00 run watch and the cycle (a failed run or
 * retraining), each with an alert by e-mail and Slack and a timeline of what happened. The
 * guard runs it outside Nest (its own process), so everything it needs comes in through the
 * constructor; the audit log is optional there.
 */
@Injectable()
export class IncidentService {
  private readonly logger = new Logger(IncidentService.name);

  constructor(
    @Inject(OPS_REPOSITORY) private readonly repo: OpsRepository,
    private readonly notifications: NotificationService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly audit?: AuditService,
  ) {}

  /** Opens an incident and alerts (once per dedupe key while it is unresolved). */
  async open(kind: string, summary: string, details: Record<string, unknown> = {}, options: OpenIncidentOptions = {}): Promise<IncidentRow> {
    const at = this.clock.now();
    const { incident, created } = await this.repo.openIncident({
      kind,
      summary,
      details,
      dedupeKey: options.dedupeKey ?? null,
      at,
      events: [...(options.timeline ?? []), { at: at.toISOString(), type: 'opened', message: summary }],
    });
    if (!created) return incident;
    this.logger.warn(`incident ${incident.id} opened (${kind}): ${summary}`);
    await this.audit?.append({ actor: options.actor ?? 'system', action: 'incident.opened', entityType: 'incident', entityId: incident.id, payload: { kind, summary } }).catch((e: Error) => this.logger.warn(`audit entry for incident ${incident.id} failed: ${e.message}`));
    const delivery = await this.notifications.alert(`incident: ${summary}`, [summary, `kind: ${kind}`, `incident id: ${incident.id}`, ...Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)]);
    await this.addEvent(incident.id, 'alerted', delivery.sent.length ? `alert sent by ${delivery.sent.join(', ')}` : 'no alert channel configured or reachable', delivery);
    return (await this.repo.incident(incident.id)) ?? incident;
  }

  addEvent(id: string, type: string, message: string, data?: unknown, externalUrl?: string): Promise<void> {
    return this.repo.addIncidentEvent(id, { at: this.clock.now().toISOString(), type, message, ...(data === undefined ? {} : { data }) }, externalUrl);
  }

  /** Resolves the unresolved incident opened with this dedupe key, if there is one. */
  async resolveByKey(dedupeKey: string, message: string): Promise<IncidentRow | null> {
    const open = await this.repo.unresolvedIncident(dedupeKey);
    return open ? this.resolve(open.id, message) : null;
  }

  async resolve(id: string, message: string): Promise<IncidentRow | null> {
    const at = this.clock.now();
    const row = await this.repo.resolveIncident(id, { at: at.toISOString(), type: 'resolved', message }, at);
    if (row) this.logger.log(`incident ${id} resolved: ${message}`);
    return row;
  }

  async acknowledge(id: string, actor: string): Promise<IncidentRow> {
    const at = this.clock.now();
    const row = await this.repo.acknowledgeIncident(id, actor, { at: at.toISOString(), type: 'acknowledged', message: `acknowledged by ${actor}` }, at);
    if (row) {
      await this.audit?.append({ actor, action: 'incident.acknowledged', entityType: 'incident', entityId: id, payload: {} });
      return row;
    }
    const existing = await this.repo.incident(id);
    if (!existing) throw new NotFoundError('incident', id);
    throw new ConflictError(`incident ${id} is ${existing.status}, not open`);
  }

  list(status: IncidentStatus | null, first: number): Promise<IncidentRow[]> {
    return this.repo.listIncidents(status, first);
  }
}
