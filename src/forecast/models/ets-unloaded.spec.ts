import { etsModel } from './ets';

describe('ets before loadAugurs()', () => {
  it('says that loadAugurs() must be awaited first', () => {
    const y = Array.from({ length: 20 }, (_, t) => t + 1);
    expect(() => etsModel().fit(y, { season: 1 })).toThrow(/loadAugurs\(\)/);
  });
});
