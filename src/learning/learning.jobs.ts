/**
 * The learning module's job: the weekly learning pass (weights, drift, fallback, the retraining
 * decision), one per ISO week — the id is stable per week, so a second enqueue is a no-op.
 */
export interface LearningWeeklyJob {
  /** The Monday of the week the pass is for (the newest complete week). */
  week: string;
}

declare module '../jobs/job-queue' {
  interface JobPayloads {
    'learning-weekly': LearningWeeklyJob;
  }
}

export const learningWeeklyJobId = (week: string) => `learning-weekly_${week}`;
