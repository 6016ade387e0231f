/**
 * Histogram binning (LightGBM's core idea, Ke et al. 2017, "LightGBM: A Highly Efficient Gradient
 * Boosting Decision Tree"): every feature value is replaced once per data set by a small bin index,
 * so split finding scans ≤ 255 bins per feature instead of sorting rows.
 *
 * Bin 0 holds missing values (NaN). Numeric bins 1..numBins-1 are cut at quantiles of the observed
 * values: value v falls into the first bin b ≥ 1 with v ≤ upperBounds[b]; the last bound is +∞.
 * A split "bin ≤ t" therefore sends missing values left, and t = 0 isolates them.
 */
import { FeatureMatrix } from './feature-matrix';
import { xoshiro128ss } from '../../common/prng';

export const MISSING_BIN = 0;

export interface FeatureBinning {
  /** upperBounds[0] is -∞ (the missing bin); upperBounds[numBins-1] is +∞. */
  readonly upperBounds: Float64Array;
  readonly numBins: number;
}

/**
 * Cut points for one feature from its (sample of) values: distinct values each get a bin when
 * there are few of them; otherwise bins hold roughly equal counts, a heavy single value (e.g. the
 * zeros of intermittent demand) keeping a bin of its own.
 */
export function featureBinningFromValues(values: ArrayLike<number>, maxBins: number): FeatureBinning {
  const numericBins = Math.max(1, Math.min(254, Math.floor(maxBins) - 1));
  let count = 0;
  const finite = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) finite[count++] = v;
  }
  const sorted = finite.subarray(0, count).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (distinct.length === 0 || sorted[i] !== distinct[distinct.length - 1]) {
      distinct.push(sorted[i]);
      counts.push(1);
    } else {
      counts[counts.length - 1]++;
    }
  }
  const bounds: number[] = [-Infinity];
  if (distinct.length <= numericBins) {
    for (let d = 0; d + 1 < distinct.length; d++) bounds.push((distinct[d] + distinct[d + 1]) / 2);
  } else {
    // Greedy equal-frequency cuts; the target per bin is recomputed from what is left so that one
    // heavy value does not swallow the bins after it.
    let remaining = count;
    let binsLeft = numericBins;
    let inBin = 0;
    for (let d = 0; d + 1 < distinct.length && binsLeft > 1; d++) {
      inBin += counts[d];
      const target = remaining / binsLeft;
      if (inBin >= target) {
        bounds.push((distinct[d] + distinct[d + 1]) / 2);
        remaining -= inBin;
        binsLeft--;
        inBin = 0;
      }
    }
  }
  bounds.push(Infinity);
  return { upperBounds: Float64Array.from(bounds), numBins: bounds.length };
}

/** The bin of one value (binary search over the numeric bounds). */
export function binOf(binning: FeatureBinning, value: number): number {
  if (value !== value) return MISSING_BIN;
  const ub = binning.upperBounds;
  let lo = 1;
  let hi = binning.numBins - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= ub[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bin boundaries for every feature, from at most `sampleRows` rows chosen with the seed. */
export function fitBinnings(
  matrix: FeatureMatrix,
  maxBins: number,
  seed: number,
  sampleRows = 100_000,
): FeatureBinning[] {
  const { numRows, numFeatures, values } = matrix;
  let rows: ArrayLike<number>;
  if (numRows <= sampleRows) {
    rows = Int32Array.from({ length: numRows }, (_, i) => i);
  } else {
    // Systematic sample with a random start: cheap and deterministic.
    const random = xoshiro128ss(seed ^ 0x5bd1e995);
    const step = numRows / sampleRows;
    const start = random() * step;
    rows = Int32Array.from({ length: sampleRows }, (_, i) => Math.min(numRows - 1, Math.floor(start + i * step)));
  }
  const column = new Float64Array(rows.length);
  const result: FeatureBinning[] = [];
  for (let f = 0; f < numFeatures; f++) {
    for (let i = 0; i < rows.length; i++) column[i] = values[rows[i] * numFeatures + f];
    result.push(featureBinningFromValues(column, maxBins));
  }
  return result;
}

/**
 * The bin indices of a whole matrix, row-major like the matrix (one byte per value): a row's bins
 * sit in one cache line, so histogram building over a leaf's rows reads memory in row order.
 * (Measured on this machine: faster than column-major for ~30 features.)
 */
export function binMatrix(matrix: FeatureMatrix, binnings: readonly FeatureBinning[]): Uint8Array {
  const { numRows, numFeatures, values } = matrix;
  if (binnings.length !== numFeatures) {
    throw new Error(`binMatrix: ${binnings.length} binnings for ${numFeatures} features`);
  }
  const bins = new Uint8Array(numRows * numFeatures);
  for (let i = 0; i < numRows; i++) {
    const base = i * numFeatures;
    for (let f = 0; f < numFeatures; f++) bins[base + f] = binOf(binnings[f], values[base + f]);
  }
  return bins;
}
