/**
 * Seeded pseudo-random numbers for bagging, feature subsampling and origin sampling, so that the
 * same seed always grows the same trees. mulberry32 (Tommy Ettinger's 32-bit generator, public
 * domain): tiny, fast and good enough for sampling; not for cryptography.
 */
export type Prng = () => number;

/** Returns a function producing uniform numbers in [0, 1). */
export function createPrng(seed: number): Prng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct integers from 0..n-1 (partial Fisher–Yates), in ascending order. */
export function sampleWithoutReplacement(n: number, k: number, random: Prng): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const take = Math.max(0, Math.min(n, k));
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, take).sort();
}
