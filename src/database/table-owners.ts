/**
 * Which module owns each table: its SQL lives only under that module's folder (its repository
 * file). Other modules call the owner's service. `table-owners.spec.ts` reads `src/**` and
 * fails when a table appears in SQL outside its owner's folder, or when a migration creates a
 * table that is not listed here.
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  suppliers: 'inventory',
  inventory_items: 'inventory',
  usage_history: 'inventory',
  usage_daily: 'inventory',
  usage_staging: 'inventory',
  usage_changed_weeks: 'inventory',
  usage_staged_days: 'inventory',
  on_hand_daily: 'inventory',
  users: 'security',
  signing_keys: 'security',
  security_scans: 'security',
  security_findings: 'security',
  security_finding_alerts: 'security',
  refresh_tokens: 'security',
  audit_log: 'audit',
  audit_anchors: 'audit',
  forecast_runs: 'cycle',
  forecast_run_items: 'cycle',
  forecasts: 'forecast',
  model_artifacts: 'forecast',
  reorder_recommendations: 'reorder',
  purchase_orders: 'reorder',
  purchase_order_lines: 'reorder',
  incidents: 'ops',
  anomalies: 'ops',
  forecast_accuracy: 'learning',
  decision_feedback: 'learning',
  ensemble_weights: 'learning',
  drift_events: 'learning',
  model_registry: 'learning',
  rollout_state: 'learning',
  level_adjustments: 'learning',
  learned_calibrations: 'learning',
};
