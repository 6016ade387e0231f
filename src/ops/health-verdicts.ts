/**
 * The readiness rules beyond "the database answers", as pure functions over what the indicators
 * gathered. Each returns whether the indicator is up and the numbers that decided it (the
 * `/health` body shows them next to the indicator's name). Times are passed in, never read.
 */
export interface Verdict {
  ok: boolean;
  details: Record<string, unknown>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The newest completed run finished less than `maxAgeHours` ago. With no completed run yet, the
 * oldest clue of one is the newest run's start (a first run still running is young); with no run
 * at all there is nothing to be stale (a fresh install is healthy).
 */
export function runFreshnessVerdict(input: { lastCompletedAt: Date | null; latestStartedAt: Date | null }, now: Date, maxAgeHours: number): Verdict {
  const since = input.lastCompletedAt ?? input.latestStartedAt;
  if (!since) return { ok: true, details: { lastCompletedRun: null, note: 'no run yet' } };
  const ageHours = (now.getTime() - since.getTime()) / HOUR_MS;
  const ok = ageHours < maxAgeHours;
  return {
    ok,
    details: {
      lastCompletedRun: input.lastCompletedAt?.toISOString() ?? null,
      ageHours: round1(ageHours),
      maxAgeHours,
      ...(ok ? {} : { message: input.lastCompletedAt ? `last completed run is ${round1(ageHours)} h old (limit ${maxAgeHours} h)` : `no run completed in the ${round1(ageHours)} h since the first one started` }),
    },
  };
}

/** The production model was trained less than `maxAgeDays` ago (no model yet: up, nothing to age). */
export function modelAgeVerdict(trainedAt: Date | null, now: Date, maxAgeDays: number): Verdict {
  if (!trainedAt) return { ok: true, details: { trainedAt: null, note: 'no production model yet' } };
  const ageDays = (now.getTime() - trainedAt.getTime()) / DAY_MS;
  const ok = ageDays < maxAgeDays;
  return { ok, details: { trainedAt: trainedAt.toISOString(), ageDays: round1(ageDays), maxAgeDays, ...(ok ? {} : { message: `production model is ${round1(ageDays)} days old (limit ${maxAgeDays})` }) } };
}

/** The 99th percentile of event-loop delay since the previous check stays under `maxMs`. */
export function eventLoopVerdict(p99Ms: number, maxMs: number): Verdict {
  const ok = !(p99Ms > maxMs);
  return { ok, details: { p99Ms: round1(p99Ms), maxMs, ...(ok ? {} : { message: `event loop delayed ${round1(p99Ms)} ms at p99 (limit ${maxMs} ms)` }) } };
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Jobs waiting (plus delayed retries) and jobs failed for good stay under their limits. */
export function queueVerdict(queue: string, counts: QueueCounts, limits: { maxBacklog: number; maxFailed: number }): Verdict {
  const backlog = counts.waiting + counts.delayed;
  const problems: string[] = [];
  if (backlog > limits.maxBacklog) problems.push(`${backlog} jobs waiting (limit ${limits.maxBacklog})`);
  if (counts.failed > limits.maxFailed) problems.push(`${counts.failed} failed jobs (limit ${limits.maxFailed})`);
  return { ok: problems.length === 0, details: { queue, backlog, active: counts.active, failed: counts.failed, ...(problems.length ? { message: problems.join('; ') } : {}) } };
}

export interface LatestRun {
  id?: string;
  runKey?: string;
  status: string;
  startedAt: Date;
  error?: string | null;
}

/**
 * The 06:00 UTC watch: the night's run should have completed by now. Returns the incident to
 * open, or null. "The night's run" is the newest one started within `lookbackHours` (a run that
 * never started shows up as none).
 */
export function runWatchVerdict(latest: LatestRun | null, now: Date, lookbackHours = 24): { kind: string; dedupeKey: string; summary: string } | null {
  const day = now.toISOString().slice(0, 10);
  if (!latest || now.getTime() - latest.startedAt.getTime() > lookbackHours * HOUR_MS) {
    return { kind: 'run_missing', dedupeKey: `run-watch:${day}`, summary: `no forecast run started in the ${lookbackHours} h before ${now.toISOString()}` };
  }
  if (latest.status === 'completed') return null;
  const key = `run:${latest.id ?? latest.startedAt.toISOString()}`;
  const name = latest.runKey ?? `started ${latest.startedAt.toISOString()}`;
  if (latest.status === 'failed') return { kind: 'run_failed', dedupeKey: key, summary: `forecast run ${name} failed: ${latest.error ?? 'no reason recorded'}` };
  const hours = round1((now.getTime() - latest.startedAt.getTime()) / HOUR_MS);
  return { kind: 'run_unfinished', dedupeKey: key, summary: `forecast run ${name} is still ${latest.status} ${hours} h after it started` };
}
