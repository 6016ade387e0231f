import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Finding } from './scan-rules';

export interface ScanRecord {
  id: string;
  trigger: 'cron' | 'manual' | 'cli';
  startedAt: Date;
  finishedAt: Date;
  dependencyAudit: 'ran' | 'not_run';
  dependencyAuditNote: string | null;
  filesScanned: number;
  findings: number;
  highOrCritical: number;
}

const SCAN_COLUMNS = `id, trigger, started_at AS "startedAt", finished_at AS "finishedAt", dependency_audit AS "dependencyAudit", dependency_audit_note AS "dependencyAuditNote",
  files_scanned AS "filesScanned", findings, high_or_critical AS "highOrCritical"`;

/** The `security_scans` and `security_findings` tables. */
@Injectable()
export class SecurityScanRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(tx: EntityManager, scan: Omit<ScanRecord, 'id'>, findings: Finding[]): Promise<string> {
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO security_scans (trigger, started_at, finished_at, dependency_audit, dependency_audit_note, files_scanned, findings, high_or_critical)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [scan.trigger, scan.startedAt, scan.finishedAt, scan.dependencyAudit, scan.dependencyAuditNote, scan.filesScanned, scan.findings, scan.highOrCritical],
    );
    for (let i = 0; i < findings.length; i += 1000) {
      const chunk = findings.slice(i, i + 1000);
      await tx.query(
        `INSERT INTO security_findings (scan_id, kind, severity, rule, location, detail)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [id, chunk.map((f) => f.kind), chunk.map((f) => f.severity), chunk.map((f) => f.rule), chunk.map((f) => f.location), chunk.map((f) => f.detail)],
      );
    }
    return id;
  }

  /**
   * Records the alerting findings not alerted before (by fingerprint) and returns those: each
   * high or critical finding is alerted once, not every night it is still there.
   */
  async newAlertingFindings(tx: EntityManager, scanId: string, findings: (Finding & { fingerprint: string })[], at: Date): Promise<(Finding & { fingerprint: string })[]> {
    if (findings.length === 0) return [];
    const rows: { fingerprint: string }[] = await tx.query(
      `INSERT INTO security_finding_alerts (fingerprint, kind, severity, rule, location, first_scan_id, alerted_at)
       SELECT f, k, s, r, l, $1, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(f, k, s, r, l)
       ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint`,
      [scanId, at, findings.map((f) => f.fingerprint), findings.map((f) => f.kind), findings.map((f) => f.severity), findings.map((f) => f.rule), findings.map((f) => f.location)],
    );
    const fresh = new Set(rows.map((r) => r.fingerprint));
    return findings.filter((f) => fresh.has(f.fingerprint));
  }

  latestScans(limit: number): Promise<ScanRecord[]> {
    return this.db.query(`SELECT ${SCAN_COLUMNS} FROM security_scans ORDER BY started_at DESC LIMIT $1`, [limit]);
  }

  findings(scanId: string, limit: number): Promise<(Finding & { id: string })[]> {
    return this.db.query(
      `SELECT id::text, kind, severity, rule, location, detail FROM security_findings WHERE scan_id = $1
        ORDER BY array_position(ARRAY['critical','high','moderate','low'], severity), location LIMIT $2`,
      [scanId, limit],
    );
  }
}
