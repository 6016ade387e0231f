/**
 * The engine's default per-pattern combination rules (member-selection.ts), used when the caller
 * passes neither weights nor a selection table. Fitted by `bench/accuracy/calibrate.ts --with-global`
 * (it prints the table) on demo data the accuracy benchmark does not score (command and figures in docs/bench/accuracy.md); a rule's
 * members that are not available (e.g. `global-tree` without a trained model) are dropped.
 */
import { SelectionTable } from './member-selection';

/**
 * Fitted with the global tree available (the nightly cycle has one), on the 4,750 validated SKUs
 * of demo seeds 7 + 99 (2,500 each, 108 weeks, last 4 held out; the validation windows lie in the
 * first 104). Point rules: ets + theta for smooth demand, the global tree alone otherwise (lowest
 * validation error); distribution rules without the tree. Without a trained tree the point rules
 * that need it fall back to the distribution rules.
 */
export const DEFAULT_SELECTION: SelectionTable = {
  smooth: {
    rule: { members: ['ets', 'theta'], power: 1, strength: 0 },
    distributionRule: { members: ['ets', 'theta'], power: 1, strength: 0 },
    errors: { ets: 0.6394, theta: 0.6370, 'global-tree': 0.7047 },
    skus: 2307,
  },
  erratic: {
    rule: { members: ['global-tree'], power: 0, strength: Infinity },
    distributionRule: { members: ['ets', 'theta'], power: 2, strength: 0 },
    errors: { ets: 0.7601, theta: 0.7629, 'global-tree': 0.6995 },
    skus: 750,
  },
  intermittent: {
    rule: { members: ['global-tree'], power: 0, strength: Infinity },
    distributionRule: { members: ['tsb', 'theta'], power: 2, strength: 0 },
    errors: { tsb: 0.7751, ses: 0.7822, theta: 0.7804, 'global-tree': 0.6900 },
    skus: 1195,
  },
  lumpy: {
    rule: { members: ['global-tree'], power: 0, strength: Infinity },
    distributionRule: { members: ['tsb'], power: 0, strength: Infinity },
    errors: { tsb: 1.0256, ses: 1.1979, theta: 1.2721, 'global-tree': 0.8268 },
    skus: 498,
  },
};
