import { formatKpiLines, judgeKpis } from './kpi-targets';

const good = { overallMapePct: 24, aClassMapePct: 15, improvementOverSeasonalNaivePct: 22, feedbackCompletenessPct: 80, forecastSuccessPct: 99 };

describe('judgeKpis', () => {
  it('meets every target and raises no alert on good figures', () => {
    const v = judgeKpis(good);
    expect(v.lines.every((l) => l.met)).toBe(true);
    expect(v.alerts).toEqual([]);
  });

  it('misses a target without alerting between the target and the alert threshold', () => {
    // 32 % misses < 30 % but is not above the 35 % alert threshold
    const v = judgeKpis({ ...good, overallMapePct: 32 });
    expect(v.lines[0]).toEqual({ name: 'MAPE (overall)', value: 32, target: '< 30 %', met: false });
    expect(v.alerts).toEqual([]);
  });

  it('alerts above 35 % overall, 25 % A class and below 90 % success', () => {
    const v = judgeKpis({ ...good, overallMapePct: 35.5, aClassMapePct: 26, forecastSuccessPct: 89 });
    expect(v.alerts).toEqual([
      'overall MAPE 35.5 % is above the 35 % alert threshold',
      'A-class MAPE 26.0 % is above the 25 % alert threshold',
      'forecast success 89.0 % is below the 90 % alert threshold',
    ]);
  });

  it('neither meets nor alerts without data', () => {
    const v = judgeKpis({ ...good, overallMapePct: null });
    expect(v.lines[0].met).toBeNull();
    expect(formatKpiLines(v)[0]).toBe('MAPE (overall): no data yet (target < 30 %)');
  });

  it('formats the improvement threshold inclusively: exactly 15 % is met', () => {
    expect(judgeKpis({ ...good, improvementOverSeasonalNaivePct: 15 }).lines[2].met).toBe(true);
  });
});
