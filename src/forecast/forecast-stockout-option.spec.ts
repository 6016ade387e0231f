import { addWeeks } from '../common/iso-week';
import { censoredDemandHistory } from './censored-demand';
import { forecastOf, inlineForecastService } from './inline-forecast-service.spec-support';
import { loadAugurs } from './models/augurs';

/**
 * forecastItems' `stockoutWeeks` option, inline (no thread script under jest) with a stub weights
 * repository: a stock-out week's usage is replaced by its estimate before the members are fitted.
 */
const LAST = '2026-06-01';
const WEEKS = 60;
// 60 weeks at 100 ± 2 (alternating); the newest week recorded only 20: the stock ran out.
const quantities = Array.from({ length: WEEKS }, (_, i) => (i === WEEKS - 1 ? 20 : 100 + (i % 2 === 0 ? 2 : -2)));
const rows = (values: readonly number[]) => values.map((quantity, i) => ({ weekStart: addWeeks(LAST, i - WEEKS + 1), quantity }));

beforeAll(async () => {
  await loadAugurs();
});

describe('ForecastService.forecastItems with stock-out weeks', () => {
  it('fits on the history with the stock-out week at its estimate, the same as if it had been recorded so', async () => {
    const s = inlineForecastService();
    const plain = forecastOf((await s.forecastItems([{ itemId: 'a', usage: rows(quantities) }], LAST, null)).get('a'));
    const corrected = forecastOf((await s.forecastItems([{ itemId: 'a', usage: rows(quantities) }], LAST, null, { stockoutWeeks: new Map([['a', [LAST]]]) })).get('a'));
    // The estimate: the median of the 13 clean weeks before that used more than 20 (seven at 102, six at 98) = 102.
    const filled = censoredDemandHistory(quantities, [WEEKS - 1]);
    expect(filled[WEEKS - 1]).toBe(102);
    const asIfRecorded = forecastOf((await s.forecastItems([{ itemId: 'a', usage: rows(filled) }], LAST, null)).get('a'));
    expect(corrected.mean).toEqual(asIfRecorded.mean);
    // Fitted on the floor of 20 the forecast comes out lower.
    // Fitted on the floor of 20 the forecast comes out lower (about 3 units here: smooth members weigh one week little).
    expect(plain.mean[0]).toBeLessThan(corrected.mean[0] - 2);
    // Another item's stock-out, or a week outside the history, leaves this one alone.
    const other = forecastOf((await s.forecastItems([{ itemId: 'a', usage: rows(quantities) }], LAST, null, { stockoutWeeks: new Map([['b', [LAST]], ['a', [addWeeks(LAST, 1)]]]) })).get('a'));
    expect(other.mean).toEqual(plain.mean);
  });
});
