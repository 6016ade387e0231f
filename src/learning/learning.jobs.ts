/**
 * The learning module's job: the weekly learning pass (weights, drift, fallback, the retraining
 * decision), one per ISO week — the id is stable per week, so a second enqueue is a no-op.
 */
export interface LearningWeeklyJob {
  /** The Monday of the week the pass is for (the newest complete week). */
  week: string;
}

/**
 * Re-evaluation of one SKU after an approver adjusted its order beyond 25 %: its ensemble weights
 * validated afresh on its history up to the newest complete week (LearningService.reevaluateSku).
 * One per SKU per UTC day — the id carries both, so a second adjustment that day adds nothing.
 */
export interface ReevaluateSkuJob {
  itemId: string;
  /** The UTC day of the decision (YYYY-MM-DD). */
  day: string;
}

/**
 * Retraining of a registered model (today the global tree): train the challenger on a thread,
 * backtest it against the champion, register it, promote it only when it wins, notify.
 * Enqueued by the weekly pass when its rule says so (one per week) and by `retrainNow` (admin).
 */
export interface RetrainModelJob {
  name: string;
  requestedBy: string;
  /** Why: the weekly rule's reasons, or the admin's request. */
  reasons: string[];
}

declare module '../jobs/job-queue' {
  interface JobPayloads {
    'learning-weekly': LearningWeeklyJob;
    'reevaluate-sku': ReevaluateSkuJob;
    'retrain-model': RetrainModelJob;
  }
}

export const learningWeeklyJobId = (week: string) => `learning-weekly_${week}`;
export const reevaluateJobId = (itemId: string, day: string) => `reevaluate_${itemId}_${day}`;
export const retrainJobId = (name: string, key: string) => `retrain_${name}_${key.replace(/[^0-9A-Za-z-]/g, '')}`;
