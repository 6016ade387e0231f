/**
 * The SQL of the ops module's tables (incidents, anomalies). It runs on anything that can run a
 * parameterised query: the app's TypeORM DataSource, or the guard's own small `pg` pool (the
 * guard runs without the rest of the app, possibly on another host).
 */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * A TypeORM DataSource as a SqlRunner. Its postgres driver answers UPDATE … RETURNING with
 * `[rows, affectedCount]` and everything else with the rows; this always gives the rows.
 */
export function typeormRunner(db: { query(sql: string, params?: unknown[]): Promise<unknown> }): SqlRunner {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const result = (await db.query(sql, params)) as unknown[];
      return (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
    },
  };
}

export const OPS_REPOSITORY = Symbol('OPS_REPOSITORY');

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export interface IncidentEvent {
  at: string;
  type: string;
  message: string;
  data?: unknown;
}

export interface IncidentRow {
  id: string;
  kind: string;
  status: IncidentStatus;
  summary: string;
  details: Record<string, unknown>;
  events: IncidentEvent[];
  dedupeKey: string | null;
  externalUrl: string | null;
  openedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface AnomalyRow {
  id: string;
  kind: string;
  source: string;
  subject: string;
  details: Record<string, unknown>;
  suppressedBefore: number;
  detectedAt: Date;
}

const INCIDENT_COLUMNS = `id, kind, status, summary, details, events, dedupe_key AS "dedupeKey", external_url AS "externalUrl", opened_at AS "openedAt",
  acknowledged_by AS "acknowledgedBy", acknowledged_at AS "acknowledgedAt", resolved_at AS "resolvedAt"`;

export class OpsRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Opens an incident, or returns the unresolved one with the same dedupe key (`created` false):
   * a second report of the same failed run adds nothing.
   */
  /** The unresolved incident with this dedupe key, if any. */
  async unresolvedIncident(dedupeKey: string): Promise<IncidentRow | null> {
    const [row] = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE dedupe_key = $1 AND status <> 'resolved'`, [dedupeKey]);
    return row ?? null;
  }

  async openIncident(input: { kind: string; summary: string; details: unknown; dedupeKey: string | null; events: IncidentEvent[]; at: Date }): Promise<{ incident: IncidentRow; created: boolean }> {
    const inserted = await this.sql.query<IncidentRow>(
      `INSERT INTO incidents (kind, status, summary, details, events, dedupe_key, opened_at) VALUES ($1, 'open', $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) WHERE status <> 'resolved' DO NOTHING RETURNING ${INCIDENT_COLUMNS}`,
      [input.kind, input.summary, JSON.stringify(input.details ?? {}), JSON.stringify(input.events), input.dedupeKey, input.at],
    );
    if (inserted.length) return { incident: inserted[0], created: true };
    const [existing] = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE dedupe_key = $1 AND status <> 'resolved'`, [input.dedupeKey]);
    return { incident: existing, created: false };
  }

  async addIncidentEvent(id: string, event: IncidentEvent, externalUrl?: string): Promise<void> {
    await this.sql.query(`UPDATE incidents SET events = events || $2::jsonb, external_url = COALESCE($3, external_url) WHERE id = $1`, [id, JSON.stringify([event]), externalUrl ?? null]);
  }

  /** Resolves an unresolved incident; null when it was resolved already (or never existed). */
  async resolveIncident(id: string, event: IncidentEvent, at: Date): Promise<IncidentRow | null> {
    const [row] = await this.sql.query<IncidentRow>(
      `UPDATE incidents SET status = 'resolved', resolved_at = $3, events = events || $2::jsonb WHERE id = $1 AND status <> 'resolved' RETURNING ${INCIDENT_COLUMNS}`,
      [id, JSON.stringify([event]), at],
    );
    return row ?? null;
  }

  /** Acknowledges an open incident; null when it is not open. */
  async acknowledgeIncident(id: string, actor: string, event: IncidentEvent, at: Date): Promise<IncidentRow | null> {
    const [row] = await this.sql.query<IncidentRow>(
      `UPDATE incidents SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $4, events = events || $3::jsonb
        WHERE id = $1 AND status = 'open' RETURNING ${INCIDENT_COLUMNS}`,
      [id, actor, JSON.stringify([event]), at],
    );
    return row ?? null;
  }

  async incident(id: string): Promise<IncidentRow | null> {
    const [row] = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Newest first, optionally of one status. */
  listIncidents(status: IncidentStatus | null, limit: number): Promise<IncidentRow[]> {
    return this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE ($1::text IS NULL OR status = $1) ORDER BY opened_at DESC, id DESC LIMIT $2`, [status, limit]);
  }

  async insertAnomaly(a: Omit<AnomalyRow, 'id'>): Promise<string> {
    const [row] = await this.sql.query<{ id: string }>(
      `INSERT INTO anomalies (kind, source, subject, details, suppressed_before, detected_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.kind, a.source, a.subject, JSON.stringify(a.details), a.suppressedBefore, a.detectedAt],
    );
    return row.id;
  }

  /** Newest first; `after` is the (detected_at, id) of the last row of the previous page. */
  listAnomalies(limit: number, after: { detectedAt: string; id: string } | null): Promise<AnomalyRow[]> {
    return this.sql.query<AnomalyRow>(
      `SELECT id, kind, source, subject, details, suppressed_before AS "suppressedBefore", detected_at AS "detectedAt" FROM anomalies
        WHERE ($1::timestamptz IS NULL OR (detected_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY detected_at DESC, id DESC LIMIT $3`,
      [after?.detectedAt ?? null, after?.id ?? null, limit],
    );
  }
}
