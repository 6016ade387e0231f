import { GLOBAL_TREE_NAME, GlobalForecaster, validateSku, validationCutoff } from './engine';
import { loadAugurs } from './models/augurs';

const constant = (value: number): GlobalForecaster => ({ forecast: (_history, h) => ({ mean: new Array<number>(h).fill(value) }) });

describe('the validation global model', () => {
  beforeAll(async () => {
    await loadAugurs();
  });

  it('validationCutoff: before the earliest of 3 rolling origins (n − 3h), or the one a short history has', () => {
    expect(validationCutoff(104, 4)).toBe(92); // origins 100, 96, 92
    expect(validationCutoff(30, 6)).toBe(12); // origins 24, 18, 12 (12 values before the last)
    expect(validationCutoff(20, 6)).toBe(14); // origins 14 only (8 < 12)
    expect(validationCutoff(14, 6)).toBe(12); // one shorter window from the minimum
  });

  it('forecasts the validation windows with validationGlobalModel, not globalModel', () => {
    const history = Array.from({ length: 60 }, (_, t) => 20 + (t % 5));
    const options = { horizon: 4, season: 1, candidates: ['ses', GLOBAL_TREE_NAME], globalModel: constant(1000) };
    const inSample = validateSku(history, options);
    const outOfSample = validateSku(history, { ...options, validationGlobalModel: constant(7) });
    if ('insufficient' in inSample || 'insufficient' in outOfSample) throw new Error('unreachable');
    expect(outOfSample.windows).toHaveLength(3);
    for (const w of outOfSample.windows) expect(w.forecasts[GLOBAL_TREE_NAME]).toEqual([7, 7, 7, 7]);
    for (const w of inSample.windows) expect(w.forecasts[GLOBAL_TREE_NAME]).toEqual([1000, 1000, 1000, 1000]);
    // The other members are validated the same way either way.
    expect(outOfSample.windows.map((w) => w.forecasts.ses)).toEqual(inSample.windows.map((w) => w.forecasts.ses));
  });
});
