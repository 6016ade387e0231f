import { JobRegistry } from '../jobs/job-registry';
import './learning.jobs';
import { LearningProcessor } from './learning.processor';
import { LearningService } from './learning.service';
import { LoopAdjustmentsService } from './loop-adjustments.service';

/** The retraining handler: a failure on the last attempt becomes an incident; earlier ones are retried. */
describe('LearningProcessor', () => {
  function aProcessor(failWith: Error | null) {
    const calls: string[] = [];
    const learning = {
      retrainModel: async (name: string) => {
        calls.push(`retrain ${name}`);
        if (failWith) throw failWith;
        return { promoted: true };
      },
      retrainFailed: async (name: string, reason: string) => void calls.push(`failed ${name}: ${reason}`),
    } as unknown as LearningService;
    const registry = new JobRegistry();
    new LearningProcessor(registry, learning, {} as LoopAdjustmentsService).onModuleInit();
    return { registry, calls };
  }
  const retrain = (attemptsMade: number) => ({ name: 'retrain-model' as const, data: { name: 'global-tree', requestedBy: 'cron', reasons: ['model older than 7 days'] }, attemptsMade, opts: { attempts: 3 } });

  it('rethrows before the last attempt without an incident, and reports the last attempt’s failure', async () => {
    const { registry, calls } = aProcessor(new Error('out of memory in training'));
    await expect(registry.run(retrain(0))).rejects.toThrow('out of memory in training');
    expect(calls).toEqual(['retrain global-tree']);
    await expect(registry.run(retrain(2))).rejects.toThrow('out of memory in training');
    expect(calls).toEqual(['retrain global-tree', 'retrain global-tree', 'failed global-tree: out of memory in training (after 3 attempts)']);
  });

  it('opens nothing when retraining succeeds', async () => {
    const { registry, calls } = aProcessor(null);
    await registry.run(retrain(2));
    expect(calls).toEqual(['retrain global-tree']);
  });
});
