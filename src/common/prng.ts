/**
 * Seeded pseudo-random numbers and the few distributions the demo data, simulations and
 * benchmarks need. Pure: the same seed gives the same stream on every machine and Node version
 * (only 32-bit integer arithmetic and IEEE doubles, no Math.random).
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * 2018; https://prng.di.unimi.it/). 128-bit state, period 2^128 − 1, passes BigCrush; the state
 * is filled from the seed with splitmix32 so that nearby seeds give unrelated streams.
 *
 * A `Uniform` is just `() => number` in [0, 1); the samplers take one, so tests can pass any source.
 * This is the project's one seeded generator: demo data, simulations, benchmarks and the
 * gradient-boosted trees (bagging, feature subsampling, bin sampling) all draw from it.
 */
import { logGamma } from './log-gamma';

/** A source of uniform doubles in [0, 1). */
export type Uniform = () => number;

const TWO_POW_32 = 4294967296;

/** splitmix32: a 32-bit integer hash used to expand one seed into generator state. */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Mixes any number of integer parts (seed, item index, …) into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
  const state = { x: 0x6a09e667 };
  let h = 0;
  for (const part of parts) {
    if (!Number.isFinite(part)) throw new RangeError(`seed part must be finite, got ${part}`);
    // Both 32-bit halves of integers up to 2^53 contribute.
    const low = part >>> 0;
    const high = Math.floor(part / TWO_POW_32) >>> 0;
    state.x ^= h ^ low;
    h = splitmix32(state);
    state.x ^= high;
    h = splitmix32(state) ^ Math.imul(h, 0x85ebca6b);
  }
  return h >>> 0;
}

/** xoshiro128**: uniform doubles in [0, 1) with 32 random bits each. */
export function xoshiro128ss(seed: number): Uniform {
  const init = { x: mixSeed(seed) };
  let s0 = splitmix32(init) | 0;
  let s1 = splitmix32(init) | 0;
  let s2 = splitmix32(init) | 0;
  let s3 = splitmix32(init) | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is the one fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result / TWO_POW_32;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Integer uniformly in [minInclusive, maxInclusive]. */
export function sampleInt(rand: Uniform, minInclusive: number, maxInclusive: number): number {
  return minInclusive + Math.floor(rand() * (maxInclusive - minInclusive + 1));
}

/** Double uniformly in [min, max). */
export function sampleUniform(rand: Uniform, min: number, max: number): number {
  return min + (max - min) * rand();
}

/** One element of a non-empty array, uniformly. */
export function sampleOne<T>(rand: Uniform, values: readonly T[]): T {
  if (values.length === 0) throw new RangeError('cannot sample from an empty array');
  return values[Math.floor(rand() * values.length)]!;
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T>(rand: Uniform, values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

/** k distinct integers from 0..n-1 (partial Fisher–Yates), in ascending order. */
export function sampleWithoutReplacement(n: number, k: number, rand: Uniform): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const take = Math.max(0, Math.min(n, k));
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, take).sort();
}

/** Standard normal by Box–Muller (one of the pair is dropped to keep the sampler stateless). */
export function sampleStandardNormal(rand: Uniform): number {
  const u1 = 1 - rand(); // (0, 1]: log is finite
  const u2 = rand();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function sampleNormal(rand: Uniform, mean: number, sd: number): number {
  return mean + sd * sampleStandardNormal(rand);
}

/** exp(N(mu, sigma²)): median e^mu. */
export function sampleLogNormal(rand: Uniform, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * sampleStandardNormal(rand));
}

/**
 * Gamma(shape k, scale θ): mean kθ, variance kθ². Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3); for k < 1 the k+1 draw is scaled by U^(1/k).
 */
export function sampleGamma(rand: Uniform, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma needs shape > 0 and scale > 0, got ${shape}, ${scale}`);
  if (shape < 1) {
    const u = 1 - rand();
    return sampleGamma(rand, shape + 1, scale) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleStandardNormal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** Gamma parameterised by mean and coefficient of variation (shape 1/CV², scale mean·CV²). */
export function sampleGammaMeanCv(rand: Uniform, mean: number, cv: number): number {
  if (mean <= 0) return 0;
  const shape = 1 / (cv * cv);
  return sampleGamma(rand, shape, mean / shape);
}

/**
 * Poisson(mean). Small means: Knuth's product of uniforms. Means ≥ 10: Hörmann's PTRS
 * (transformed rejection with squeeze, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993), constant expected time.
 */
export function samplePoisson(rand: Uniform, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poisson mean must be finite and >= 0, got ${mean}`);
  if (mean === 0) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rand();
    while (p > limit) {
      k++;
      p *= rand();
    }
    return k;
  }
  const sqrtMean = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * sqrtMean;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rand() - 0.5;
    const v = rand();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) {
      return k;
    }
  }
}

/**
 * Negative binomial as a gamma–Poisson mixture: λ ~ Gamma(dispersion, mean/dispersion), then
 * Poisson(λ). Mean `mean`, variance mean + mean²/dispersion; small dispersion = overdispersed.
 */
export function sampleNegativeBinomial(rand: Uniform, mean: number, dispersion: number): number {
  if (mean <= 0) return 0;
  return samplePoisson(rand, sampleGamma(rand, dispersion, mean / dispersion));
}

/** Bernoulli(p): true with probability p. */
export function sampleBernoulli(rand: Uniform, p: number): boolean {
  return rand() < p;
}
