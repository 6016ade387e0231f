import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { runRetryingInfrastructure } from '../src/jobs/bullmq-retry';
import { BullMqDriver } from '../src/jobs/bullmq.driver';
import { INFRA_RETRY_KEY, RetryLaterError } from '../src/jobs/infra-retry';
import { QueuedJob } from '../src/jobs/job-queue';
import { JobRegistry } from '../src/jobs/job-registry';
import { dropQueueKeys, TEST_REDIS_URL } from './support/database';
import { eventually } from './support/mail-and-webhook';

declare module '../src/jobs/job-queue' {
  interface JobPayloads {
    'bullmq-spec-work': { id: string };
    'bullmq-spec-outage': { id: string };
  }
}

/** The BullMQ driver against the real Redis: dedup by id, liveness, retries — the same contract as the in-process driver. */
describe('BullMqDriver (real Redis)', () => {
  const prefix = `nn-test-jobs-${randomBytes(3).toString('hex')}`;
  const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };
  let queue: Queue;
  let worker: Worker | undefined;
  let outageWorker: Worker | undefined;
  const job = (id: string, attempts = 1): QueuedJob<'bullmq-spec-work'> => ({ name: 'bullmq-spec-work', data: { id }, options: { jobId: id, attempts, backoffMs: 10 } });

  beforeAll(() => {
    queue = new Queue('jobs-spec', { connection, prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await outageWorker?.close();
    await queue.close();
    await dropQueueKeys(prefix);
  });

  it('runs a job added twice with the same id once, reports it live until done, and retries a failing one', async () => {
    const driver = new BullMqDriver(queue);
    await driver.addBulk([job('a'), job('b'), job('a')]);
    await driver.addBulk([job('a'), job('flaky', 3)]);
    expect([...(await driver.liveJobIds(['a', 'b', 'flaky', 'never']))].sort()).toEqual(['a', 'b', 'flaky']);

    const ran: string[] = [];
    const registry = new JobRegistry();
    registry.register('bullmq-spec-work', async (j) => {
      ran.push(`${j.data.id}#${j.attemptsMade}`);
      if (j.data.id === 'flaky' && j.attemptsMade < 2) throw new Error('not yet');
    });
    worker = new Worker('jobs-spec', (j) => registry.run(j), { connection, prefix, concurrency: 2 });
    await eventually(async () => (await driver.liveJobIds(['a', 'b', 'flaky'])).size === 0, 20_000, 'the jobs to finish');
    expect(ran.sort()).toEqual(['a#0', 'b#0', 'flaky#0', 'flaky#1', 'flaky#2']);
    // Done jobs are kept for a day: adding one again is still a no-op.
    await driver.addBulk([job('a')]);
    await new Promise((r) => setTimeout(r, 300));
    expect(ran.filter((r) => r.startsWith('a#'))).toHaveLength(1);
  });

  it('retries an infrastructure error with growing delays without using an attempt; the job’s own errors use attempts', async () => {
    const outageQueue = new Queue('jobs-spec-outage', { connection, prefix });
    const driver = new BullMqDriver(outageQueue);
    await driver.addBulk([{ name: 'bullmq-spec-outage', data: { id: 'o' }, options: { jobId: 'o', attempts: 3, backoffMs: 10 } }]);
    const seen: { attemptsMade: number; at: number; retry?: unknown }[] = [];
    const started = Date.now();
    const registry = new JobRegistry();
    registry.register('bullmq-spec-outage', async (j) => {
      seen.push({ attemptsMade: j.attemptsMade, at: Date.now() - started, retry: (j.data as Record<string, unknown>)[INFRA_RETRY_KEY] });
      if (seen.length <= 3) throw new RetryLaterError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      throw new Error('bad SKU');
    });
    const policy = { firstDelayMs: 100, maxDelayMs: 250, windowMs: 60_000 };
    outageWorker = new Worker('jobs-spec-outage', (j, token) => runRetryingInfrastructure(j, token, (x) => registry.run(x), policy), { connection, prefix });
    await eventually(async () => (await outageQueue.getJobState('o')) === 'failed', 20_000, 'the job to fail for its own error');
    // 3 infrastructure retries at attempt 0 (delays 100, 200, 250 ms), then its 3 attempts.
    expect(seen.map((s) => s.attemptsMade)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(seen[1].retry).toEqual({ since: expect.any(Number), retries: 1 });
    expect(seen[3].retry).toMatchObject({ retries: 3 });
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(90);
    expect(seen[3].at - seen[0].at).toBeGreaterThanOrEqual(540);
    const failed = await outageQueue.getJob('o');
    expect([failed?.attemptsMade, failed?.failedReason]).toEqual([3, 'bad SKU']);
    await outageWorker.close();
    outageWorker = undefined;
    await outageQueue.close();
  });
});
