import { JobLike } from './job-queue';
import { InProcessQueue } from './in-process-queue';

const job = (id: string, options: { attempts?: number; backoffMs?: number } = {}) => ({ name: 'work', data: { id }, options: { jobId: id, ...options } });

describe('InProcessQueue', () => {
  it('runs every job once, however often it is added', async () => {
    const ran: string[] = [];
    const queue = new InProcessQueue(async (j: JobLike) => void ran.push((j.data as { id: string }).id), 2);
    await queue.addBulk([job('a'), job('b'), job('a')]);
    await queue.addBulk([job('b'), job('c')]);
    await queue.onIdle();
    expect(ran.sort()).toEqual(['a', 'b', 'c']);
  });

  it('retries a failing job with the attempt count, up to its attempts', async () => {
    const attempts: number[] = [];
    const queue = new InProcessQueue(async (j) => {
      attempts.push(j.attemptsMade);
      if (j.attemptsMade < 2) throw new Error('flaky');
    }, 1);
    await queue.addBulk([job('x', { attempts: 3, backoffMs: 1 })]);
    await queue.onIdle();
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('gives up after the last attempt without stopping other jobs', async () => {
    const ran: string[] = [];
    const queue = new InProcessQueue(async (j) => {
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
    const queue = new InProcessQueue(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    }, 3);
    await queue.addBulk(Array.from({ length: 10 }, (_, i) => job(`j${i}`)));
    await queue.onIdle();
    expect(peak).toBe(3);
  });
});
