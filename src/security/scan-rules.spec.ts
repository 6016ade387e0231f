import { createHash } from 'node:crypto';
import { configFindings, findingFingerprint, readNpmAudit, scanTextForSecrets } from './scan-rules';

describe('scanTextForSecrets', () => {
  it('finds a private key header, an AWS key id and a URL with a password, by line, redacted', () => {
    const text = ['const a = 1;', '-----BEGIN RSA ' + 'PRIVATE KEY-----', 'aws = "AKIA' + 'ABCDEFGHIJKLMNOP"', 'DATABASE_URL=postgres://app:' + 's3cretpass@db:5432/x'].join('\n');
    const findings = scanTextForSecrets('config/.env', text);
    expect(findings.map((f) => [f.rule, f.location, f.severity])).toEqual([
      ['private-key', 'config/.env:2', 'critical'],
      ['aws-access-key-id', 'config/.env:3', 'critical'],
      ['url-with-password', 'config/.env:4', 'high'],
    ]);
    expect(findings[2].detail).toBe('s3cr…(10 chars)');
    expect(JSON.stringify(findings)).not.toContain('s3cretpass');
  });

  it('ignores placeholders, references and lines marked gitleaks:allow', () => {
    const text = ['password: "changeme-changeme-1"', 'token = "${TOKEN_FROM_ENV_VARIABLE}"', 'apiKey = "Zk2lq9PqR7sT1uVwXy3z" // gitleaks:allow', 'postgres://postgres@127.0.0.1:5432/test'].join('\n');
    expect(scanTextForSecrets('a.ts', text)).toEqual([]);
  });

  it('finds a long literal assigned to a secret-looking name', () => {
    expect(scanTextForSecrets('a.ts', `const apiKey = ` + `'Zk2lq9PqR7sT1uVwXy3z';`)).toMatchObject([{ rule: 'generic-secret-assignment', location: 'a.ts:1' }]);
  });
});

describe('readNpmAudit', () => {
  it('reads the vulnerabilities of an npm 7+ report', () => {
    const report = {
      vulnerabilities: { lodash: { severity: 'high', range: '<4.17.21', via: [{ title: 'Prototype Pollution', url: 'https://github.com/advisories/GHSA-x' }], fixAvailable: true } },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0, total: 1 } },
    };
    expect(readNpmAudit(JSON.stringify(report))).toEqual({
      status: 'ran',
      counts: report.metadata.vulnerabilities,
      findings: [{ kind: 'dependency', severity: 'high', rule: 'npm-audit', location: 'lodash', detail: '<4.17.21 — Prototype Pollution https://github.com/advisories/GHSA-x (fix available)' }],
    });
  });

  it('treats a refused or missing audit as not run, never clean', () => {
    expect(readNpmAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 }))).toEqual({
      status: 'not_run',
      reason: 'npm audit gave no report: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(readNpmAudit('')).toMatchObject({ status: 'not_run' });
  });
});

describe('configFindings', () => {
  it('flags secrets with little variety, a secret used twice, and open production settings', () => {
    const strong = 'q7Vb2LmX9pRt4WzK8sNc3HdJ6fGy1AeU';
    const findings = configFindings({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40), AUDIT_HMAC_KEY: strong, SIGNING_KEYS_MASTER_KEY: strong, CORS_ORIGINS: ['*'], GRAPHQL_INTROSPECTION: true });
    expect(findings.map((f) => [f.rule, f.location])).toEqual([
      ['weak-secret', 'JWT_SECRET'],
      ['reused-secret', 'AUDIT_HMAC_KEY, SIGNING_KEYS_MASTER_KEY'],
      ['cors-any-origin', 'CORS_ORIGINS'],
      ['introspection-on', 'GRAPHQL_INTROSPECTION'],
    ]);
  });

  it('finds nothing in a sound development configuration', () => {
    expect(configFindings({ NODE_ENV: 'development', CORS_ORIGINS: [], GRAPHQL_INTROSPECTION: undefined })).toEqual([]);
  });
});

describe('findingFingerprint', () => {
  const f = { kind: 'secret' as const, rule: 'url-with-password', location: 'config/deploy.env:2', severity: 'high' as const };
  it('is SHA-256 of kind, rule, location and severity, one per line; the detail does not count', () => {
    expect(findingFingerprint(f)).toBe(createHash('sha256').update('secret\nurl-with-password\nconfig/deploy.env:2\nhigh').digest('hex'));
    expect(findingFingerprint({ ...f, detail: 'other' } as typeof f)).toBe(findingFingerprint(f));
  });
  it('changes with the location (a new line, a new file) and with the severity', () => {
    expect(findingFingerprint({ ...f, location: 'config/deploy.env:3' })).not.toBe(findingFingerprint(f));
    expect(findingFingerprint({ ...f, severity: 'critical' })).not.toBe(findingFingerprint(f));
  });
});
