import { Inject, Injectable, Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { IncidentService } from '../ops/incident.service';
import { configFindings, DependencyAudit, Finding, findingFingerprint, isAlerting, readNpmAudit, scanTextForSecrets } from './scan-rules';
import { ScanRecord, SecurityScanRepository } from './security-scan.repository';

const SKIP_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.data', 'coverage', 'out']);
const MAX_FILE_BYTES = 1024 * 1024;
const NPM_AUDIT_TIMEOUT_MS = 120_000;

/**
 * The nightly security scan (SCAN_CRON, 01:00 UTC): `npm audit` of the production dependencies
 * (recorded as not run when the registry does not answer — never as clean), secret patterns over
 * the repository's files and the configuration, findings stored in one transaction. High and
 * critical findings are logged as errors and recorded in the audit log; the ones never alerted
 * before (security_finding_alerts, by fingerprint) open one incident, which alerts by e-mail
 * and Slack — once per new finding, not every night the same finding is still there.
 */
@Injectable()
export class SecurityScanService {
  private readonly logger = new Logger(SecurityScanService.name);

  constructor(
    private readonly repository: SecurityScanRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly incidents: IncidentService,
  ) {}

  async scan(trigger: ScanRecord['trigger'], actor: string, root = this.config.SCAN_ROOT ?? process.cwd()): Promise<ScanRecord> {
    const startedAt = this.clock.now();
    const [dependencies, files] = await Promise.all([this.npmAudit(root), this.scanFiles(root)]);
    const findings = [...(dependencies.status === 'ran' ? dependencies.findings : []), ...files.findings, ...configFindings(this.config)];
    const record: Omit<ScanRecord, 'id'> = {
      trigger,
      startedAt,
      finishedAt: this.clock.now(),
      dependencyAudit: dependencies.status,
      dependencyAuditNote: dependencies.status === 'not_run' ? dependencies.reason : JSON.stringify(dependencies.counts),
      filesScanned: files.scanned,
      findings: findings.length,
      highOrCritical: findings.filter(isAlerting).length,
    };
    const { id, fresh } = await this.repository.transaction(async (tx) => {
      const id = await this.repository.insert(tx, record, findings);
      const fresh = await this.repository.newAlertingFindings(tx, id, findings.filter(isAlerting).map((f) => ({ ...f, fingerprint: findingFingerprint(f) })), record.finishedAt);
      await this.audit.append({ actor, action: 'security.scanned', entityType: 'security_scan', entityId: id, payload: { findings: record.findings, highOrCritical: record.highOrCritical, newHighOrCritical: fresh.length, dependencyAudit: record.dependencyAudit } }, tx);
      return { id, fresh };
    });
    if (record.highOrCritical > 0) this.logger.error(`security scan ${id}: ${record.highOrCritical} high or critical findings, ${fresh.length} new`);
    if (fresh.length > 0) await this.raise(id, fresh, actor);
    if (record.dependencyAudit === 'not_run') this.logger.warn(`security scan ${id}: dependency audit not run (${record.dependencyAuditNote})`);
    return { id, ...record };
  }

  /** One incident (and with it the e-mail and Slack alert) for the scan's new high and critical findings; the secret itself is never in it. */
  private async raise(scanId: string, fresh: Finding[], actor: string): Promise<void> {
    const summary = `security scan: ${fresh.length} new high or critical finding${fresh.length === 1 ? '' : 's'}`;
    const listed = fresh.slice(0, 50).map((f) => `${f.severity} ${f.kind} ${f.rule} at ${f.location}: ${f.detail}`);
    if (fresh.length > 50) listed.push(`… and ${fresh.length - 50} more (securityFindings(scanId))`);
    try {
      await this.incidents.open('security_finding', summary, { scanId, findings: listed.join('\n') }, { actor });
    } catch (error) {
      this.logger.error(`security scan ${scanId}: the incident for ${fresh.length} new findings could not be opened: ${(error as Error).message}`);
    }
  }

  latestScans(limit: number): Promise<ScanRecord[]> {
    return this.repository.latestScans(limit);
  }

  findings(scanId: string, limit: number) {
    return this.repository.findings(scanId, limit);
  }

  private npmAudit(root: string): Promise<DependencyAudit> {
    return new Promise((resolve) => {
      // npm exits 1 when it finds vulnerabilities; the report is on stdout either way.
      execFile('npm', ['audit', '--json', '--omit=dev'], { cwd: root, timeout: NPM_AUDIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
        if (!stdout && error) return resolve({ status: 'not_run', reason: `npm audit could not run: ${error.message.slice(0, 300)}` });
        resolve(readNpmAudit(stdout));
      });
    });
  }

  private async scanFiles(root: string): Promise<{ scanned: number; findings: Finding[] }> {
    const findings: Finding[] = [];
    let scanned = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRECTORIES.has(entry.name)) await walk(path);
        } else if (entry.isFile()) {
          if ((await stat(path)).size > MAX_FILE_BYTES) continue;
          const bytes = await readFile(path);
          if (bytes.includes(0)) continue; // binary
          scanned++;
          findings.push(...scanTextForSecrets(relative(root, path), bytes.toString('utf8')));
        }
      }
    };
    await walk(root);
    return { scanned, findings };
  }
}
