import { eventLoopVerdict, modelAgeVerdict, queueVerdict, runFreshnessVerdict, runWatchVerdict } from './health-verdicts';

const now = new Date('2026-12-02T06:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('runFreshnessVerdict', () => {
  it('is up under 26 h since the last completed run, down from 26 h on', () => {
    expect(runFreshnessVerdict({ lastCompletedAt: hoursAgo(25.9), latestStartedAt: hoursAgo(2) }, now, 26)).toMatchObject({ ok: true, details: { ageHours: 25.9 } });
    const stale = runFreshnessVerdict({ lastCompletedAt: hoursAgo(26), latestStartedAt: hoursAgo(2) }, now, 26);
    expect(stale.ok).toBe(false);
    expect(stale.details.message).toBe('last completed run is 26 h old (limit 26 h)');
  });

  it('is up on a fresh install and judges a never-completing first run by its start', () => {
    expect(runFreshnessVerdict({ lastCompletedAt: null, latestStartedAt: null }, now, 26).ok).toBe(true);
    expect(runFreshnessVerdict({ lastCompletedAt: null, latestStartedAt: hoursAgo(3) }, now, 26).ok).toBe(true);
    expect(runFreshnessVerdict({ lastCompletedAt: null, latestStartedAt: hoursAgo(30) }, now, 26).ok).toBe(false);
  });
});

describe('modelAgeVerdict', () => {
  it('is down when the production model is 14 days old or more', () => {
    expect(modelAgeVerdict(hoursAgo(13.5 * 24), now, 14)).toMatchObject({ ok: true, details: { ageDays: 13.5 } });
    expect(modelAgeVerdict(hoursAgo(14 * 24), now, 14).ok).toBe(false);
    expect(modelAgeVerdict(null, now, 14).ok).toBe(true);
  });
});

describe('eventLoopVerdict', () => {
  it('is down above the limit only', () => {
    expect(eventLoopVerdict(500, 500).ok).toBe(true);
    expect(eventLoopVerdict(500.04, 500)).toMatchObject({ ok: false, details: { message: 'event loop delayed 500 ms at p99 (limit 500 ms)' } });
  });
});

describe('queueVerdict', () => {
  it('counts waiting and delayed jobs as backlog and names each limit crossed', () => {
    const limits = { maxBacklog: 100, maxFailed: 5 };
    expect(queueVerdict('forecast', { waiting: 60, delayed: 40, active: 4, failed: 5 }, limits)).toEqual({ ok: true, details: { queue: 'forecast', backlog: 100, active: 4, failed: 5 } });
    expect(queueVerdict('forecast', { waiting: 60, delayed: 41, active: 4, failed: 6 }, limits).details.message).toBe('101 jobs waiting (limit 100); 6 failed jobs (limit 5)');
  });
});

describe('runWatchVerdict', () => {
  const run = (status: string, startedHoursAgo = 4) => ({ id: 'r1', runKey: 'daily-2026-12-02', status, startedAt: hoursAgo(startedHoursAgo), finishedAt: null, error: status === 'failed' ? 'database gone' : null });

  it('is quiet when the night run completed', () => {
    expect(runWatchVerdict(run('completed'), now)).toBeNull();
  });

  it('opens one incident per run for a failed or unfinished run', () => {
    expect(runWatchVerdict(run('failed'), now)).toEqual({ kind: 'run_failed', dedupeKey: 'run:r1', summary: 'forecast run daily-2026-12-02 failed: database gone' });
    expect(runWatchVerdict(run('running'), now)).toEqual({ kind: 'run_unfinished', dedupeKey: 'run:r1', summary: 'forecast run daily-2026-12-02 is still running 4 h after it started' });
  });

  it('reports a night without a run, once per day', () => {
    expect(runWatchVerdict(null, now)?.dedupeKey).toBe('run-watch:2026-12-02');
    expect(runWatchVerdict(run('completed', 25), now)?.kind).toBe('run_missing');
  });
});
