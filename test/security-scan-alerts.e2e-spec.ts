import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { eventually, smtpSink, webhookSink } from './support/mail-and-webhook';

const SCAN = `mutation { runSecurityScan { id findings highOrCritical } }`;
const INCIDENTS = `{ incidents { id kind summary status details } }`;

/**
 * The nightly scan's high and critical findings raise an incident with an alert by e-mail (a real
 * SMTP server) and Slack (a local webhook) — once per new finding: the same finding the next night
 * alerts nothing, a new one alerts again.
 */
describe('security scan: alerts and incidents for new high findings', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let root: string;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let slack: Awaited<ReturnType<typeof webhookSink>>;
  const clock = new SettableClock('2026-12-01T01:00:00.000Z');
  const prefix = () => `nn-test-${db.name}`;
  // Built here so this spec file holds no secret-looking line itself.
  const planted = (n: number) => `DATABASE_URL=postgres://app:${'Planted'}Pass-${n}23@db:5432/nn\n`;

  beforeAll(async () => {
    db = await freshDatabase('security_scan_alerts');
    root = mkdtempSync(join(tmpdir(), 'nn-scan-alerts-'));
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'deploy.env'), `PORT=3000\n${planted(1)}`);
    smtp = await smtpSink();
    slack = await webhookSink();
    app = await startApp(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), SCAN_ROOT: root, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'security@example.test', SLACK_WEBHOOK_URL: slack.url },
      { clock },
    );
    pg = await sql(db.url);
    admin = await app.login('admin');
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await smtp?.close();
    await slack?.close();
    if (db) await dropQueueKeys(prefix());
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const scan = async () => {
    clock.advance(24 * 3600_000);
    const result = await app.gql(SCAN, undefined, admin);
    expect(result.errors).toBeUndefined();
    return result.data.runSecurityScan as { id: string; findings: number; highOrCritical: number };
  };
  const incidents = async () => (await app.gql(INCIDENTS, undefined, admin)).data.incidents.filter((i: { kind: string }) => i.kind === 'security_finding');

  it('a high finding opens one incident and alerts by e-mail and Slack, without the secret', async () => {
    const first = await scan();
    expect(first).toMatchObject({ findings: 1, highOrCritical: 1 });
    const mail = await eventually(async () => smtp.mails.find((m) => m.raw.includes('new high or critical finding')), 10_000, 'the alert mail');
    expect(mail.to).toEqual(['security@example.test']);
    expect(mail.raw).toContain('url-with-password');
    expect(mail.raw).toContain('config/deploy.env:2');
    expect(mail.raw).not.toContain('PlantedPass');
    expect(slack.bodies).toHaveLength(1);
    expect(JSON.stringify(slack.bodies[0])).toContain('security scan: 1 new high or critical finding');
    const open = await incidents();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ status: 'open', summary: 'security scan: 1 new high or critical finding', details: { scanId: first.id } });
  });

  it('the same finding the next night alerts nothing and opens nothing', async () => {
    const mails = smtp.mails.length;
    const again = await scan();
    expect(again).toMatchObject({ findings: 1, highOrCritical: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails.length).toBe(mails);
    expect(slack.bodies).toHaveLength(1);
    expect(await incidents()).toHaveLength(1);
    const audit = (await pg.query(`SELECT payload FROM audit_log WHERE action = 'security.scanned' ORDER BY seq`)).rows.map((r) => r.payload.newHighOrCritical);
    expect(audit).toEqual([1, 0]);
  });

  it('a new finding alerts again, naming only the new one', async () => {
    writeFileSync(join(root, 'config', 'other.env'), planted(2));
    const third = await scan();
    expect(third).toMatchObject({ findings: 2, highOrCritical: 2 });
    await eventually(async () => slack.bodies.length === 2, 10_000, 'the second Slack alert');
    const text = JSON.stringify(slack.bodies[1]);
    expect(text).toContain('config/other.env:1');
    expect(text).not.toContain('config/deploy.env');
    expect(await incidents()).toHaveLength(2);
    expect((await pg.query(`SELECT count(*)::int AS n FROM security_finding_alerts`)).rows[0].n).toBe(2);
  });
});
