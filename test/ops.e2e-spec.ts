import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { AnomalyService } from '../src/ops/anomaly.service';
import { IncidentService } from '../src/ops/incident.service';
import { MetricsService } from '../src/ops/metrics.service';
import { RunWatchService } from '../src/ops/run-watch.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { eventually, smtpSink, webhookSink } from './support/mail-and-webhook';
import { checkExposition, histogram, sample } from './support/prometheus';

const NOW = new Date('2026-12-02T06:00:00Z');

describe('ops: metrics, health, anomalies and incidents on PostgreSQL + Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let slack: Awaited<ReturnType<typeof webhookSink>>;
  const clock = new SettableClock(NOW);
  let viewer: string;
  let approver: string;

  beforeAll(async () => {
    db = await freshDatabase('ops');
    smtp = await smtpSink();
    slack = await webhookSink();
    app = await startApp(
      { LOG_LEVEL: 'error', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ADMIN_EMAIL: 'ops@example.test', SLACK_WEBHOOK_URL: slack.url },
      { clock },
    );
    pg = await sql(db.url);
    viewer = await app.login('viewer');
    approver = await app.login('approver');
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await smtp?.close();
    await slack?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  const insertRun = (key: string, status: string, startedAt: Date, finishedAt: Date | null = null) =>
    pg.query(
      `INSERT INTO forecast_runs (run_key, trigger, triggered_by, rollout_phase, status, last_week_start, total_skus, processed, stats, started_at, finished_at)
       VALUES ($1, 'cli', 'test', 'draft', $2, '2026-11-23', 10, $3, $4, $5, $6) RETURNING id`,
      [key, status, status === 'completed' ? 10 : 4, status === 'completed' ? JSON.stringify({ failed: 1 }) : null, startedAt, finishedAt],
    );

  it('serves /metrics that parse back, with latency by GraphQL operation and route, queue depth and open work', async () => {
    for (let i = 0; i < 3; i++) expect((await app.gql('query SuppliersPage { suppliers { name } }', undefined, viewer)).data).toEqual({ suppliers: [] });
    await app.gql('{ suppliers { name } }', undefined, viewer);
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await response.text();
    const parsed = checkExposition(text);
    expect(histogram(text, 'neuronexus_graphql_operation_duration_seconds', { operation: 'SuppliersPage', outcome: 'ok' })?.count).toBe(3);
    expect(histogram(text, 'neuronexus_graphql_operation_duration_seconds', { operation: 'anonymous:suppliers' })?.count).toBe(1);
    expect(histogram(text, 'neuronexus_http_request_duration_seconds', { method: 'POST', route: '/graphql', status: '200' })?.count).toBeGreaterThanOrEqual(6);
    expect(sample(parsed, 'neuronexus_queue_jobs', { queue: 'forecast', state: 'waiting' })?.value).toBe('0');
    expect(sample(parsed, 'neuronexus_open_recommendations', { priority: 'urgent' })?.value).toBe('0');
    expect(sample(parsed, 'neuronexus_purchase_orders', { status: 'approved' })?.value).toBe('0');
    expect(parsed.some((f) => f.name === 'process_resident_memory_bytes')).toBe(true);
  });

  it('counts what the cycle reports through MetricsService', async () => {
    app.runtime.app.get(MetricsService).runFinished({ status: 'failed', durationMs: 5000 });
    const parsed = checkExposition(await (await fetch(`${app.url}/metrics`)).text());
    expect(sample(parsed, 'neuronexus_runs_total', { status: 'failed' })?.value).toBe('1');
  });

  it('answers /health with every indicator, and names the one that fails', async () => {
    const ok = await fetch(`${app.url}/health`);
    const body: any = await ok.json();
    expect(ok.status).toBe(200);
    expect(Object.keys(body.info).sort()).toEqual(['database', 'eventLoop', 'modelAge', 'queues', 'redis', 'runFreshness']);
    expect(body.info.queues.forecast).toMatchObject({ backlog: 0, failed: 0 });

    // A completed run 30 h ago and nothing since: stale.
    await insertRun('stale-1', 'completed', new Date(NOW.getTime() - 31 * 3_600_000), new Date(NOW.getTime() - 30 * 3_600_000));
    const stale = await fetch(`${app.url}/health`);
    expect(stale.status).toBe(503);
    const staleBody: any = await stale.json();
    expect(Object.keys(staleBody.error)).toEqual(['runFreshness']);
    expect(staleBody.error.runFreshness).toMatchObject({ status: 'down', ageHours: 30, message: 'last completed run is 30 h old (limit 26 h)' });
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);

    await insertRun('fresh-1', 'completed', new Date(NOW.getTime() - 5 * 3_600_000), new Date(NOW.getTime() - 4 * 3_600_000));
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const metrics = checkExposition(await (await fetch(`${app.url}/metrics`)).text());
    expect(sample(metrics, 'neuronexus_last_run_completed')?.value).toBe('1');
    expect(sample(metrics, 'neuronexus_last_completed_run_age_seconds')?.value).toBe(String(4 * 3600));
  });

  it('returns a request id, the caller’s when it sends a sane one', async () => {
    const own = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'edge-42' } });
    expect(own.headers.get('x-request-id')).toBe('edge-42');
    const fresh = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores one anomaly for a storm of slow SKU jobs, alerts it, and pages through anomalies in GraphQL', async () => {
    const anomalies = app.runtime.app.get(AnomalyService);
    // 90 jobs at 200 ± 20 ms (σ 20), then 20 at 2 s: the window judges from job 100 on; the cooldown keeps it to one alert.
    for (let i = 0; i < 90; i++) anomalies.recordJobDuration(i % 2 ? 180 : 220, true);
    const found = [];
    for (let i = 0; i < 20; i++) found.push(...anomalies.recordJobDuration(2000, true));
    expect(found).toHaveLength(1);
    // An error burst of another operation: 2 of 20 failed.
    for (let i = 0; i < 20; i++) anomalies.recordOperation('ApprovePo', 10, i < 18);
    await anomalies.flush();
    expect((await pg.query(`SELECT kind, source, subject FROM anomalies ORDER BY kind`)).rows).toEqual([
      { kind: 'error_rate', source: 'graphql', subject: 'ApprovePo' },
      { kind: 'latency', source: 'job', subject: 'forecast-sku' },
    ]);
    await eventually(async () => smtp.mails.some((m) => m.raw.includes('job forecast-sku slow')), 10_000, 'the anomaly e-mail');
    expect(slack.bodies.some((b: any) => String(b.text).includes('graphql ApprovePo failing: 2 of the last 20 failed (10 %)'))).toBe(true);

    const first = await app.gql(`{ anomalies(first: 1) { nodes { kind subject details suppressedBefore } pageInfo { hasNextPage endCursor } } }`, undefined, viewer);
    expect(first.data.anomalies.pageInfo.hasNextPage).toBe(true);
    const second = await app.gql(`query($after: String) { anomalies(first: 5, after: $after) { nodes { kind subject } pageInfo { hasNextPage } } }`, { after: first.data.anomalies.pageInfo.endCursor }, viewer);
    expect([...first.data.anomalies.nodes, ...second.data.anomalies.nodes].map((n: any) => n.kind).sort()).toEqual(['error_rate', 'latency']);
    expect(second.data.anomalies.pageInfo.hasNextPage).toBe(false);
    const all = (await app.gql(`{ anomalies(first: 2) { nodes { kind details } } }`, undefined, viewer)).data.anomalies.nodes;
    // baseline 200 ± 20 ms → threshold 200 + 3 · 20 = 260 ms
    expect(all.find((n: any) => n.kind === 'latency').details).toMatchObject({ baselineMeanMs: 200, baselineSdMs: 20, thresholdMs: 260, recentMeanMs: 2000 });
    expect((await app.gql(`{ anomalies(first: 1, after: "nonsense") { nodes { id } } }`, undefined, viewer)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'after' }] });
  });

  it('opens one incident per key with an alert, lists it, and lets an approver acknowledge it', async () => {
    const incidents = app.runtime.app.get(IncidentService);
    const mailsBefore = smtp.mails.length;
    const a = await incidents.open('run_failed', 'forecast run daily-x failed: boom', { runKey: 'daily-x' }, { dedupeKey: 'run:x' });
    const again = await incidents.open('run_failed', 'forecast run daily-x failed: boom', { runKey: 'daily-x' }, { dedupeKey: 'run:x' });
    expect(again.id).toBe(a.id);
    expect((await pg.query(`SELECT count(*)::int AS n FROM incidents WHERE dedupe_key = 'run:x'`)).rows[0].n).toBe(1);
    await eventually(async () => smtp.mails.length > mailsBefore && smtp.mails.some((m) => m.raw.includes('incident: forecast run daily-x failed')), 10_000, 'the incident e-mail');
    expect(a.events.map((e) => e.type)).toEqual(['opened', 'alerted']);

    const listed = await app.gql(`{ incidents(status: open, first: 10) { id kind status summary events { type message } } }`, undefined, viewer);
    expect(listed.data.incidents).toEqual([expect.objectContaining({ id: a.id, kind: 'run_failed', status: 'open' })]);

    const ACK = `mutation($id: ID!) { acknowledgeIncident(id: $id) { status acknowledgedBy events { type } } }`;
    expect((await app.gql(ACK, { id: a.id }, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const acked = await app.gql(ACK, { id: a.id }, approver);
    expect(acked.data.acknowledgeIncident).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'test-approver' });
    expect(acked.data.acknowledgeIncident.events.map((e: any) => e.type)).toEqual(['opened', 'alerted', 'acknowledged']);
    expect((await app.gql(ACK, { id: a.id }, approver)).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await app.gql(ACK, { id: 'x' }, approver)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await app.gql(ACK, { id: '00000000-0000-4000-8000-000000000000' }, approver)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await pg.query(`SELECT action FROM audit_log WHERE entity_type = 'incident' ORDER BY seq`)).rows.map((r) => r.action)).toEqual(['incident.opened', 'incident.acknowledged']);
  });

  it('the 06:00 run watch opens one incident for a run still running, none when the night run completed', async () => {
    const watch = app.runtime.app.get(RunWatchService);
    const { rows } = await insertRun('daily-2026-12-02', 'running', new Date(NOW.getTime() - 4 * 3_600_000));
    const incident = await watch.check();
    expect(incident).toMatchObject({ kind: 'run_unfinished', dedupeKey: `run:${rows[0].id}`, summary: 'forecast run daily-2026-12-02 is still running 4 h after it started' });
    expect((await watch.check())?.id).toBe(incident!.id);
    expect((await pg.query(`SELECT count(*)::int AS n FROM incidents WHERE kind = 'run_unfinished'`)).rows[0].n).toBe(1);

    await pg.query(`UPDATE forecast_runs SET status = 'completed', finished_at = $2 WHERE id = $1`, [rows[0].id, new Date(NOW.getTime() - 3_600_000)]);
    expect(await watch.check()).toBeNull();
  });
});
