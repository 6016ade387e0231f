import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseConfig } from '../src/config/config.schema';
import { dataSourceOptions } from '../src/database/data-source-options';
import { worstCaseDetectionMs } from '../src/ops/guard-state';
import { startGuard } from '../src/ops/guard-runner';
import { freshDatabase, sql } from './support/database';
import { fakeGitHub, flakyApi } from './support/guarded-services';
import { eventually, smtpSink, webhookSink } from './support/mail-and-webhook';

const INTERVAL_S = 0.3;
const TIMEOUT_S = 1;

describe('ops guard: a real server that starts failing is rolled back, an incident opened and closed', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pg: Client;
  let api: Awaited<ReturnType<typeof flakyApi>>;
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let slack: Awaited<ReturnType<typeof webhookSink>>;
  let deployHook: Awaited<ReturnType<typeof webhookSink>>;
  let guard: ReturnType<typeof startGuard> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'nn-guard-'));
  const marker = join(dir, 'rolled back.log');
  const injected = join(dir, 'injected');

  beforeAll(async () => {
    db = await freshDatabase('guard');
    const migrate = new DataSource(dataSourceOptions(db.url, { poolSize: 1, migrationsRun: true }));
    await migrate.initialize();
    await migrate.destroy();
    pg = await sql(db.url);
    [api, github, smtp, slack, deployHook] = await Promise.all([flakyApi(), fakeGitHub(), smtpSink(), webhookSink(), webhookSink()]);
  });

  afterAll(async () => {
    await guard?.close();
    await Promise.all([api?.close(), github?.close(), smtp?.close(), slack?.close(), deployHook?.close(), pg?.end()]);
    await db?.drop();
  });

  it('detects three failures, runs the rollback command (no shell) and the deploy hook, alerts, opens the incident and files the issue; recovery closes both', async () => {
    // The rollback: node appends a line to a file; `$(touch …)` is one plain argument, never run.
    const command = `"${process.execPath}" -e "require('fs').appendFileSync(process.argv[1], Date.now() + '\\n')" "${marker}" "$(touch ${injected})"`;
    const config = parseConfig({
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      HEALTH_URL: api.healthUrl,
      GUARD_INTERVAL: String(INTERVAL_S),
      GUARD_TIMEOUT: String(TIMEOUT_S),
      ROLLBACK_COMMAND: command,
      ROLLBACK_WEBHOOK_URL: deployHook.url,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      ADMIN_EMAIL: 'oncall@example.test',
      SLACK_WEBHOOK_URL: slack.url,
      GITHUB_TOKEN: 'ghp_testtokentesttokentesttoken0001',
      GITHUB_REPO: 'acme/neuronexus',
      GITHUB_API_URL: github.apiUrl,
    });
    guard = startGuard(config);
    await eventually(async () => api.checks >= 2, 10_000, 'two healthy checks');
    expect(existsSync(marker)).toBe(false);

    api.fail();
    await eventually(async () => existsSync(marker), 20_000, 'the rollback command');
    const detectionMs = Number(readFileSync(marker, 'utf8').trim()) - api.failingSince!;
    // Bound: the fault lands just after a check; then 3 checks, each ≤ timeout, 2 intervals apart, plus one interval to the first.
    const bound = worstCaseDetectionMs(INTERVAL_S * 1000, TIMEOUT_S * 1000).fromFault;
    expect(detectionMs).toBeGreaterThanOrEqual(2 * INTERVAL_S * 1000);
    expect(detectionMs).toBeLessThan(bound + 1000);
    expect(existsSync(injected)).toBe(false);

    const incident = await eventually(async () => (await pg.query(`SELECT * FROM incidents WHERE external_url IS NOT NULL`)).rows[0], 20_000, 'the incident with its issue');
    expect(incident).toMatchObject({ kind: 'health_check_failed', status: 'open', dedupe_key: `guard:${api.healthUrl}`, external_url: 'https://github.example/acme/neuronexus/issues/7' });
    expect(incident.events.map((e: any) => e.type)).toEqual(['check_failed', 'check_failed', 'check_failed', 'rollback', 'rollback', 'opened', 'alerted', 'github_issue']);
    expect(incident.events[0].message).toBe('HTTP 503 (database: connection refused)');
    expect(incident.events[3].message).toMatch(/^command: done \(exit 0, \d+ ms\)$/);
    expect(incident.events[4].message).toMatch(/^webhook: done \(HTTP 200, \d+ ms\)$/);
    expect(deployHook.bodies[0]).toMatchObject({ healthUrl: api.healthUrl, failures: [expect.anything(), expect.anything(), expect.anything()] });

    const issue = github.calls.find((c) => c.method === 'POST' && c.path === '/repos/acme/neuronexus/issues')!;
    expect(issue.authorization).toBe('Bearer ghp_testtokentesttokentesttoken0001');
    expect(issue.body.title).toBe(`[ops guard] health check failing: ${api.healthUrl} (3 consecutive failures)`);
    expect(issue.body.body).toContain(`Incident id: ${incident.id}`);
    await eventually(async () => smtp.mails.some((m) => m.raw.includes('oncall@example.test') && m.raw.includes('health check failing')), 10_000, 'the alert e-mail');
    expect(slack.bodies.some((b: any) => String(b.text).includes('incident: health check failing'))).toBe(true);

    // Still failing: more checks go to the timeline, but no second rollback, incident or issue.
    await eventually(async () => (await pg.query(`SELECT jsonb_array_length(events) AS n FROM incidents WHERE id = $1`, [incident.id])).rows[0].n >= 10, 10_000, 'more failed checks on the timeline');
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(1);
    expect((await pg.query(`SELECT count(*)::int AS n FROM incidents`)).rows[0].n).toBe(1);
    expect(github.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/issues'))).toHaveLength(1);

    api.recover();
    const resolved = await eventually(async () => (await pg.query(`SELECT * FROM incidents WHERE id = $1 AND status = 'resolved'`, [incident.id])).rows[0], 10_000, 'the incident resolved');
    expect(resolved.resolved_at).toBeInstanceOf(Date);
    expect(resolved.events[resolved.events.length - 1]).toMatchObject({ type: 'resolved', message: expect.stringMatching(/^health check passing again after \d+\.\d s$/) });
    await eventually(async () => github.calls.some((c) => c.method === 'PATCH' && c.path === '/repos/acme/neuronexus/issues/7' && c.body.state === 'closed'), 10_000, 'the issue closed');
    expect(github.calls.some((c) => c.method === 'POST' && c.path === '/repos/acme/neuronexus/issues/7/comments')).toBe(true);
    await eventually(async () => slack.bodies.some((b: any) => String(b.text).includes('recovered:')), 10_000, 'the recovery alert');
  });
});
