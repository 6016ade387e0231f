import { augursEts, augursProphet, isAugursLoaded, isAugursProphetLoaded, loadAugurs } from './augurs';

describe('loadAugurs', () => {
  it('loads the ETS submodule once and exposes a working AutoETS', async () => {
    await loadAugurs();
    await loadAugurs();
    expect(isAugursLoaded()).toBe(true);
    const { AutoETS } = augursEts();
    const auto = new AutoETS(1, 'ZZN');
    auto.fit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const f = auto.predict(2);
    expect(f.point[0]).toBeCloseTo(11, 0);
    auto.free();
  });
});

describe('loadAugurs and Prophet', () => {
  it('loads Prophet and its optimizer too', async () => {
    await loadAugurs();
    expect(isAugursProphetLoaded()).toBe(true);
    expect(typeof augursProphet().prophet.Prophet).toBe('function');
  });
});
