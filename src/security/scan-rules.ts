import { createHash } from 'node:crypto';

/**
 * The pure half of the nightly security scan: secret patterns in the style of Gitleaks' default
 * rules, and the reading of `npm audit --json`. No process, no file system, no database.
 */
export type Severity = 'low' | 'moderate' | 'high' | 'critical';

export interface Finding {
  kind: 'secret' | 'dependency' | 'config';
  severity: Severity;
  rule: string;
  /** file:line, package name, or configuration variable */
  location: string;
  /** Never the secret itself: at most its first 4 characters. */
  detail: string;
}

export interface SecretRule {
  id: string;
  severity: Severity;
  pattern: RegExp;
}

export const SECRET_RULES: readonly SecretRule[] = [
  { id: 'private-key', severity: 'critical', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'aws-access-key-id', severity: 'critical', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/ },
  { id: 'github-token', severity: 'critical', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { id: 'slack-token', severity: 'high', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { id: 'slack-webhook', severity: 'high', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { id: 'stripe-live-key', severity: 'critical', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { id: 'google-api-key', severity: 'high', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { id: 'jwt', severity: 'moderate', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/ },
  { id: 'url-with-password', severity: 'high', pattern: /\b(?:postgres(?:ql)?|redis|rediss|mysql|mongodb(?:\+srv)?|amqps?|smtps?):\/\/[^\s:/@'"`]+:([^\s@'"`$]{6,})@/ },
  // key = "long literal": the literal must not look like a placeholder or a reference.
  { id: 'generic-secret-assignment', severity: 'moderate', pattern: /\b(?:password|passwd|secret|token|api[_-]?key|private[_-]?key)\s*[:=]\s*['"]([A-Za-z0-9+/_=.!@#%^&*-]{16,})['"]/i },
];

const PLACEHOLDER = /^(?:x+|\*+|changeme.*|your[_-].*|example.*|placeholder.*|\$\{.*\}|<.*>|test.*|dummy.*|fake.*)$/i;

function redact(text: string): string {
  return `${text.slice(0, 4)}…(${text.length} chars)`;
}

/** Secret-looking strings in one file's text, by line. */
export function scanTextForSecrets(path: string, text: string, rules: readonly SecretRule[] = SECRET_RULES): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 4000) continue; // minified or data lines: not where people paste keys
    if (/gitleaks:allow/.test(line)) continue;
    for (const rule of rules) {
      const match = rule.pattern.exec(line);
      if (!match) continue;
      const secret = match[1] ?? match[0];
      if (PLACEHOLDER.test(secret)) continue;
      findings.push({ kind: 'secret', severity: rule.severity, rule: rule.id, location: `${path}:${i + 1}`, detail: redact(secret) });
    }
  }
  return findings;
}

export type DependencyAudit = { status: 'ran'; findings: Finding[]; counts: Record<string, number> } | { status: 'not_run'; reason: string };

/**
 * Reads `npm audit --json` (npm 7+). Anything without the report's shape — the registry refusing
 * the audit endpoint, no network, a crash — is "not run", never "clean".
 */
export function readNpmAudit(stdout: string): DependencyAudit {
  let report: { vulnerabilities?: Record<string, { severity?: string; range?: string; via?: unknown[]; fixAvailable?: unknown }>; metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { summary?: string } };
  try {
    report = JSON.parse(stdout);
  } catch {
    return { status: 'not_run', reason: 'npm audit printed no JSON report' };
  }
  if (!report || typeof report !== 'object' || !report.metadata?.vulnerabilities || typeof report.vulnerabilities !== 'object') {
    return { status: 'not_run', reason: `npm audit gave no report: ${(report?.message ?? report?.error?.summary ?? 'unknown error').slice(0, 300)}` };
  }
  const findings: Finding[] = Object.entries(report.vulnerabilities).map(([name, v]) => {
    const severity = (['low', 'moderate', 'high', 'critical'] as const).find((s) => s === v.severity) ?? 'low';
    const advisories = (v.via ?? []).filter((x): x is { title?: string; url?: string } => typeof x === 'object' && x !== null).map((x) => `${x.title ?? ''} ${x.url ?? ''}`.trim());
    return { kind: 'dependency', severity, rule: 'npm-audit', location: name, detail: `${v.range ?? ''}${advisories.length ? ` — ${advisories.join('; ')}` : ''}${v.fixAvailable ? ' (fix available)' : ''}`.slice(0, 1000) };
  });
  return { status: 'ran', findings, counts: report.metadata.vulnerabilities };
}

/** Severities at or above which a scan alerts. */
export function isAlerting(finding: Finding): boolean {
  return finding.severity === 'high' || finding.severity === 'critical';
}

/** The configuration's own weak spots: secrets that are short on variety or reused, production left open. */
export function configFindings(config: {
  NODE_ENV: string;
  JWT_SECRET?: string;
  AUDIT_HMAC_KEY?: string;
  SIGNING_KEYS_MASTER_KEY?: string;
  CORS_ORIGINS: string[];
  GRAPHQL_INTROSPECTION?: boolean;
}): Finding[] {
  const findings: Finding[] = [];
  const secrets = { JWT_SECRET: config.JWT_SECRET, AUDIT_HMAC_KEY: config.AUDIT_HMAC_KEY, SIGNING_KEYS_MASTER_KEY: config.SIGNING_KEYS_MASTER_KEY };
  for (const [name, value] of Object.entries(secrets)) {
    if (value !== undefined && new Set(value).size < 10) findings.push({ kind: 'config', severity: 'high', rule: 'weak-secret', location: name, detail: `only ${new Set(value).size} different characters` });
  }
  const set = Object.entries(secrets).filter(([, v]) => v !== undefined);
  for (let i = 0; i < set.length; i++)
    for (let j = i + 1; j < set.length; j++)
      if (set[i][1] === set[j][1]) findings.push({ kind: 'config', severity: 'high', rule: 'reused-secret', location: `${set[i][0]}, ${set[j][0]}`, detail: 'the same value serves two purposes' });
  if (config.NODE_ENV === 'production') {
    if (config.CORS_ORIGINS.includes('*')) findings.push({ kind: 'config', severity: 'moderate', rule: 'cors-any-origin', location: 'CORS_ORIGINS', detail: 'every origin may call the API from a browser' });
    if (config.GRAPHQL_INTROSPECTION) findings.push({ kind: 'config', severity: 'moderate', rule: 'introspection-on', location: 'GRAPHQL_INTROSPECTION', detail: 'the schema is open to anyone in production' });
  }
  return findings;
}

/** What makes a finding the same finding from one night to the next: kind, rule, location and severity (SHA-256 hex). */
export function findingFingerprint(f: Pick<Finding, 'kind' | 'rule' | 'location' | 'severity'>): string {
  return createHash('sha256').update(`${f.kind}\n${f.rule}\n${f.location}\n${f.severity}`).digest('hex');
}
