/**
 * One regression tree: leaf-wise (best-first) growth on binned features, as in LightGBM.
 *
 * Every leaf keeps a gradient/hessian/count histogram over all bins. The leaf with the largest
 * split gain is split next, until `numLeaves` leaves exist or no split gains more than
 * `minGainToSplit`. Only the smaller child's histogram is built from its rows; the larger child's
 * is parent − smaller (the histogram subtraction trick), which roughly halves the work per level.
 *
 * Split gain and leaf values are the second-order ones of XGBoost/LightGBM with L2 penalty λ:
 *   gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ),   leaf value = −G/(H+λ) · learningRate.
 */

export interface TreeGrowthParams {
  numLeaves: number;
  /** ≤ 0: no depth limit. */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL2: number;
  minGainToSplit: number;
  learningRate: number;
}

/**
 * A grown tree in flat arrays. Internal node n tests feature[n]: a row goes left when its bin is
 * ≤ thresholdBin[n] (equivalently raw value ≤ threshold[n], or missing). A child index c ≥ 0 is an
 * internal node, c < 0 is leaf ~c. A tree without splits has one leaf and no nodes.
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly thresholdBin: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly gain: Float64Array;
  readonly leafValue: Float64Array;
  /** Number of training rows per leaf (bagged rows), kept for inspection and tests. */
  readonly leafCount: Int32Array;
}

/** What growth needs to know about the binned data set. */
export interface BinnedData {
  /** Row-major bin indices: feature f of row r is bins[r * numFeatures + f]. */
  readonly bins: Uint8Array;
  readonly numRows: number;
  readonly numFeatures: number;
  /** Start of feature f's bins in a histogram, length numFeatures + 1 (last = total bins). */
  readonly binOffsets: Int32Array;
  /** Bin upper bounds per feature (to turn a bin threshold into a raw value threshold). */
  readonly upperBounds: readonly Float64Array[];
}

interface SplitCandidate {
  gain: number;
  feature: number;
  bin: number;
  leftGrad: number;
  leftHess: number;
  leftCount: number;
}

interface GrowingLeaf {
  begin: number;
  end: number;
  hist: Float64Array;
  sumGrad: number;
  sumHess: number;
  depth: number;
  best: SplitCandidate | null;
  /** Internal node whose child this leaf is (-1 for the root) and on which side. */
  parentNode: number;
  isLeft: boolean;
}

/** Reusable buffer for partitioning rows. */
interface Scratch {
  rows: Int32Array;
}

/**
 * Sums gradient, hessian and count per bin of every used feature over rows[begin, end).
 * Layout per bin: [grad, hess, count], or [grad, hess] when every hessian is 1 (L2 loss) and the
 * hessian sum is the count — a third less memory traffic in the hottest loop.
 */
function buildHistogram(
  data: BinnedData,
  rows: Int32Array,
  begin: number,
  end: number,
  features: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  hist: Float64Array,
  unitHessian: boolean,
): void {
  // `hist` is always freshly allocated (zero-filled) by the caller.
  const { bins, numFeatures, binOffsets } = data;
  const numUsed = features.length;
  if (unitHessian) {
    for (let p = begin; p < end; p++) {
      const r = rows[p];
      const g = grad[r];
      const base = r * numFeatures;
      for (let k = 0; k < numUsed; k++) {
        const f = features[k];
        const at = (binOffsets[f] + bins[base + f]) << 1;
        hist[at] += g;
        hist[at + 1] += 1;
      }
    }
    return;
  }
  for (let p = begin; p < end; p++) {
    const r = rows[p];
    const g = grad[r];
    const h = hess[r];
    const base = r * numFeatures;
    for (let k = 0; k < numUsed; k++) {
      const f = features[k];
      const at = (binOffsets[f] + bins[base + f]) * 3;
      hist[at] += g;
      hist[at + 1] += h;
      hist[at + 2] += 1;
    }
  }
}

function leafScore(sumGrad: number, sumHess: number, lambda: number): number {
  return (sumGrad * sumGrad) / (sumHess + lambda);
}

