import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { BullMqDriver } from '../src/jobs/bullmq.driver';
import { QueuedJob } from '../src/jobs/job-queue';
import { JobRegistry } from '../src/jobs/job-registry';
import { dropQueueKeys, TEST_REDIS_URL } from './support/database';
import { eventually } from './support/mail-and-webhook';

declare module '../src/jobs/job-queue' {
  interface JobPayloads {
    'bullmq-spec-work': { id: string };
  }
}

/** The BullMQ driver against the real Redis: dedup by id, liveness, retries — the same contract as the in-process driver. */
describe('BullMqDriver (real Redis)', () => {
  const prefix = `nn-test-jobs-${randomBytes(3).toString('hex')}`;
  const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };
  let queue: Queue;
  let worker: Worker | undefined;
  const job = (id: string, attempts = 1): QueuedJob<'bullmq-spec-work'> => ({ name: 'bullmq-spec-work', data: { id }, options: { jobId: id, attempts, backoffMs: 10 } });

  beforeAll(() => {
    queue = new Queue('jobs-spec', { connection, prefix });
  });

  afterAll(async () => {
    await worker?.close();
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
});
