import { parseConfig } from '../../config/config.schema';
import { ForecastProcessor } from './forecast.processor';
import { PipelineService } from './pipeline.service';

/** The processor's retry contract: rethrow while attempts remain, record a failure on the last. */
function aProcessor(fail: boolean) {
  const calls: string[] = [];
  const pipeline = {
    forecastSkuJob: async (runId: string, itemId: string, attempt: number) => {
      calls.push(`forecast ${itemId} attempt ${attempt}`);
      if (fail) throw new Error('database went away');
    },
    recordFailure: async (runId: string, itemId: string, error: Error, attempts: number) => {
      calls.push(`failed ${itemId} after ${attempts}: ${error.message}`);
    },
    prepareRun: async (runId: string) => {
      calls.push(`prepare ${runId}`);
    },
  } as unknown as PipelineService;
  return { processor: new ForecastProcessor(pipeline, parseConfig({})), calls };
}

const skuJob = (attemptsMade: number) => ({ name: 'forecast-sku', data: { runId: 'r1', itemId: 'i1' }, attemptsMade, opts: { attempts: 3 } });

describe('ForecastProcessor', () => {
  it('rethrows a failing SKU while attempts remain, so the queue retries it with backoff', async () => {
    const { processor, calls } = aProcessor(true);
    await expect(processor.process(skuJob(0))).rejects.toThrow('database went away');
    await expect(processor.process(skuJob(1))).rejects.toThrow('database went away');
    expect(calls).toEqual(['forecast i1 attempt 1', 'forecast i1 attempt 2']);
  });

  it('records the error on the last attempt and resolves, so the run goes on', async () => {
    const { processor, calls } = aProcessor(true);
    await expect(processor.process(skuJob(2))).resolves.toBeUndefined();
    expect(calls).toEqual(['forecast i1 attempt 3', 'failed i1 after 3: database went away']);
  });

  it('routes prepare-run jobs and refuses unknown ones', async () => {
    const { processor, calls } = aProcessor(false);
    await processor.process({ name: 'prepare-run', data: { runId: 'r9' }, attemptsMade: 0, opts: {} });
    expect(calls).toEqual(['prepare r9']);
    await expect(processor.process({ name: 'mystery', data: {}, attemptsMade: 0, opts: {} })).rejects.toThrow('unknown job mystery');
  });
});
