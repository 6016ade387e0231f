import {
  approvalRatePct,
  approvalTimeHours,
  automatedPoSharePct,
  decisionErrorPct,
  DecisionRow,
  excessStockValue,
  feedbackCompletenessPct,
  forecastToOrderConversionPct,
  needsReevaluation,
} from './business-kpis';

const row = (status: DecisionRow['status'], recommendedQty: number, decidedQty: number | null = null): DecisionRow => ({ status, recommendedQty, decidedQty, decidedBy: decidedQty === null ? null : 'ann' });

describe('business KPIs', () => {
  it('values stock above the order-up-to level', () => {
    // (120 − 100) × 2.5 + 0 (under S) = 50
    expect(excessStockValue([{ onHandUnits: 120, orderUpToUnits: 100, unitCost: 2.5 }, { onHandUnits: 10, orderUpToUnits: 40, unitCost: 9 }])).toBe(50);
  });

  it('measures approval time in hours, mean and median', () => {
    const t0 = new Date('2026-01-05T02:00:00Z');
    const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
    expect(approvalTimeHours([{ createdAt: t0, decidedAt: at(2) }, { createdAt: t0, decidedAt: at(4) }, { createdAt: t0, decidedAt: at(12) }, { createdAt: t0, decidedAt: null }])).toEqual({ n: 3, meanHours: 6, medianHours: 4 });
  });

  const rows = [row('approved', 10, 10), row('adjusted', 10, 14), row('rejected', 10, 0), row('open', 10), row('superseded', 5), row('no_action', 0)];

  it('feedback completeness: decided over everything that asked for a decision', () => {
    // 3 decided of 5 (no_action excluded)
    expect(feedbackCompletenessPct(rows)).toBe(60);
  });

  it('approval rate: approved as recommended over decided', () => {
    expect(approvalRatePct(rows)).toBeCloseTo(100 / 3, 10);
  });

  it('forecast-to-order conversion: ordered over recommended to order', () => {
    // approved and adjusted ordered (2) of 5 with qty > 0
    expect(forecastToOrderConversionPct(rows)).toBe(40);
  });

  it('share of decided POs approved by the system', () => {
    expect(automatedPoSharePct([{ status: 'approved', decidedBy: 'system' }, { status: 'received', decidedBy: 'ann' }, { status: 'pending_approval', decidedBy: null }, { status: 'approved', decidedBy: 'system' }])).toBeCloseTo(200 / 3, 10);
    expect(automatedPoSharePct([])).toBeNull();
  });

  it('decision error and the 25 % re-evaluation threshold', () => {
    expect(decisionErrorPct(100, 130)).toBe(30);
    expect(needsReevaluation(100, 125)).toBe(false);
    expect(needsReevaluation(100, 126)).toBe(true);
    expect(needsReevaluation(100, 70)).toBe(true);
    expect(needsReevaluation(0, 5)).toBe(true);
    expect(needsReevaluation(0, 0)).toBe(false);
  });
});
