import { RetryLaterError } from '../jobs/infra-retry';
import { JobRegistry } from '../jobs/job-registry';
import './cycle.jobs';
import { CycleProcessor } from './cycle.processor';
import { CycleService } from './cycle.service';

/** The handlers unpack jobs and pass the attempt contract on; the SKU-level rules are CycleService's (test/cycle.e2e-spec.ts). */
function aProcessor(failWith: Error | null) {
  const calls: string[] = [];
  const cycle = {
    forecastSkus: async (runId: string, itemIds: string[], attempt: number, finalAttempt: boolean) => {
      calls.push(`forecast ${itemIds.join(',')} attempt ${attempt}${finalAttempt ? ' (final)' : ''}`);
      if (failWith) throw failWith;
    },
    prepareRun: async (runId: string) => void calls.push(`prepare ${runId}`),
    finalizeRun: async (runId: string) => {
      calls.push(`finalize ${runId}`);
      if (failWith) throw failWith;
    },
    failRun: async (runId: string, reason: string) => void calls.push(`fail ${runId}: ${reason}`),
    supervise: async (insideJob: boolean) => void calls.push(`supervise inside=${insideJob}`),
  } as unknown as CycleService;
  const registry = new JobRegistry();
  new CycleProcessor(registry, cycle).onModuleInit();
  return { registry, calls };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('CycleProcessor', () => {
  it('passes the attempt number and whether it is the last to the batch job', async () => {
    const { registry, calls } = aProcessor(null);
    await registry.run({ name: 'forecast-skus', data: { runId: 'r1', itemIds: ['a', 'b'] }, attemptsMade: 0, opts: { attempts: 3 } });
    await registry.run({ name: 'forecast-skus', data: { runId: 'r1', itemIds: ['b'] }, attemptsMade: 2, opts: { attempts: 3 } });
    expect(calls).toEqual(['forecast a,b attempt 1', 'forecast b attempt 3 (final)']);
  });

  it('fails the run with the reason when finalisation fails on its last attempt, and rethrows before that', async () => {
    const { registry, calls } = aProcessor(new Error('purchase order check violated'));
    await expect(registry.run({ name: 'finalize-run', data: { runId: 'r2' }, attemptsMade: 0, opts: { attempts: 3 } })).rejects.toThrow('purchase order check violated');
    await expect(registry.run({ name: 'finalize-run', data: { runId: 'r2' }, attemptsMade: 2, opts: { attempts: 3 } })).resolves.toBeUndefined();
    expect(calls.at(-1)).toBe('fail r2: finalisation failed after 3 attempts: purchase order check violated');
  });

  it('never fails a run for an infrastructure error in finalisation: it is retried later, without using an attempt', async () => {
    const { registry, calls } = aProcessor(refused);
    const run = registry.run({ name: 'finalize-run', data: { runId: 'r3' }, attemptsMade: 2, opts: { attempts: 3 } });
    await expect(run).rejects.toBeInstanceOf(RetryLaterError);
    await expect(run).rejects.toMatchObject({ cause: refused });
    expect(calls.some((c) => c.startsWith('fail'))).toBe(false);
  });

  it('hands infrastructure errors of a SKU batch to the driver as RetryLaterError, and the SKU\'s own errors as they are', async () => {
    const infra = aProcessor(refused);
    await expect(infra.registry.run({ name: 'forecast-skus', data: { runId: 'r4', itemIds: ['a'] }, attemptsMade: 0, opts: { attempts: 3 } })).rejects.toBeInstanceOf(RetryLaterError);
    const own = aProcessor(new Error('negative lead time'));
    const run = own.registry.run({ name: 'forecast-skus', data: { runId: 'r4', itemIds: ['a'] }, attemptsMade: 0, opts: { attempts: 3 } });
    await expect(run).rejects.toThrow('negative lead time');
    await expect(run).rejects.not.toBeInstanceOf(RetryLaterError);
  });

  it('routes prepare-run and supervise-runs jobs and refuses unknown ones', async () => {
    const { registry, calls } = aProcessor(null);
    await registry.run({ name: 'prepare-run', data: { runId: 'r9' }, attemptsMade: 0, opts: {} });
    await registry.run({ name: 'supervise-runs', data: { tick: 't' }, attemptsMade: 0, opts: {} });
    expect(calls).toEqual(['prepare r9', 'supervise inside=true']);
    expect(() => registry.run({ name: 'mystery', data: {}, attemptsMade: 0, opts: {} })).toThrow('no handler registered for job mystery');
  });
});
