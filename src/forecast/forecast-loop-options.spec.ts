import { addWeeks } from '../common/iso-week';
import { CalibrationTable, DEFAULT_CALIBRATION } from './calibration';
import { forecastOf, inlineForecastService } from './inline-forecast-service.spec-support';
import { loadAugurs } from './models/augurs';

/**
 * The learning loop's two options of forecastItems (level adjustments, a learned calibration),
 * inline (no thread script under jest) with a stub weights repository: no database involved.
 */
const LAST = '2026-06-01';
const WEEKS = 60;
const CHANGE = addWeeks(LAST, -3); // the last 4 weeks at the new level

// 56 weeks at 100 ± 2, then 4 weeks at 200 ± 2 (alternating, so every member has some spread).
const usage = Array.from({ length: WEEKS }, (_, i) => ({ weekStart: addWeeks(LAST, i - WEEKS + 1), quantity: (i < WEEKS - 4 ? 100 : 200) + (i % 2 === 0 ? 2 : -2) }));

beforeAll(async () => {
  await loadAugurs();
});

describe('ForecastService.forecastItems with the learning loop’s options', () => {
  it('fits a SKU with an active level adjustment on the history scaled before the change week', async () => {
    const s = inlineForecastService();
    const plain = forecastOf((await s.forecastItems([{ itemId: 'a', usage }], LAST, null)).get('a'));
    const adjusted = forecastOf((await s.forecastItems([{ itemId: 'a', usage }], LAST, null, { levelAdjustments: new Map([['a', { changeWeek: CHANGE, ratio: 2 }]]) })).get('a'));
    // Scaled by 2 the 56 weeks before the change read 200 ± 4: the whole history is at the new level.
    expect(Math.abs(adjusted.mean[0] - 200)).toBeLessThan(8);
    // Without it, the members still carry the old level in part.
    expect(Math.abs(plain.mean[0] - 200)).toBeGreaterThan(Math.abs(adjusted.mean[0] - 200));
    // Another item's adjustment leaves this one alone.
    const other = forecastOf((await s.forecastItems([{ itemId: 'a', usage }], LAST, null, { levelAdjustments: new Map([['b', { changeWeek: CHANGE, ratio: 2 }]]) })).get('a'));
    expect(other.mean).toEqual(plain.mean);
  });

  it('reads the quantiles at the calibration table it is given', async () => {
    const s = inlineForecastService();
    const plain = forecastOf((await s.forecastItems([{ itemId: 'a', usage }], LAST, null)).get('a'));
    expect(plain.pattern).toBe('smooth');
    // Step level 0.5 for p90: the p90 of a (truncated) normal read at its median, i.e. the p50.
    const table: CalibrationTable = { ...DEFAULT_CALIBRATION, smooth: { ...DEFAULT_CALIBRATION.smooth, stepLevel: { p90: 0.5, p95: 0.5, p99: 0.5 } } };
    const calibrated = forecastOf((await s.forecastItems([{ itemId: 'a', usage }], LAST, null, { calibration: table })).get('a'));
    expect(calibrated.mean).toEqual(plain.mean);
    calibrated.quantiles.p90.forEach((q, i) => expect(q).toBeCloseTo(calibrated.quantiles.p50[i], 9));
    plain.quantiles.p90.forEach((q, i) => expect(q).toBeGreaterThan(plain.quantiles.p50[i]));
  });
});
