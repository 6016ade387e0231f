import { JobRegistry } from '../jobs/job-registry';
import '../cycle/cycle.jobs';
import { CycleProcessor } from './cycle.processor';
import { CycleService } from './cycle.service';

/** The handlers' retry contract: a SKU's own error uses its attempts, an infrastructure error never becomes its failure. */
function aProcessor(failWith: Error | null) {
  const calls: string[] = [];
  const cycle = {
    forecastSku: async (runId: string, itemId: string, attempt: number) => {
      calls.push(`forecast ${itemId} attempt ${attempt}`);
      if (failWith) throw failWith;
    },
    recordFailure: async (runId: string, itemId: string, error: Error, attempts: number) => {
      calls.push(`failed ${itemId} after ${attempts}: ${error.message}`);
    },
    prepareRun: async (runId: string) => void calls.push(`prepare ${runId}`),
    finalizeRun: async (runId: string) => {
      calls.push(`finalize ${runId}`);
      if (failWith) throw failWith;
    },
    failRun: async (runId: string, reason: string) => void calls.push(`fail ${runId}: ${reason}`),
  } as unknown as CycleService;
  const registry = new JobRegistry();
  new CycleProcessor(registry, cycle).onModuleInit();
  return { registry, calls };
}

const skuJob = (attemptsMade: number) => ({ name: 'forecast-sku', data: { runId: 'r1', itemId: 'i1' }, attemptsMade, opts: { attempts: 3 } });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('CycleProcessor', () => {
  it('rethrows a failing SKU while attempts remain, so the queue retries it with backoff', async () => {
    const { registry, calls } = aProcessor(new Error('history is malformed'));
    await expect(registry.run(skuJob(0))).rejects.toThrow('history is malformed');
    await expect(registry.run(skuJob(1))).rejects.toThrow('history is malformed');
    expect(calls).toEqual(['forecast i1 attempt 1', 'forecast i1 attempt 2']);
  });

  it("records the SKU's own error on the last attempt and resolves, so the run goes on", async () => {
    const { registry, calls } = aProcessor(new Error('history is malformed'));
    await expect(registry.run(skuJob(2))).resolves.toBeUndefined();
    expect(calls).toEqual(['forecast i1 attempt 3', 'failed i1 after 3: history is malformed']);
  });

  it('never records an infrastructure error as the SKU failing, even on the last attempt', async () => {
    const { registry, calls } = aProcessor(refused);
    await expect(registry.run(skuJob(2))).rejects.toThrow('ECONNREFUSED');
    expect(calls).toEqual(['forecast i1 attempt 3']);
  });

  it('fails the run with the reason when finalisation fails on its last attempt', async () => {
    const { registry, calls } = aProcessor(new Error('purchase order check violated'));
    await expect(registry.run({ name: 'finalize-run', data: { runId: 'r2' }, attemptsMade: 0, opts: { attempts: 3 } })).rejects.toThrow();
    await expect(registry.run({ name: 'finalize-run', data: { runId: 'r2' }, attemptsMade: 2, opts: { attempts: 3 } })).resolves.toBeUndefined();
    expect(calls.at(-1)).toBe('fail r2: finalisation failed after 3 attempts: purchase order check violated');
  });

  it('routes prepare-run jobs and refuses unknown ones', async () => {
    const { registry, calls } = aProcessor(null);
    await registry.run({ name: 'prepare-run', data: { runId: 'r9' }, attemptsMade: 0, opts: {} });
    expect(calls).toEqual(['prepare r9']);
    expect(() => registry.run({ name: 'mystery', data: {}, attemptsMade: 0, opts: {} })).toThrow('no handler registered for job mystery');
  });
});
