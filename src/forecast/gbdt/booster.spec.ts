import { Booster, BoosterJson } from './booster';
import { samplePoisson } from '../../common/prng';
import { featureBinningFromValues, binOf } from './binning';
import { matrixFromRows } from './feature-matrix';
import { xoshiro128ss } from '../../common/prng';

/** x on a grid of 200 values (so every value can have its own bin), plus a pure-noise feature. */
function stepData(n: number, seed: number) {
  const random = xoshiro128ss(seed);
  const rows: number[][] = [];
  const label: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.floor(random() * 200) / 200;
    const noise = random();
    rows.push([x, noise]);
    label.push(x < 0.5 ? 1 : 5);
  }
  return { matrix: matrixFromRows(rows), label };
}

describe('Booster', () => {
  it('fits a step function exactly with a small lambda', () => {
    const train = stepData(400, 1);
    const { booster } = Booster.train(train, { numIterations: 60, learningRate: 0.3, lambdaL2: 1e-6, minDataInLeaf: 5 });
    for (const x of [0, 0.05, 0.3, 0.495, 0.5, 0.7, 0.995]) {
      expect(booster.predict([x, 0.5])).toBeCloseTo(x < 0.5 ? 1 : 5, 6);
    }
    const importance = booster.featureImportance('gain');
    expect(importance[0]).toBeGreaterThan(100 * importance[1]);
  });

  it('recovers the mean of Poisson counts with the poisson objective', () => {
    const random = xoshiro128ss(7);
    const rows: number[][] = [];
    const label: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const group = i % 2; // group 0: mean 0.4, group 1: mean 6
      rows.push([group]);
      label.push(samplePoisson(random, group === 0 ? 0.4 : 6));
    }
    const { booster } = Booster.train({ matrix: matrixFromRows(rows), label }, { objective: 'poisson', numIterations: 60, learningRate: 0.3, minDataInLeaf: 50 });
    const sampleMean = (group: number) => {
      const values = label.filter((_, i) => i % 2 === group);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    // Within 3 % of each group's sample mean (itself within ~2 % of the true means 0.4 and 6).
    expect(Math.abs(booster.predict([0]) / sampleMean(0) - 1)).toBeLessThan(0.03);
    expect(Math.abs(booster.predict([1]) / sampleMean(1) - 1)).toBeLessThan(0.03);
    expect(Math.abs(booster.predict([1]) / 6 - 1)).toBeLessThan(0.05);
  });

  it('tweedie objective gives positive predictions near the group means', () => {
    const random = xoshiro128ss(11);
    const rows: number[][] = [];
    const label: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const group = i % 2;
      rows.push([group]);
      label.push(random() < 0.7 ? 0 : group === 0 ? 2 : 10); // means 0.6 and 3
    }
    const { booster } = Booster.train({ matrix: matrixFromRows(rows), label }, { objective: 'tweedie', tweedieVariancePower: 1.3, numIterations: 100, learningRate: 0.2 });
    for (const group of [0, 1]) {
      const values = label.filter((_, i) => i % 2 === group);
      const sampleMean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(booster.predict([group]) / sampleMean - 1)).toBeLessThan(0.02);
    }
  });

  it('stops early when the validation loss stops improving', () => {
    // Noisy labels and tiny leaves: the trees soon fit noise and the validation loss turns up.
    const noisy = (n: number, seed: number) => {
      const random = xoshiro128ss(seed);
      const rows: number[][] = [];
      const label: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = random();
        rows.push([x, random()]);
        label.push((x < 0.5 ? 1 : 5) + 4 * (random() - 0.5));
      }
      return { matrix: matrixFromRows(rows), label };
    };
    const { booster, report } = Booster.train(noisy(300, 2), { numIterations: 500, learningRate: 0.5, earlyStoppingRounds: 5, minDataInLeaf: 2 }, noisy(200, 3));
    expect(report.stoppedEarly).toBe(true);
    expect(booster.numTrees).toBeLessThan(500);
    // Exactly earlyStoppingRounds rounds without improvement were tried after the kept best one.
    expect(report.validationLoss.length).toBe(report.iterations + 5);
    expect(booster.numTrees).toBe(report.iterations);
    const best = Math.min(...report.validationLoss);
    expect(report.validationLoss[report.iterations - 1]).toBe(best);
  });

  it('round-trips through JSON with identical predictions', () => {
    const train = stepData(300, 4);
    const { booster } = Booster.train(train, { numIterations: 30, baggingFraction: 0.7, featureFraction: 0.5, seed: 3 });
    const copy = Booster.fromJSON(JSON.parse(JSON.stringify(booster.toJSON())) as BoosterJson);
    const rows = [[0.1, 0.2], [0.6, 0.9], [NaN, 0.3], [0.5, NaN]];
    for (const row of rows) expect(copy.predict(row)).toBe(booster.predict(row));
    expect(Array.from(copy.predictBatch(matrixFromRows(rows)))).toEqual(rows.map((r) => booster.predict(r)));
  });

  it('gives the same model for the same seed and a different one for another seed', () => {
    const train = stepData(300, 5);
    const params = { numIterations: 20, baggingFraction: 0.5, featureFraction: 0.5 };
    const a = Booster.train(train, { ...params, seed: 9 }).booster;
    const b = Booster.train(train, { ...params, seed: 9 }).booster;
    const c = Booster.train(train, { ...params, seed: 10 }).booster;
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(c.toJSON()));
  });

  it('respects minDataInLeaf, numLeaves and maxDepth', () => {
    const train = stepData(500, 6);
    const { booster } = Booster.train(train, { numIterations: 10, minDataInLeaf: 60, numLeaves: 6 });
    for (const tree of booster.trees) {
      expect(tree.leafValue.length).toBeLessThanOrEqual(6);
      for (const count of tree.leafCount) expect(count).toBeGreaterThanOrEqual(60);
    }
    const shallow = Booster.train(train, { numIterations: 5, numLeaves: 31, maxDepth: 2, minDataInLeaf: 1 }).booster;
    for (const tree of shallow.trees) expect(tree.leafValue.length).toBeLessThanOrEqual(4);
  });

  it('learns from missing values as their own bin', () => {
    const rows: number[][] = [];
    const label: number[] = [];
    for (let i = 0; i < 200; i++) {
      const missing = i % 3 === 0;
      rows.push([missing ? NaN : i / 200]);
      label.push(missing ? 10 : 2);
    }
    const { booster } = Booster.train({ matrix: matrixFromRows(rows), label }, { numIterations: 50, learningRate: 0.5, minDataInLeaf: 5 });
    expect(booster.predict([NaN])).toBeCloseTo(10, 2);
    expect(booster.predict([0.4])).toBeCloseTo(2, 2);
  });
});

describe('binning', () => {
  it('gives each of few distinct values its own bin and NaN bin 0', () => {
    const binning = featureBinningFromValues([3, 1, 2, 2, NaN, 1], 255);
    expect(binning.numBins).toBe(4);
    expect(binOf(binning, NaN)).toBe(0);
    expect([1, 2, 3].map((v) => binOf(binning, v))).toEqual([1, 2, 3]);
  });

  it('caps the number of bins and keeps them roughly equal in size', () => {
    const values = Array.from({ length: 10000 }, (_, i) => i);
    const binning = featureBinningFromValues(values, 11);
    expect(binning.numBins).toBeLessThanOrEqual(11);
    const counts = new Array<number>(binning.numBins).fill(0);
    for (const v of values) counts[binOf(binning, v)]++;
    for (let b = 1; b < binning.numBins; b++) expect(counts[b]).toBeGreaterThan(800);
  });
});
