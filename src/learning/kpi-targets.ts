/**
 * The plan's KPI targets and alert thresholds, for the daily report. Percentages 0–100.
 *   targets: overall MAPE < 30 %, A-class MAPE < 20 %, ensemble ≥ 15 % better than seasonal naive,
 *            feedback completeness > 70 %, forecast success ≥ 95 %
 *   alerts:  overall MAPE > 35 %, A-class MAPE > 25 %, forecast success < 90 %
 * A figure without data is reported as such and neither meets a target nor raises an alert.
 */
export interface HeadlineKpis {
  overallMapePct: number | null;
  aClassMapePct: number | null;
  improvementOverSeasonalNaivePct: number | null;
  feedbackCompletenessPct: number | null;
  forecastSuccessPct: number | null;
}

export interface KpiLine {
  name: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

export interface KpiVerdict {
  lines: KpiLine[];
  alerts: string[];
}

const TARGETS: readonly { key: keyof HeadlineKpis; name: string; target: string; met: (v: number) => boolean }[] = [
  { key: 'overallMapePct', name: 'MAPE (overall)', target: '< 30 %', met: (v) => v < 30 },
  { key: 'aClassMapePct', name: 'MAPE (A class)', target: '< 20 %', met: (v) => v < 20 },
  { key: 'improvementOverSeasonalNaivePct', name: 'improvement over seasonal naive', target: '≥ 15 %', met: (v) => v >= 15 },
  { key: 'feedbackCompletenessPct', name: 'feedback completeness', target: '> 70 %', met: (v) => v > 70 },
  { key: 'forecastSuccessPct', name: 'forecast success rate', target: '≥ 95 %', met: (v) => v >= 95 },
];

const ALERTS: readonly { key: keyof HeadlineKpis; fires: (v: number) => boolean; message: (v: number) => string }[] = [
  { key: 'overallMapePct', fires: (v) => v > 35, message: (v) => `overall MAPE ${v.toFixed(1)} % is above the 35 % alert threshold` },
  { key: 'aClassMapePct', fires: (v) => v > 25, message: (v) => `A-class MAPE ${v.toFixed(1)} % is above the 25 % alert threshold` },
  { key: 'forecastSuccessPct', fires: (v) => v < 90, message: (v) => `forecast success ${v.toFixed(1)} % is below the 90 % alert threshold` },
];

export function judgeKpis(kpis: HeadlineKpis): KpiVerdict {
  const lines = TARGETS.map((t) => {
    const value = kpis[t.key];
    return { name: t.name, value, target: t.target, met: value === null || !Number.isFinite(value) ? null : t.met(value) };
  });
  const alerts = ALERTS.flatMap((a) => {
    const value = kpis[a.key];
    return value !== null && Number.isFinite(value) && a.fires(value) ? [a.message(value)] : [];
  });
  return { lines, alerts };
}

/** Plain-text lines for the e-mail / Slack report. */
export function formatKpiLines(verdict: KpiVerdict): string[] {
  const out = verdict.lines.map((l) => `${l.name}: ${l.value === null ? 'no data yet' : `${l.value.toFixed(1)} %`} (target ${l.target}${l.met === null ? '' : l.met ? ', met' : ', NOT met'})`);
  return [...out, ...verdict.alerts.map((a) => `ALERT: ${a}`)];
}
