import { DelayedError, Job } from 'bullmq';
import { INFRA_RETRY_KEY, InfraRetryPolicy, InfraRetryState, nextInfraRetry, RetryLaterError } from './infra-retry';

/**
 * Runs a BullMQ job; a `RetryLaterError` puts the job back in the delayed set (BullMQ's
 * moveToDelayed skips the attempt count) with the next delay of the infra-retry policy, the
 * state kept in the job's data under INFRA_RETRY_KEY. Past the window — or when Redis itself
 * refuses the move — the cause is thrown as an ordinary failed attempt.
 */
export async function runRetryingInfrastructure(job: Job, token: string | undefined, run: (job: Job) => Promise<unknown>, policy: InfraRetryPolicy, onRetry?: (message: string) => void): Promise<unknown> {
  try {
    return await run(job);
  } catch (error) {
    if (!(error instanceof RetryLaterError)) throw error;
    const data = (job.data ?? {}) as Record<string, unknown>;
    const next = nextInfraRetry(data[INFRA_RETRY_KEY] as InfraRetryState | undefined, Date.now(), policy);
    if (!next || !token) throw error.cause;
    try {
      await job.updateData({ ...data, [INFRA_RETRY_KEY]: next.state });
      await job.moveToDelayed(Date.now() + next.delayMs, token);
    } catch {
      throw error.cause; // Redis is the outage: the attempt is used, the stalled-job check and the supervisor do the rest
    }
    onRetry?.(`job ${job.id}: infrastructure error, retry ${next.state.retries} in ${next.delayMs} ms (no attempt used): ${error.message}`);
    throw new DelayedError();
  }
}
