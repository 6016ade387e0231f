import {
  mixSeed,
  sampleGamma,
  sampleInt,
  sampleNegativeBinomial,
  sampleNormal,
  samplePoisson,
  sampleWithoutReplacement,
  shuffleInPlace,
  Uniform,
  xoshiro128ss,
} from './prng';

function draws(n: number, sample: () => number): number[] {
  return Array.from({ length: n }, sample);
}

function meanOf(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function varianceOf(xs: number[]): number {
  const m = meanOf(xs);
  return xs.reduce((s, x) => s + (x - m) * (x - m), 0) / (xs.length - 1);
}

describe('xoshiro128ss', () => {
  it('repeats the same stream for the same seed', () => {
    const a = xoshiro128ss(42);
    const b = xoshiro128ss(42);
    expect(draws(1000, a)).toEqual(draws(1000, b));
  });

  it('gives different streams for neighbouring seeds', () => {
    const a = draws(100, xoshiro128ss(1));
    const b = draws(100, xoshiro128ss(2));
    expect(a.filter((x, i) => x === b[i]).length).toBe(0);
  });

  it('stays in [0, 1) with a uniform mean and variance', () => {
    const xs = draws(50_000, xoshiro128ss(7));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(meanOf(xs)).toBeCloseTo(0.5, 2);
    expect(varianceOf(xs)).toBeCloseTo(1 / 12, 2);
  });

  it('fills ten equal bins evenly (chi-square below the 0.1 % critical value)', () => {
    const rand = xoshiro128ss(2024);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rand() * 10)]!++;
    const chi2 = bins.reduce((s, o) => s + ((o - n / 10) ** 2) / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // df 9, p = 0.001
  });
});

describe('mixSeed', () => {
  it('depends on every part and on their order', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0));
    expect(mixSeed(5, 6)).toBe(mixSeed(5, 6));
  });
});

describe('samplers', () => {
  const rand: Uniform = xoshiro128ss(99);

  it('sampleInt covers both ends inclusively and nothing outside', () => {
    const xs = draws(5000, () => sampleInt(rand, 3, 6));
    expect(new Set(xs)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('sampleNormal has the requested mean and standard deviation', () => {
    const xs = draws(40_000, () => sampleNormal(rand, 10, 2));
    expect(meanOf(xs)).toBeCloseTo(10, 1);
    expect(Math.sqrt(varianceOf(xs))).toBeCloseTo(2, 1);
  });

  it.each([
    [0.5, 3],
    [2, 1.5],
    [9, 0.2],
  ])('sampleGamma(shape %p, scale %p) has mean kθ and variance kθ²', (shape, scale) => {
    const xs = draws(40_000, () => sampleGamma(rand, shape, scale));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(meanOf(xs) / (shape * scale)).toBeCloseTo(1, 1);
    expect(varianceOf(xs) / (shape * scale * scale)).toBeGreaterThan(0.9);
    expect(varianceOf(xs) / (shape * scale * scale)).toBeLessThan(1.1);
  });

  it.each([0.3, 4, 12, 250])('samplePoisson(%p) returns integers with mean = variance = λ', (lambda) => {
    const xs = draws(40_000, () => samplePoisson(rand, lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(meanOf(xs) / lambda).toBeGreaterThan(0.97);
    expect(meanOf(xs) / lambda).toBeLessThan(1.03);
    expect(varianceOf(xs) / lambda).toBeGreaterThan(0.93);
    expect(varianceOf(xs) / lambda).toBeLessThan(1.07);
  });

  it('sampleNegativeBinomial is overdispersed: variance = μ + μ²/r', () => {
    const mean = 6;
    const dispersion = 1.5;
    const xs = draws(60_000, () => sampleNegativeBinomial(rand, mean, dispersion));
    expect(meanOf(xs)).toBeCloseTo(mean, 0);
    const expectedVariance = mean + (mean * mean) / dispersion;
    expect(varianceOf(xs) / expectedVariance).toBeGreaterThan(0.92);
    expect(varianceOf(xs) / expectedVariance).toBeLessThan(1.08);
  });

  it('shuffleInPlace keeps every element', () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace(rand, [...values]);
    expect(shuffled).not.toEqual(values);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(values);
  });

  it('sampleWithoutReplacement returns k distinct indices below n, ascending', () => {
    const picked = Array.from(sampleWithoutReplacement(20, 7, rand));
    expect(picked).toHaveLength(7);
    expect(new Set(picked).size).toBe(7);
    expect(picked.every((i) => Number.isInteger(i) && i >= 0 && i < 20)).toBe(true);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(Array.from(sampleWithoutReplacement(5, 9, rand))).toEqual([0, 1, 2, 3, 4]);
  });
});
