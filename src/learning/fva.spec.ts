import { forecastValueAdded, plannerForecast } from './fva';

describe('plannerForecast', () => {
  it('spreads the quantity override evenly over the horizon', () => {
    // recommended 100, decided 140 over 4 weeks → +10 a week
    expect(plannerForecast(25, 100, 140, 4)).toBe(35);
    expect(plannerForecast(5, 100, 0, 4)).toBe(0); // never negative
  });
});

describe('forecastValueAdded', () => {
  const weeks = [
    // ann: system 30 vs actual 40 (10), planner 38 (2)
    { approver: 'ann', itemId: 'i1', weekStart: '2026-01-05', systemForecast: 30, plannerForecast: 38, actual: 40 },
    // ann: system 20 vs 20 (0), planner 24 (4)
    { approver: 'ann', itemId: 'i1', weekStart: '2026-01-12', systemForecast: 20, plannerForecast: 24, actual: 20 },
    // bob: system 50 vs 40 (10), planner 70 (30)
    { approver: 'bob', itemId: 'i2', weekStart: '2026-01-05', systemForecast: 50, plannerForecast: 70, actual: 40 },
    // a censored week counts for nobody
    { approver: 'bob', itemId: 'i2', weekStart: '2026-01-12', systemForecast: 50, plannerForecast: 0, actual: 1, censored: true },
  ];

  it('compares system and planner WAPE per approver', () => {
    const { byApprover } = forecastValueAdded(weeks);
    // ann: system 10/60 = 16.67 %, planner 6/60 = 10 % → +6.67 points
    expect(byApprover[0].key).toBe('ann');
    expect(byApprover[0].systemWapePct).toBeCloseTo(100 / 6, 10);
    expect(byApprover[0].plannerWapePct).toBeCloseTo(10, 10);
    expect(byApprover[0].fvaPoints).toBeCloseTo(100 / 6 - 10, 10);
    expect(byApprover[0].improvedShare).toBe(0.5);
    // bob: system 10/40 = 25 %, planner 30/40 = 75 % → −50 points
    expect(byApprover[1]).toMatchObject({ key: 'bob', overriddenWeeks: 1, fvaPoints: -50, improvedShare: 0 });
  });

  it('sums every approver’s weeks into the overall figure', () => {
    const { overall } = forecastValueAdded(weeks);
    // system 20/100 = 20 %, planner 36/100 = 36 % → −16 points
    expect(overall).toMatchObject({ key: '*', overriddenWeeks: 3 });
    expect(overall.fvaPoints).toBeCloseTo(-16, 10);
  });
});
