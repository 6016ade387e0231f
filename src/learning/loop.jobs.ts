/**
 * The learning loop's job: level adjustments and the learned calibration for a week, enqueued by
 * the 'learning-weekly' job once its pass (and so the week's drift rule) is done. Its own job, so
 * a retry of the loop does not re-run the weekly pass (weights, notifications). Id stable per week.
 */
export interface LearningLoopJob {
  /** The Monday of the newest complete week. */
  week: string;
}

declare module '../jobs/job-queue' {
  interface JobPayloads {
    'learning-loop': LearningLoopJob;
  }
}

export const learningLoopJobId = (week: string) => `learning-loop_${week}`;
