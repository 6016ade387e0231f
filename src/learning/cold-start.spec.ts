import { COLD_START_DEFAULTS, ColdStartOptions, coldStartForecast, ownFit } from './cold-start';

/** No launch ramp, σ unscaled, no floor: the level and σ arithmetic on its own. */
const PLAIN: ColdStartOptions = { halfLifeWeeks: 1, shrinkWeeks: 0, peerCvWeeks: 0.5, sdMultiplier: 1, cvFloor: 0, launchProfile: null };

describe('ownFit', () => {
  it('weights recent weeks: half-life 1 → weights ½, 1', () => {
    // x = 2, 4: level (½·2 + 4) / 1.5 = 10/3; n_eff = 1.5² / 1.25 = 1.8;
    // weighted variance (½·(4/3)² + (2/3)²) / 1.5 = 8/9, × 1.8 / 0.8 = 2.
    const f = ownFit([2, 4], 1);
    expect(f.level).toBeCloseTo(10 / 3, 12);
    expect(f.nEff).toBeCloseTo(1.8, 12);
    expect(f.variance).toBeCloseTo(2, 12);
    expect(f.cv).toBeCloseTo(Math.sqrt(2) / (10 / 3), 12);
  });

  it('is the plain mean and sample variance with an infinite half-life', () => {
    expect(ownFit([2, 4], Infinity)).toMatchObject({ level: 3, variance: 2, nEff: 2 });
    expect(ownFit([5], Infinity)).toMatchObject({ level: 5, variance: 0, nEff: 1 });
    expect(ownFit([0, 0], 3).cv).toBe(Infinity);
  });
});

describe('coldStartForecast', () => {
  it('scales by the recency-weighted own level, σ from the weekly noise plus the level’s own uncertainty', () => {
    // level 10/3 (above); peers constant 3 → scale 10/9, peer CV 0; σ_week² = (1·2 + 0.5·0) / 1.5 = 4/3
    // (noise from all weeks: sample variance 2, 1 degree of freedom); σ_level² = (4/3) / 1.8.
    const f = coldStartForecast([2, 4], [[3, 3, 3, 3]], 2, PLAIN)!;
    expect(f.mean[0]).toBeCloseTo(10 / 3, 12);
    expect(f.mean[1]).toBeCloseTo(10 / 3, 12);
    expect(f.scale).toBeCloseTo(10 / 9, 12);
    expect(f.sd[0]).toBeCloseTo(Math.sqrt(4 / 3 + 4 / 3 / 1.8), 12);
    expect(f.flag).toBe('cold_start');
    expect(f.peers).toBe(1);
  });

  it('shrinks toward the typical peer with shrinkWeeks pseudo-weeks', () => {
    // (1.8 · 10/3 + 1 · 3) / 2.8 = 9 / 2.8
    const f = coldStartForecast([2, 4], [[3, 3, 3, 3]], 1, { ...PLAIN, shrinkWeeks: 1 })!;
    expect(f.mean[0]).toBeCloseTo(9 / 2.8, 12);
  });

  const RAMP = { ...COLD_START_DEFAULTS, launchProfile: [0.25, 0.5, 0.75] };

  it('takes a learned launch ramp out of the first weeks and puts it back into the forecast', () => {
    // One week of 5 in life week 1 (ramp ¼) → level 20; weeks 2–5 at ½, ¾, 1, 1 of it.
    // σ: no own noise, peers constant → 0, so the floor 0.5 × 20 = 10, ramped the same way.
    const f = coldStartForecast([5], [[10, 10, 10, 10]], 4, RAMP)!;
    expect(f.mean).toEqual([10, 15, 20, 20]);
    expect(f.sd).toEqual([5, 7.5, 10, 10]);
    expect(f.scale).toBe(2);
    // 5 then 10 fits the ramp exactly (20, 20): week 3 at ¾ of 20.
    expect(coldStartForecast([5, 10], [[10, 10, 10, 10]], 2, RAMP)!.mean).toEqual([15, 20]);
    // no profile (the default: the catalog showed no ramp): a week of 5 is a level of 5
    expect(coldStartForecast([5], [[10, 10, 10, 10]], 2)!.mean).toEqual([5, 5]);
  });

  it('drops the ramp when the own weeks are steadier without it (a SKU that did not ramp)', () => {
    // 20, 20: flat CV 0 against 80, 40 de-ramped → flat: 20 a week, σ the floor 0.5 × 20.
    const f = coldStartForecast([20, 20], [[10, 10, 10, 10]], 3, RAMP)!;
    expect(f.mean).toEqual([20, 20, 20]);
    expect(f.sd).toEqual([10, 10, 10]);
  });

  it('with no own weeks: the median peer, the spread of peer levels as σ', () => {
    // Peer levels 10, 30, 20: median 20; σ_level = √((100 + 100 + 0) / 3); × 1.6 = 13.064 > floor 10;
    // with a learned ramp, life week 1 is ¼ of it: mean 5, σ 3.266; without one, 20 and 13.064.
    const peers = [[10, 10, 10, 10], [30, 30, 30, 30], [20, 20, 20, 20]];
    const f = coldStartForecast([], peers, 1, RAMP)!;
    expect(f.mean[0]).toBeCloseTo(5, 12);
    expect(f.sd[0]).toBeCloseTo((1.6 * Math.sqrt(200 / 3)) / 4, 12);
    expect(f.scale).toBe(1);
    const flat = coldStartForecast([], peers, 1)!;
    expect(flat.mean[0]).toBeCloseTo(20, 12);
    expect(flat.sd[0]).toBeCloseTo(1.6 * Math.sqrt(200 / 3), 12);
  });

  it('keeps some spread for a SKU that has sold nothing yet', () => {
    // Level 0 after 3 weeks; σ_level = typical peer 8 / (3 + 1) = 2, × 1.6; week 4 is past the ramp.
    const f = coldStartForecast([0, 0, 0], [[8, 8, 8, 8]], 1)!;
    expect(f.mean).toEqual([0]);
    expect(f.sd[0]).toBeCloseTo(3.2, 12);
  });

  it('falls back to the own weeks without peers and to nothing without either', () => {
    // 4, 6, plain mean 5, sample variance 2; peer CV replaced by the floor 0.5: prior (2.5)² = 6.25;
    // σ_week² = (2 + 0.5 · 6.25) / 1.5, σ_level² = σ_week² / 2.
    const options = { ...COLD_START_DEFAULTS, halfLifeWeeks: Infinity, sdMultiplier: 1, launchProfile: null };
    const f = coldStartForecast([4, 6], [], 1, { ...options, cvFloor: 0 })!;
    const week = (2 + 0.5 * 6.25) / 1.5;
    expect(f).toMatchObject({ mean: [5], peers: 0, scale: 1 });
    expect(f.sd[0]).toBeCloseTo(Math.sqrt(week * 1.5), 12); // 2.264
    // The floor 0.5 × 5 = 2.5 is wider.
    expect(coldStartForecast([4, 6], [], 1, options)!.sd[0]).toBe(2.5);
    expect(coldStartForecast([], [], 4)).toBeNull();
  });
});
