import { forecastSku, isInsufficientHistory, SkuForecast, validateSku } from './engine';
import { SelectionTable, SkuValidation } from './member-selection';

/**
 * ARIMA and CES are selection extras (ensemble.ts SELECTION_EXTRAS): validated for a selection fit,
 * run by the engine only when the table's rule names them, never by caller weights or the default
 * table. A smooth weekly-like series: level 100 with a gentle wave, 60 weeks.
 */
const Y = Array.from({ length: 60 }, (_, t) => 100 + 10 * Math.sin(t / 3) + (t % 5));
const OPTIONS = { horizon: 4, season: 52 };

function forecast(extra: object = {}): SkuForecast {
  const result = forecastSku(Y, { ...OPTIONS, ...extra });
  if (isInsufficientHistory(result)) throw new Error('expected a forecast');
  return result;
}

const ARIMA_AND_THETA: SelectionTable = {
  smooth: {
    rule: { members: ['theta', 'arima'], power: 0, strength: Infinity },
    distributionRule: { members: ['theta'], power: 0, strength: Infinity },
    errors: { theta: 1, arima: 1 },
    skus: 100,
  },
};

describe('selection extras (ARIMA, CES)', () => {
  it('are validated when a selection is being fitted', () => {
    const v = validateSku(Y, OPTIONS) as SkuValidation;
    expect(v.pattern).toBe('smooth');
    expect(Object.keys(v.windows[0].forecasts).sort()).toEqual(['arima', 'ces', 'ets', 'theta']);
  });

  it('are not run with the default table or with caller weights', () => {
    for (const f of [forecast(), forecast({ weights: { ets: 0.5, theta: 0.5 } })]) {
      expect(f.members).toContain('theta');
      expect(f.members).not.toContain('arima');
      expect(f.members).not.toContain('ces');
    }
  });

  it('enter the point forecast when the rule names them, and stay out of the distribution', () => {
    const f = forecast({ selection: ARIMA_AND_THETA });
    expect(Object.keys(f.memberMeans).sort()).toEqual(['arima', 'theta']);
    expect(f.pointWeights).toEqual({ theta: 0.5, arima: 0.5 });
    f.point.forEach((v, i) => expect(v).toBeCloseTo((f.memberMeans.theta[i] + f.memberMeans.arima[i]) / 2, 9));
    expect(f.weights).toEqual({ theta: 1, arima: 0 });
    expect(f.mean).toEqual(f.memberMeans.theta);
  });
});
