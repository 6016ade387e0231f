import { InProcessDriver } from './in-process.driver';
import { RetryLaterError } from './infra-retry';
import { JobLike, QueuedJob } from './job-queue';
import { JobRegistry } from './job-registry';

declare module './job-queue' {
  interface JobPayloads {
    'jobs-spec-work': { id: string };
  }
}

const job = (id: string, options: { attempts?: number; backoffMs?: number; delayMs?: number } = {}): QueuedJob<'jobs-spec-work'> => ({ name: 'jobs-spec-work', data: { id }, options: { jobId: id, ...options } });

describe('InProcessDriver', () => {
  it('runs every job once, however often it is added', async () => {
    const ran: string[] = [];
    const queue = new InProcessDriver(async (j: JobLike) => void ran.push((j.data as { id: string }).id), 2);
    await queue.addBulk([job('a'), job('b'), job('a')]);
    await queue.addBulk([job('b'), job('c')]);
    await queue.onIdle();
    expect(ran.sort()).toEqual(['a', 'b', 'c']);
  });

  it('retries a failing job with the attempt count, up to its attempts', async () => {
    const attempts: number[] = [];
    const queue = new InProcessDriver(async (j) => {
      attempts.push(j.attemptsMade);
      if (j.attemptsMade < 2) throw new Error('flaky');
    }, 1);
    await queue.addBulk([job('x', { attempts: 3, backoffMs: 1 })]);
    await queue.onIdle();
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('retries an infrastructure error with growing delays without using an attempt, then counts SKU errors as usual', async () => {
    const seen: { attemptsMade: number; at: number }[] = [];
    const started = Date.now();
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const queue = new InProcessDriver(
      async (j) => {
        seen.push({ attemptsMade: j.attemptsMade, at: Date.now() - started });
        if (seen.length <= 4) throw new RetryLaterError(outage); // four calls during the "outage"
        throw new Error('bad SKU'); // then the job's own error, every time
      },
      1,
      { firstDelayMs: 20, maxDelayMs: 50, windowMs: 60_000 },
    );
    await queue.addBulk([job('x', { attempts: 3, backoffMs: 1 })]);
    await queue.onIdle();
    // 4 infrastructure retries at attempt 0, then the 3 attempts of its own error.
    expect(seen.map((s) => s.attemptsMade)).toEqual([0, 0, 0, 0, 0, 1, 2]);
    // Delays 20, 40, 50 (capped), 50 ms between the first five calls: ≥ 160 ms in all.
    const gaps = seen.slice(1, 5).map((s, i) => s.at - seen[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(seen[4].at - seen[0].at).toBeGreaterThanOrEqual(155);
  });

  it('counts infrastructure errors as attempts once the retry window is over', async () => {
    const attempts: number[] = [];
    const queue = new InProcessDriver(
      async (j) => {
        attempts.push(j.attemptsMade);
        throw new RetryLaterError(new Error('Connection terminated unexpectedly'));
      },
      1,
      { firstDelayMs: 10, maxDelayMs: 10, windowMs: 35 },
    );
    await queue.addBulk([job('y', { attempts: 2, backoffMs: 1 })]);
    await queue.onIdle();
    // ~4 retries inside the 35 ms window at attempt 0, then attempts 0 and 1 are used up.
    expect(attempts.filter((a) => a === 1)).toHaveLength(1);
    expect(attempts.filter((a) => a === 0).length).toBeGreaterThanOrEqual(3);
    expect(attempts.at(-1)).toBe(1);
  });

  it('gives up after the last attempt without stopping other jobs', async () => {
    const ran: string[] = [];
    const queue = new InProcessDriver(async (j) => {
      if ((j.data as { id: string }).id === 'bad') throw new Error('always');
      ran.push((j.data as { id: string }).id);
    }, 1);
    await queue.addBulk([job('bad', { attempts: 2, backoffMs: 1 }), job('good')]);
    await queue.onIdle();
    expect(ran).toEqual(['good']);
  });

  it('never runs more jobs at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const queue = new InProcessDriver(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    }, 3);
    await queue.addBulk(Array.from({ length: 10 }, (_, i) => job(`j${i}`)));
    await queue.onIdle();
    expect(peak).toBe(3);
  });

  it('reports a job as live while it waits or runs, and not once it is done', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new InProcessDriver(async () => gate, 1);
    await queue.addBulk([job('slow'), job('queued')]);
    expect([...(await queue.liveJobIds(['slow', 'queued', 'never']))].sort()).toEqual(['queued', 'slow']);
    release();
    await queue.onIdle();
    expect((await queue.liveJobIds(['slow', 'queued'])).size).toBe(0);
  });

  it('runs a delayed job only after its delay', async () => {
    const ran: number[] = [];
    const started = Date.now();
    const queue = new InProcessDriver(async () => void ran.push(Date.now() - started), 1);
    await queue.addBulk([job('later', { delayMs: 60 })]);
    expect(ran).toEqual([]);
    await new Promise((r) => setTimeout(r, 120));
    await queue.onIdle();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(55);
  });

  it('dispatches by job name through the registry, refusing a second handler for a name', async () => {
    const registry = new JobRegistry();
    const seen: string[] = [];
    registry.register('jobs-spec-work', async (j) => void seen.push(j.data.id));
    expect(() => registry.register('jobs-spec-work', async () => undefined)).toThrow('already registered');
    const queue = new InProcessDriver((j) => registry.run(j), 1);
    await queue.addBulk([job('x'), job('x')]);
    await queue.onIdle();
    expect(seen).toEqual(['x']);
  });
});
