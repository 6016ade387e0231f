import { inverseNormalCdf, inverseNormalLoss, normalCdf, normalLoss, normalPdf } from './normal';

describe('normal distribution', () => {
  it.each([
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.99, 2.3263478740408408],
    [0.975, 1.959963984540054],
    [0.5, 0],
    [0.01, -2.3263478740408408],
    [1e-6, -4.753424308822899],
  ])('inverseNormalCdf(%p) = %p to 1e-9', (p, z) => {
    expect(Math.abs(inverseNormalCdf(p) - z)).toBeLessThan(1e-9);
  });

  it('round-trips through the CDF across the range', () => {
    for (let p = 0.0005; p < 1; p += 0.0123) expect(Math.abs(normalCdf(inverseNormalCdf(p)) - p)).toBeLessThan(1e-13);
  });

  it('matches known CDF values, including the far tail', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-14);
    expect(Math.abs(normalCdf(-6) / 9.865876450376946e-10 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(normalPdf(0) - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-16);
  });

  it('loss function G(z) = φ(z) − z(1 − Φ(z)) with its known values and inverse', () => {
    expect(Math.abs(normalLoss(0) - 0.3989422804014327)).toBeLessThan(1e-12);
    expect(Math.abs(normalLoss(1) - 0.08331547058768)).toBeLessThan(1e-10);
    expect(Math.abs(normalLoss(-1) - (0.08331547058768 + 1))).toBeLessThan(1e-10); // G(−z) = G(z) + z
    expect(Math.abs(inverseNormalLoss(normalLoss(1.3)) - 1.3)).toBeLessThan(1e-9);
  });

  it('rejects probabilities outside [0, 1] and handles the ends', () => {
    expect(() => inverseNormalCdf(1.2)).toThrow(RangeError);
    expect(() => inverseNormalCdf(NaN)).toThrow(RangeError);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
  });
});

describe('inverseNormalCdf, checked against tables', () => {
  it('matches tabulated normal quantiles in the centre and both tails', () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormalCdf(0.8)).toBeCloseTo(0.841621, 5);
    expect(inverseNormalCdf(0.95)).toBeCloseTo(1.644854, 5);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseNormalCdf(0.99)).toBeCloseTo(2.326348, 5);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => inverseNormalCdf(-0.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(1.1)).toThrow(RangeError);
  });
  it('inverts the standard normal CDF (the forecast quantiles use it)', () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959964, 5);
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.326348, 5);
  });

});