function findBestSplit(
  data: BinnedData,
  leaf: GrowingLeaf,
  features: Int32Array,
  params: TreeGrowthParams,
  stride: number,
): SplitCandidate | null {
  const { hist, sumGrad, sumHess } = leaf;
  const count = leaf.end - leaf.begin;
  const lambda = params.lambdaL2;
  const minData = Math.max(1, params.minDataInLeaf);
  if (count < 2 * minData) return null;
  if (params.maxDepth > 0 && leaf.depth >= params.maxDepth) return null;
  const parentScore = leafScore(sumGrad, sumHess, lambda);
  let best: SplitCandidate | null = null;
  let bestGain = Math.max(params.minGainToSplit, 1e-12);
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const first = data.binOffsets[f];
    const numBins = data.binOffsets[f + 1] - first;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < numBins - 1; b++) {
      const at = (first + b) * stride;
      gl += hist[at];
      hl += hist[at + 1];
      cl += hist[at + stride - 1];
      if (cl < minData || hl < params.minSumHessianInLeaf) continue;
      const cr = count - cl;
      if (cr < minData) break;
      const hr = sumHess - hl;
      if (hr < params.minSumHessianInLeaf) break;
      const gain = leafScore(gl, hl, lambda) + leafScore(sumGrad - gl, hr, lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: b, leftGrad: gl, leftHess: hl, leftCount: cl };
      }
    }
  }
  return best;
}

/** Moves rows of [begin, end) with bin ≤ threshold to the front; returns the split point. */
function partitionRows(
  data: BinnedData,
  rows: Int32Array,
  scratch: Int32Array,
  begin: number,
  end: number,
  feature: number,
  thresholdBin: number,
): number {
  const { bins, numFeatures } = data;
  let l = begin;
  let r = 0;
  for (let p = begin; p < end; p++) {
    const row = rows[p];
    if (bins[row * numFeatures + feature] <= thresholdBin) rows[l++] = row;
    else scratch[r++] = row;
  }
  for (let q = 0; q < r; q++) rows[l + q] = scratch[q];
  return l;
}

/** A grown tree plus where its training rows ended up: leaf j holds rows[leafBegin[j], leafEnd[j]). */
export interface GrownTree {
  tree: Tree;
  leafBegin: Int32Array;
  leafEnd: Int32Array;
}

/**
 * Grows one tree on the rows listed in `rows` (they are reordered in place) using only
 * `features`, from per-row gradients and hessians. `unitHessian`: every hess[i] is 1.
 */
