import { EntityManager } from 'typeorm';

/**
 * How the reorder module hands a decision to the learning module without importing it (learning
 * reads reorder's facts through ReorderService, so a module import the other way would be a
 * cycle). LearningModule is global and provides LearningService under this token; the reorder
 * module injects it (`@Optional() @Inject(DECISION_FEEDBACK_SINK)`) and calls `recordDecision`
 * inside the decision's transaction, passing its manager.
 */
export interface DecisionFeedback {
  recommendationId: string;
  itemId: string;
  runId: string;
  decision: 'approved' | 'adjusted' | 'rejected';
  recommendedQty: string;
  decidedQty: string;
  reason: string | null;
  decidedBy: string;
  /** When the recommendation was created (approval time = decidedAt − this). */
  recommendedAt: Date;
  decidedAt?: Date;
}

export interface DecisionFeedbackSink {
  /** Records the feedback row; `reevaluate` is true for adjustments beyond 25 % (enqueue `reevaluationJobId`). */
  recordDecision(input: DecisionFeedback, manager?: EntityManager): Promise<{ recorded: boolean; reevaluate: boolean; reevaluationJobId: string | null }>;
  /**
   * Enqueues the SKU's re-evaluation job (the id from recordDecision); call it after the decision's
   * transaction committed. Idempotent per SKU per day.
   */
  requestReevaluation(itemId: string, jobId: string): Promise<void>;
}

export const DECISION_FEEDBACK_SINK = Symbol('DECISION_FEEDBACK_SINK');
