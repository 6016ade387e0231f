import { forecastSku, isInsufficientHistory, SkuForecast, validateSku } from './engine';
import { SelectionTable, SkuValidation } from './member-selection';

/**
 * The engine's weights from validation errors worked out by hand.
 *
 * Series (season 4, horizon 2): weeks 0–13 repeat 10, 20, 30, 40; then 30, 40 | 12, 20 | 30, 44.
 * Three rolling origins: 18, 16 and 14 (each leaves ≥ 12 values before it). Each member is fit on
 * the values before the origin only:
 *   naive (last value):        origin 14: f = 20, 20 vs 30, 40 → 10 + 20 = 30
 *                              origin 16: f = 40, 40 vs 12, 20 → 28 + 20 = 48
 *                              origin 18: f = 20, 20 vs 30, 44 → 10 + 24 = 34   Σ 112 over 6 points
 *   seasonal naive (lag 4):    origin 14: f = y10, y11 = 30, 40 → 0
 *                              origin 16: f = y12, y13 = 10, 20 vs 12, 20 → 2
 *                              origin 18: f = y14, y15 = 30, 40 vs 30, 44 → 4   Σ 6 over 6 points
 */
const Y = [10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40, 12, 20, 30, 44];
const OPTIONS = { horizon: 2, season: 4, candidates: ['naive', 'seasonal-naive'] };

function forecast(extra: object = {}): SkuForecast {
  const result = forecastSku(Y, { ...OPTIONS, ...extra });
  if (isInsufficientHistory(result)) throw new Error('expected a forecast');
  return result;
}

describe('engine weights from rolling validation origins', () => {
  it('weights inversely to the MAE over all three origins, floor 0.1, renormalised', () => {
    // MAE naive 112/6, seasonal naive 6/6 = 1. Shares ∝ 6/112 and 1 → naive 6/118 < 0.1 → raised
    // to 0.1; then both divided by 0.1 + 112/118.
    const w = forecast().weights;
    const seasonalShare = (1 / 1) / (6 / 112 + 1);
    const sum = 0.1 + seasonalShare;
    expect(w.naive).toBeCloseTo(0.1 / sum, 10);
    expect(w['seasonal-naive']).toBeCloseTo(seasonalShare / sum, 10);
  });

  it('is not the equal-weight combination', () => {
    const w = forecast().weights;
    expect(Math.abs(w.naive - 0.5)).toBeGreaterThan(0.3);
  });

  it('uses the single last window only when asked for one origin (its own hand numbers)', () => {
    // Origin 18 only: naive 34/2 = 17, seasonal naive 4/2 = 2 → shares ∝ 1/17, 1/2 → naive
    // (1/17)/(1/17 + 1/2) = 2/19 ≈ 0.105 (above the floor).
    const w = forecast({ validationOrigins: 1 }).weights;
    expect(w.naive).toBeCloseTo(2 / 19, 10);
    expect(w['seasonal-naive']).toBeCloseTo(17 / 19, 10);
  });

  it('validates each origin on values before it only (no leakage into the fit)', () => {
    const v = validateSku(Y, OPTIONS) as SkuValidation;
    expect(v.windows.map((w) => w.actual)).toEqual([[30, 44], [12, 20], [30, 40]]);
    expect(v.windows.map((w) => w.forecasts.naive)).toEqual([[20, 20], [40, 40], [20, 20]]);
    expect(v.windows.map((w) => w.forecasts['seasonal-naive'])).toEqual([[30, 40], [10, 20], [30, 40]]);
    // Scale: lag-4 differences of weeks 0–13 are all 0, so lag 1: (10·10 + 3·30)/13.
    expect(v.scale).toBeCloseTo(190 / 13, 12);
  });

  it('shrinks the SKU errors toward the pattern-level errors with the rule of the selection table', () => {
    // Scaled sums: naive 112/(190/13), seasonal naive 6/(190/13), 6 points each. Prior errors 1.0
    // and 0.5, strength 6 points: ê = (sum + 6·prior)/(6 + 6); power 1: w ∝ 1/ê.
    const scale = 190 / 13;
    const rule = { members: ['naive', 'seasonal-naive'], power: 1, strength: 6 };
    const entry = { rule, errors: { naive: 1, 'seasonal-naive': 0.5 }, skus: 100 };
    const selection: SelectionTable = { smooth: entry, erratic: entry, intermittent: entry, lumpy: entry };
    const eNaive = (112 / scale + 6 * 1) / 12;
    const eSeasonal = (6 / scale + 6 * 0.5) / 12;
    const w = forecast({ selection }).weights;
    expect(w.naive).toBeCloseTo(1 / eNaive / (1 / eNaive + 1 / eSeasonal), 10);
    expect(w['seasonal-naive']).toBeCloseTo(1 / eSeasonal / (1 / eNaive + 1 / eSeasonal), 10);
  });

  it('fits only the members the rule keeps', () => {
    const entry = { rule: { members: ['naive'], power: 0, strength: Infinity }, errors: { naive: 1, 'seasonal-naive': 0.5 }, skus: 100 };
    const selection: SelectionTable = { smooth: entry, erratic: entry, intermittent: entry, lumpy: entry };
    const result = forecast({ selection });
    expect(result.members).toEqual(['naive']);
    expect(result.weights).toEqual({ naive: 1 });
    expect(result.mean).toEqual([44, 44]);
  });

  it('takes the caller weights as given (floored, renormalised) without validating', () => {
    const w = forecast({ weights: { naive: 3, 'seasonal-naive': 1 } }).weights;
    expect(w.naive).toBeCloseTo(0.75, 12);
    expect(w['seasonal-naive']).toBeCloseTo(0.25, 12);
  });

  it('with no validation origins weights by the pattern-level errors alone', () => {
    // Prior errors 1.0 and 0.5, no windows of its own: w ∝ 1/1 and 1/0.5 → 1/3 and 2/3.
    const rule = { members: ['naive', 'seasonal-naive'], power: 1, strength: 0 };
    const entry = { rule, errors: { naive: 1, 'seasonal-naive': 0.5 }, skus: 100 };
    const selection: SelectionTable = { smooth: entry, erratic: entry, intermittent: entry, lumpy: entry };
    const w = forecast({ selection, validationOrigins: 0 }).weights;
    expect(w.naive).toBeCloseTo(1 / 3, 12);
    expect(w['seasonal-naive']).toBeCloseTo(2 / 3, 12);
  });
});