export function growTree(
  data: BinnedData,
  rows: Int32Array,
  features: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  params: TreeGrowthParams,
  unitHessian = false,
): GrownTree {
  const stride = unitHessian ? 2 : 3;
  const totalBins = data.binOffsets[data.numFeatures];
  const scratch: Scratch = { rows: new Int32Array(rows.length) };
  const rootHist = new Float64Array(totalBins * stride);
  buildHistogram(data, rows, 0, rows.length, features, grad, hess, rootHist, unitHessian);
  let sumGrad = 0;
  let sumHess = 0;
  for (let p = 0; p < rows.length; p++) {
    sumGrad += grad[rows[p]];
    sumHess += hess[rows[p]];
  }
  const leaves: GrowingLeaf[] = [
    { begin: 0, end: rows.length, hist: rootHist, sumGrad, sumHess, depth: 0, best: null, parentNode: -1, isLeft: true },
  ];
  leaves[0].best = findBestSplit(data, leaves[0], features, params, stride);

  const nodeFeature: number[] = [];
  const nodeBin: number[] = [];
  const nodeLeft: number[] = [];
  const nodeRight: number[] = [];
  const nodeGain: number[] = [];

  const maxLeaves = Math.max(1, Math.floor(params.numLeaves));
  while (leaves.length < maxLeaves) {
    let pick = -1;
    let pickGain = 0;
    for (let j = 0; j < leaves.length; j++) {
      const best = leaves[j].best;
      if (best && best.gain > pickGain) {
        pickGain = best.gain;
        pick = j;
      }
    }
    if (pick < 0) break;
    const leaf = leaves[pick];
    const split = leaf.best as SplitCandidate;
    const mid = partitionRows(data, rows, scratch.rows, leaf.begin, leaf.end, split.feature, split.bin);

    // New internal node takes the leaf's place in its parent; left child keeps the leaf's index.
    const node = nodeFeature.length;
    nodeFeature.push(split.feature);
    nodeBin.push(split.bin);
    nodeGain.push(split.gain);
    const rightIndex = leaves.length;
    nodeLeft.push(~pick);
    nodeRight.push(~rightIndex);
    if (leaf.parentNode >= 0) {
      if (leaf.isLeft) nodeLeft[leaf.parentNode] = node;
      else nodeRight[leaf.parentNode] = node;
    }

    const leftCount = mid - leaf.begin;
    const rightCount = leaf.end - mid;
    const smallerIsLeft = leftCount <= rightCount;
    const smallHist = new Float64Array(totalBins * stride);
    if (smallerIsLeft) buildHistogram(data, rows, leaf.begin, mid, features, grad, hess, smallHist, unitHessian);
    else buildHistogram(data, rows, mid, leaf.end, features, grad, hess, smallHist, unitHessian);
    const largeHist = leaf.hist;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const to = data.binOffsets[f + 1] * stride;
      for (let i = data.binOffsets[f] * stride; i < to; i++) largeHist[i] -= smallHist[i];
    }

    const depth = leaf.depth + 1;
    const left: GrowingLeaf = {
      begin: leaf.begin,
      end: mid,
      hist: smallerIsLeft ? smallHist : largeHist,
      sumGrad: split.leftGrad,
      sumHess: split.leftHess,
      depth,
      best: null,
      parentNode: node,
      isLeft: true,
    };
    const right: GrowingLeaf = {
      begin: mid,
      end: leaf.end,
      hist: smallerIsLeft ? largeHist : smallHist,
      sumGrad: leaf.sumGrad - split.leftGrad,
      sumHess: leaf.sumHess - split.leftHess,
      depth,
      best: null,
      parentNode: node,
      isLeft: false,
    };
    left.best = findBestSplit(data, left, features, params, stride);
    right.best = findBestSplit(data, right, features, params, stride);
    leaves[pick] = left;
    leaves.push(right);
  }

  const leafValue = new Float64Array(leaves.length);
  const leafCount = new Int32Array(leaves.length);
  const leafBegin = new Int32Array(leaves.length);
  const leafEnd = new Int32Array(leaves.length);
  for (let j = 0; j < leaves.length; j++) {
    const leaf = leaves[j];
    leafValue[j] = (-leaf.sumGrad / (leaf.sumHess + params.lambdaL2)) * params.learningRate;
    leafCount[j] = leaf.end - leaf.begin;
    leafBegin[j] = leaf.begin;
    leafEnd[j] = leaf.end;
  }
  const threshold = new Float64Array(nodeFeature.length);
  for (let n = 0; n < nodeFeature.length; n++) threshold[n] = data.upperBounds[nodeFeature[n]][nodeBin[n]];
  const tree: Tree = {
    feature: Int32Array.from(nodeFeature),
    thresholdBin: Int32Array.from(nodeBin),
    threshold,
    left: Int32Array.from(nodeLeft),
    right: Int32Array.from(nodeRight),
    gain: Float64Array.from(nodeGain),
    leafValue,
    leafCount,
  };
  return { tree, leafBegin, leafEnd };
}

/** Leaf value for a row of raw feature values (missing = NaN goes left, like bin 0). */
export function predictTreeRaw(tree: Tree, values: ArrayLike<number>, offset: number): number {
  if (tree.feature.length === 0) return tree.leafValue[0];
  let node = 0;
  for (;;) {
    const v = values[offset + tree.feature[node]];
    const next = v !== v || v <= tree.threshold[node] ? tree.left[node] : tree.right[node];
    if (next < 0) return tree.leafValue[~next];
    node = next;
  }
}

/** Leaf value for row `row` of a binned matrix (training-time routing, same as the raw one). */
export function predictTreeBinned(tree: Tree, bins: Uint8Array, numFeatures: number, row: number): number {
  if (tree.feature.length === 0) return tree.leafValue[0];
  const base = row * numFeatures;
  let node = 0;
  for (;;) {
    const next = bins[base + tree.feature[node]] <= tree.thresholdBin[node] ? tree.left[node] : tree.right[node];
    if (next < 0) return tree.leafValue[~next];
    node = next;
  }
}
