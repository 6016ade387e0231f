import { storage } from 'nestjs-pino/storage.js';
import { Writable } from 'node:stream';
import { JobRegistry } from '../jobs/job-registry';
import { AnomalyService } from './anomaly.service';
import { JobObserver } from './job-observer';
import { createRootLogger, withLogContext } from './logging';

describe('JobObserver', () => {
  it('runs every handler inside the job log context and records its time and outcome', async () => {
    const lines: string[] = [];
    createRootLogger({ level: 'log', format: 'json' }, new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    const recorded: [number, boolean, string][] = [];
    const anomalies = { recordJobDuration: (ms: number, ok: boolean, job: string) => void recorded.push([ms, ok, job]) } as unknown as AnomalyService;
    const registry = new JobRegistry();
    new JobObserver(registry, anomalies).onModuleInit();
    registry.register('forecast-sku' as never, (async () => {
      await new Promise((r) => setTimeout(r, 20));
      storage.getStore()!.logger.info('inside');
    }) as never);
    registry.register('prepare-run' as never, (async () => {
      throw new Error('boom');
    }) as never);

    // Started from inside another job's context (as the in-process driver does): the fields are this job's only.
    await withLogContext({ jobId: 'outer', extra: 'x' }, () => registry.run({ id: 'j1', name: 'forecast-sku', data: { runId: 'r1', itemId: 'i1' }, attemptsMade: 0, opts: {} }));
    await expect(registry.run({ id: 'j2', name: 'prepare-run', data: { runId: 'r1' }, attemptsMade: 2, opts: {} })).rejects.toThrow('boom');

    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'inside', jobId: 'j1', job: 'forecast-sku', runId: 'r1', itemId: 'i1', attempt: 1 });
    expect(lines[0]).not.toContain('outer');
    expect(JSON.parse(lines[0]).extra).toBeUndefined();
    expect(recorded.map(([, ok, job]) => [ok, job])).toEqual([
      [true, 'forecast-sku'],
      [false, 'prepare-run'],
    ]);
    expect(recorded[0][0]).toBeGreaterThanOrEqual(15);
  });
});
