import { BinnedData, growTree, predictTreeBinned, TreeGrowthParams } from './tree';

/** Park–Miller minimal standard generator: the spec's own, so it does not depend on prng.ts. */
function lcg(seed: number): () => number {
  let state = seed % 2147483647;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** A binned data set straight from bin indices (feature f of row r = bins[r][f]); bin b's upper bound is b + 0.5. */
function binned(rows: number[][], binsPerFeature: number): BinnedData {
  const numFeatures = rows[0].length;
  const offsets = new Int32Array(numFeatures + 1);
  for (let f = 0; f <= numFeatures; f++) offsets[f] = f * binsPerFeature;
  return {
    bins: Uint8Array.from(rows.flat()),
    numRows: rows.length,
    numFeatures,
    binOffsets: offsets,
    upperBounds: Array.from({ length: numFeatures }, () => Float64Array.from({ length: binsPerFeature }, (_, b) => b + 0.5)),
  };
}

const PARAMS: TreeGrowthParams = { numLeaves: 2, maxDepth: 0, minDataInLeaf: 1, minSumHessianInLeaf: 0, lambdaL2: 1, minGainToSplit: 0, learningRate: 1 };

function grow(data: BinnedData, grad: number[], hess: number[], params: TreeGrowthParams, unitHessian: boolean) {
  const rows = Int32Array.from({ length: data.numRows }, (_, i) => i);
  const features = Int32Array.from({ length: data.numFeatures }, (_, f) => f);
  return growTree(data, rows, features, Float64Array.from(grad), Float64Array.from(hess), params, unitHessian).tree;
}

describe('growTree: gains and leaf values by hand', () => {
  it('unit hessians, λ = 1: gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), leaf = −G/(H+λ)·η', () => {
    // Rows 0,1 in bin 0 with gradients −1, −1; rows 2,3 in bin 1 with +1, +1.
    // Left: G = −2, H = 2 → 4/3; right: G = 2, H = 2 → 4/3; parent: G = 0 → 0. Gain 8/3.
    // Leaves: −(−2)/3 = 2/3 and −2/3, times η = 0.5.
    const data = binned([[0], [0], [1], [1]], 2);
    const tree = grow(data, [-1, -1, 1, 1], [1, 1, 1, 1], { ...PARAMS, learningRate: 0.5 }, true);
    expect(tree.gain).toHaveLength(1);
    expect(tree.gain[0]).toBeCloseTo(8 / 3, 12);
    expect(tree.thresholdBin[0]).toBe(0);
    expect(predictTreeBinned(tree, data.bins, 1, 0)).toBeCloseTo((2 / 3) * 0.5, 12);
    expect(predictTreeBinned(tree, data.bins, 1, 3)).toBeCloseTo((-2 / 3) * 0.5, 12);
  });

  it('non-unit hessians: uses Σh, not the row count', () => {
    // grad (−2, −1 | 1, 3), hess (0.5, 1.5 | 2, 1), λ = 1.
    // Left: G = −3, H = 2 → 9/3 = 3; right: G = 4, H = 3 → 16/4 = 4; parent: G = 1, H = 5 → 1/6.
    // Gain = 7 − 1/6 = 41/6. Leaves: 3/3 = 1 and −4/4 = −1.
    const data = binned([[0], [0], [1], [1]], 2);
    const tree = grow(data, [-2, -1, 1, 3], [0.5, 1.5, 2, 1], PARAMS, false);
    expect(tree.gain[0]).toBeCloseTo(41 / 6, 12);
    expect(predictTreeBinned(tree, data.bins, 1, 0)).toBeCloseTo(1, 12);
    expect(predictTreeBinned(tree, data.bins, 1, 2)).toBeCloseTo(-1, 12);
  });

  it('refuses a split whose child has less hessian than minSumHessianInLeaf', () => {
    // Bins 0..3, one row each; grad (−5, −5, 1, 1), hess (0.1, 0.1, 1, 1), λ = 1.
    // Best split without the constraint: after bin 1 (left H = 0.2): 100/1.2 + 4/3 − 64/3.2 = 64.67.
    // With minSumHessianInLeaf = 0.5 bins 0 and 1 are refused; after bin 2: left G = −9, H = 1.2 →
    // 81/2.2; right G = 1, H = 1 → 1/2; minus 20 → 36.818 + 0.5 − 20 = 17.318.
    const data = binned([[0], [1], [2], [3]], 4);
    const grad = [-5, -5, 1, 1];
    const hess = [0.1, 0.1, 1, 1];
    const free = grow(data, grad, hess, PARAMS, false);
    expect(free.thresholdBin[0]).toBe(1);
    expect(free.gain[0]).toBeCloseTo(100 / 1.2 + 4 / 3 - 64 / 3.2, 10);
    const constrained = grow(data, grad, hess, { ...PARAMS, minSumHessianInLeaf: 0.5 }, false);
    expect(constrained.thresholdBin[0]).toBe(2);
    expect(constrained.gain[0]).toBeCloseTo(81 / 2.2 + 1 / 2 - 64 / 3.2, 10);
  });

  it('does not split when no split gains more than minGainToSplit', () => {
    const data = binned([[0], [0], [1], [1]], 2);
    const tree = grow(data, [-1, -1, 1, 1], [1, 1, 1, 1], { ...PARAMS, minGainToSplit: 3 }, true);
    expect(tree.gain).toHaveLength(0);
    // One leaf: −Σg/(Σh+λ) = 0.
    expect(tree.leafValue[0]).toBeCloseTo(0, 12);
  });
});

/**
 * Reference learner: leaf-wise growth where every candidate split is evaluated by summing over
 * the rows directly (no histograms, no subtraction), with the same tie rule (first feature, lowest
 * bin; the leaf with the largest gain, earliest on ties).
 */
function bruteForceTree(data: BinnedData, grad: number[], hess: number[], p: TreeGrowthParams, binsPerFeature: number) {
  const score = (g: number, h: number) => (g * g) / (h + p.lambdaL2);
  const bin = (r: number, f: number) => data.bins[r * data.numFeatures + f];
  const sum = (rows: number[], v: number[]) => rows.reduce((a, r) => a + v[r], 0);
  interface Split { gain: number; feature: number; bin: number }
  const bestSplit = (rows: number[]): Split | null => {
    let best: Split | null = null;
    const G = sum(rows, grad);
    const H = sum(rows, hess);
    for (let f = 0; f < data.numFeatures; f++) {
      for (let b = 0; b < binsPerFeature - 1; b++) {
        const left = rows.filter((r) => bin(r, f) <= b);
        const right = rows.filter((r) => bin(r, f) > b);
        if (left.length < p.minDataInLeaf || right.length < p.minDataInLeaf) continue;
        const hl = sum(left, hess);
        const hr = sum(right, hess);
        if (hl < p.minSumHessianInLeaf || hr < p.minSumHessianInLeaf) continue;
        const gain = score(sum(left, grad), hl) + score(sum(right, grad), hr) - score(G, H);
        if (gain > Math.max(p.minGainToSplit, 1e-12) && (!best || gain > best.gain)) best = { gain, feature: f, bin: b };
      }
    }
    return best;
  };
  let leaves: { rows: number[]; best: Split | null }[] = [{ rows: Array.from({ length: data.numRows }, (_, i) => i), best: null }];
  leaves[0].best = bestSplit(leaves[0].rows);
  const gains: number[] = [];
  while (leaves.length < p.numLeaves) {
    let pick = -1;
    for (let j = 0; j < leaves.length; j++) if (leaves[j].best && (pick < 0 || leaves[j].best!.gain > leaves[pick].best!.gain)) pick = j;
    if (pick < 0) break;
    const { rows, best } = leaves[pick];
    gains.push(best!.gain);
    const left = rows.filter((r) => bin(r, best!.feature) <= best!.bin);
    const right = rows.filter((r) => bin(r, best!.feature) > best!.bin);
    leaves = [...leaves.slice(0, pick), { rows: left, best: bestSplit(left) }, ...leaves.slice(pick + 1), { rows: right, best: bestSplit(right) }];
  }
  const value = new Array<number>(data.numRows);
  for (const leaf of leaves) {
    const v = (-sum(leaf.rows, grad) / (sum(leaf.rows, hess) + p.lambdaL2)) * p.learningRate;
    for (const r of leaf.rows) value[r] = v;
  }
  return { gains, value };
}

describe('growTree against a brute-force split search', () => {
  const binsPerFeature = 6;
  const cases: { name: string; unit: boolean; params: TreeGrowthParams }[] = [
    { name: 'unit hessians (L2)', unit: true, params: { numLeaves: 7, maxDepth: 0, minDataInLeaf: 3, minSumHessianInLeaf: 0, lambdaL2: 2, minGainToSplit: 0, learningRate: 0.3 } },
    { name: 'non-unit hessians (Poisson/Tweedie-like)', unit: false, params: { numLeaves: 7, maxDepth: 0, minDataInLeaf: 2, minSumHessianInLeaf: 2.5, lambdaL2: 0.5, minGainToSplit: 0, learningRate: 0.3 } },
  ];
  for (const c of cases) {
    for (const seed of [3, 17, 41]) {
      it(`grows the same tree, gains and leaf values: ${c.name}, seed ${seed}`, () => {
        const random = lcg(seed);
        const n = 60;
        const rows = Array.from({ length: n }, () => [0, 1, 2].map(() => Math.floor(random() * binsPerFeature)));
        // Gradients depend on the features (so deeper splits exist) plus noise.
        const grad = rows.map(([a, b, d]) => (a >= 3 ? 1.5 : -1) + (b <= 1 ? -2 : 0.5) + 0.3 * d + (random() - 0.5));
        const hess = rows.map(() => (c.unit ? 1 : 0.05 + 1.5 * random()));
        const data = binned(rows, binsPerFeature);
        const tree = grow(data, grad, hess, c.params, c.unit);
        const reference = bruteForceTree(data, grad, hess, c.params, binsPerFeature);
        expect(reference.gains.length).toBeGreaterThanOrEqual(4);
        expect(Array.from(tree.gain)).toHaveLength(reference.gains.length);
        tree.gain.forEach((g, k) => expect(g).toBeCloseTo(reference.gains[k], 9));
        for (let r = 0; r < n; r++) expect(predictTreeBinned(tree, data.bins, data.numFeatures, r)).toBeCloseTo(reference.value[r], 9);
      });
    }
  }
});
