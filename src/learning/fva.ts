/**
 * Forecast value added (FVA) of planners' overrides. When an approver changes a recommended order
 * quantity, the change is read as a change of the demand they expect: the planner's forecast of a
 * week = the system's forecast + (decided − recommended) / horizon weeks (the recommendation
 * covers the horizon, so the override is spread evenly over it). Once the actual is known, each
 * overridden SKU-week has two errors; FVA = the system's WAPE − the planner's WAPE, in points
 * (positive: the override made the forecast better). Censored weeks are left out.
 */
export interface OverriddenWeek {
  approver: string;
  itemId: string;
  weekStart: string;
  systemForecast: number;
  plannerForecast: number;
  actual: number;
  censored?: boolean;
}

export interface FvaSummary {
  key: string;
  overriddenWeeks: number;
  systemWapePct: number | null;
  plannerWapePct: number | null;
  /** systemWapePct − plannerWapePct: positive means the planners added value. */
  fvaPoints: number | null;
  /** Share (0–1) of weeks where the planner's error was smaller than the system's. */
  improvedShare: number | null;
}

/** The planner's implied weekly forecast from a quantity override (see the file comment). */
export function plannerForecast(systemForecast: number, recommendedQty: number, decidedQty: number, horizonWeeks: number): number {
  return Math.max(0, systemForecast + (decidedQty - recommendedQty) / Math.max(1, horizonWeeks));
}

export function summarizeFva(key: string, weeks: readonly OverriddenWeek[]): FvaSummary {
  const used = weeks.filter((w) => !w.censored);
  const actual = used.reduce((s, w) => s + w.actual, 0);
  const sys = used.reduce((s, w) => s + Math.abs(w.systemForecast - w.actual), 0);
  const plan = used.reduce((s, w) => s + Math.abs(w.plannerForecast - w.actual), 0);
  const systemWapePct = actual > 0 ? (100 * sys) / actual : null;
  const plannerWapePct = actual > 0 ? (100 * plan) / actual : null;
  return {
    key,
    overriddenWeeks: used.length,
    systemWapePct,
    plannerWapePct,
    fvaPoints: systemWapePct !== null && plannerWapePct !== null ? systemWapePct - plannerWapePct : null,
    improvedShare: used.length > 0 ? used.filter((w) => Math.abs(w.plannerForecast - w.actual) < Math.abs(w.systemForecast - w.actual)).length / used.length : null,
  };
}

/** FVA per approver (sorted by name) and overall ('*'). */
export function forecastValueAdded(weeks: readonly OverriddenWeek[]): { byApprover: FvaSummary[]; overall: FvaSummary } {
  const approvers = [...new Set(weeks.map((w) => w.approver))].sort();
  return { byApprover: approvers.map((a) => summarizeFva(a, weeks.filter((w) => w.approver === a))), overall: summarizeFva('*', weeks) };
}
