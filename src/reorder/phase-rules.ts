/**
 * Which way a recommendation that orders something goes in the `draft` and `auto` rollout phases
 * (the plan's rules, line by line).
 *
 * - `hold`: urgent and high lines wait for a person's decision. They stay open recommendations,
 *   on no PO; when an approver approves (or adjusts to more than 0) one, it is ordered at once on
 *   a PO of its own, approved by that approver (ReorderService.decideRecommendation).
 * - `draft`: the other lines go on the supplier's PO draft (pending approval).
 * - `auto_approve`: in `auto`, the lowest-priority ordering lines whose value (quantity × unit
 *   cost) is at most the cap are approved by the system, each line on its own merits, on the
 *   supplier's system-approved PO; lines above the cap go on the draft.
 *
 * Which lines are "low priority": the policy (policy.ts `reorderPriority`) calls a line `low` only
 * when no reorder is due, and such a line orders nothing. The lines that order are urgent (the
 * stock runs out before an order could arrive), high (the safety stock is touched before it
 * arrives) or medium (reorder point crossed, safety stock untouched: the routine order). So the
 * plan's "low priority" lines — the ones safe to leave to the system — are the medium (and any
 * low) ones: the routine orders; a person decides whenever a stockout or the safety stock is at stake.
 */
import { ReorderPriority } from './policy';

export type LineRoute = 'hold' | 'draft' | 'auto_approve';

/** Priorities that wait for a person's decision in `draft` and `auto` (the plan's; DECISION_PRIORITIES configures them). */
export const DECISION_PRIORITIES: readonly ReorderPriority[] = ['urgent', 'high'];

export function routeLine(phase: 'draft' | 'auto', priority: string, lineValue: number, maxAutoLineValue: number, held: readonly string[] = DECISION_PRIORITIES): LineRoute {
  if (held.includes(priority)) return 'hold';
  if (phase === 'auto' && Number.isFinite(lineValue) && lineValue <= maxAutoLineValue) return 'auto_approve';
  return 'draft';
}
