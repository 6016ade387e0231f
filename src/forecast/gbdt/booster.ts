/**
 * Gradient boosting (Friedman 2001) with LightGBM-style trees: each round computes per-row
 * gradients of the objective at the current scores, grows one leaf-wise tree on them (on a
 * bagged subset of rows and a subset of features), and adds its shrunken leaf values to the
 * scores. With a validation set, training stops when the validation loss has not improved for
 * `earlyStoppingRounds` rounds and the model is cut back to the best round.
 *
 * Same data + same params (seed included) → the same model, bit for bit.
 */
import { binMatrix, fitBinnings } from './binning';
import { FeatureMatrix } from './feature-matrix';
import { objectiveByName, Objective, ObjectiveName } from './objectives';
import { sampleWithoutReplacement, xoshiro128ss } from '../../common/prng';
import { BinnedData, growTree, predictTreeBinned, predictTreeRaw, Tree, TreeGrowthParams } from './tree';

/** The tree-growth settings (numLeaves, maxDepth ≤ 0 for no limit, minDataInLeaf, …) plus the boosting loop's. */
export interface BoosterParams extends TreeGrowthParams {
  objective: ObjectiveName;
  /** Tweedie variance power p, 1 ≤ p < 2 (only for objective 'tweedie'). */
  tweedieVariancePower: number;
  numIterations: number;
  /** Share of rows (0–1] drawn afresh for every tree. */
  baggingFraction: number;
  /** Share of features (0–1] drawn afresh for every tree. */
  featureFraction: number;
  /** Bins per feature including the missing-value bin, ≤ 255 (bin indices are bytes). */
  maxBins: number;
  /** Stop when the validation loss has not improved for this many rounds (0: off). */
  earlyStoppingRounds: number;
  seed: number;
}

export const DEFAULT_BOOSTER_PARAMS: Readonly<BoosterParams> = {
  objective: 'l2',
  tweedieVariancePower: 1.5,
  numIterations: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  minGainToSplit: 0,
  baggingFraction: 1,
  featureFraction: 1,
  maxBins: 255,
  earlyStoppingRounds: 0,
  seed: 1,
};

export interface TrainingSet {
  matrix: FeatureMatrix;
  /** Target per row. */
  label: ArrayLike<number>;
}

export interface TrainingReport {
  /** Rounds kept in the model (best round + 1 with early stopping). */
  iterations: number;
  /** Validation loss per round (objective's mean loss), empty without validation. */
  validationLoss: number[];
  /** True when early stopping ended training before numIterations. */
  stoppedEarly: boolean;
}

export const BOOSTER_FORMAT = 'neuronexus-gbdt';
export const BOOSTER_FORMAT_VERSION = 1;

/** The JSON form of a booster: plain numbers and arrays, -∞ thresholds written as null. */
export interface BoosterJson {
  format: typeof BOOSTER_FORMAT;
  version: number;
  objective: ObjectiveName;
  tweedieVariancePower: number;
  initScore: number;
  numFeatures: number;
  featureNames: string[];
  trees: {
    feature: number[];
    threshold: (number | null)[];
    left: number[];
    right: number[];
    gain: number[];
    leafValue: number[];
  }[];
}

function validateParams(p: BoosterParams): void {
  const positive: (keyof BoosterParams)[] = ['numIterations', 'learningRate', 'numLeaves', 'maxBins'];
  for (const key of positive) {
    if (!(Number(p[key]) > 0)) throw new Error(`BoosterParams.${key} must be > 0, got ${p[key]}`);
  }
  if (!(p.baggingFraction > 0 && p.baggingFraction <= 1)) throw new Error(`BoosterParams.baggingFraction must be in (0, 1], got ${p.baggingFraction}`);
  if (!(p.featureFraction > 0 && p.featureFraction <= 1)) throw new Error(`BoosterParams.featureFraction must be in (0, 1], got ${p.featureFraction}`);
  if (!(p.lambdaL2 >= 0)) throw new Error(`BoosterParams.lambdaL2 must be ≥ 0, got ${p.lambdaL2}`);
  if (p.maxBins > 255) throw new Error(`BoosterParams.maxBins must be ≤ 255, got ${p.maxBins}`);
}

export class Booster {
  private constructor(
    readonly objective: Objective,
    readonly tweedieVariancePower: number,
    readonly initScore: number,
    readonly numFeatures: number,
    readonly featureNames: readonly string[],
    readonly trees: readonly Tree[],
  ) {}

  /**
   * Trains a booster. `validation`, when given, is scored every round for early stopping; it is
   * binned with the training set's bin boundaries.
   */
  static train(
    train: TrainingSet,
    paramsIn: Partial<BoosterParams> = {},
    validation?: TrainingSet,
    featureNames?: readonly string[],
  ): { booster: Booster; report: TrainingReport } {
    const params: BoosterParams = { ...DEFAULT_BOOSTER_PARAMS, ...paramsIn };
    validateParams(params);
    const { matrix, label } = train;
    const n = matrix.numRows;
    const numFeatures = matrix.numFeatures;
    if (label.length !== n) throw new Error(`Booster.train: ${label.length} labels for ${n} rows`);
    if (n === 0) throw new Error('Booster.train: no training rows');
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(label[i])) throw new Error(`Booster.train: label at row ${i} is not finite (${label[i]})`);
    }
    const objective = objectiveByName(params.objective, params.tweedieVariancePower);
    const names = featureNames ? [...featureNames] : Array.from({ length: numFeatures }, (_, f) => `f${f}`);

    const binnings = fitBinnings(matrix, params.maxBins, params.seed);
    const binOffsets = new Int32Array(numFeatures + 1);
    for (let f = 0; f < numFeatures; f++) binOffsets[f + 1] = binOffsets[f] + binnings[f].numBins;
    const data: BinnedData = {
      bins: binMatrix(matrix, binnings),
      numRows: n,
      numFeatures,
      binOffsets,
      upperBounds: binnings.map((b) => b.upperBounds),
    };

    const initScore = objective.initScore(label);
    const scores = new Float64Array(n).fill(initScore);
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);

    let valBins: Uint8Array | null = null;
    let valScores: Float64Array | null = null;
    if (validation && validation.matrix.numRows > 0) {
      if (validation.matrix.numFeatures !== numFeatures) {
        throw new Error(`Booster.train: validation has ${validation.matrix.numFeatures} features, training ${numFeatures}`);
      }
      valBins = binMatrix(validation.matrix, binnings);
      valScores = new Float64Array(validation.matrix.numRows).fill(initScore);
    }

    const random = xoshiro128ss(params.seed);
    const allRows = Int32Array.from({ length: n }, (_, i) => i);
    const allFeatures = Int32Array.from({ length: numFeatures }, (_, f) => f);
    const numFeaturesPerTree = Math.max(1, Math.round(params.featureFraction * numFeatures));
    const rows = new Int32Array(n);
    const inBag = new Uint8Array(n);

    const trees: Tree[] = [];
    const validationLoss: number[] = [];
    let bestLoss = Infinity;
    let bestIteration = -1;
    let stoppedEarly = false;

    for (let iter = 0; iter < params.numIterations; iter++) {
      objective.gradients(label, scores, grad, hess);
      let numBagged = n;
      let bagged: Int32Array = allRows;
      if (params.baggingFraction < 1) {
        numBagged = 0;
        for (let i = 0; i < n; i++) if (random() < params.baggingFraction) rows[numBagged++] = i;
        if (numBagged === 0) rows[numBagged++] = Math.floor(random() * n);
        bagged = rows.subarray(0, numBagged);
      } else {
        rows.set(allRows);
        bagged = rows;
      }
      const features =
        numFeaturesPerTree < numFeatures ? sampleWithoutReplacement(numFeatures, numFeaturesPerTree, random) : allFeatures;
      const grown = growTree(data, bagged, features, grad, hess, params, objective.unitHessian);
      const tree = grown.tree;
      if (tree.feature.length === 0 && iter > 0) break; // nothing left to learn
      trees.push(tree);
      // Bagged rows: their leaf is known from the partition. Out-of-bag rows: route them.
      inBag.fill(0);
      for (let j = 0; j < tree.leafValue.length; j++) {
        const value = tree.leafValue[j];
        for (let p = grown.leafBegin[j]; p < grown.leafEnd[j]; p++) {
          const row = bagged[p];
          scores[row] += value;
          inBag[row] = 1;
        }
      }
      if (numBagged < n) {
        for (let i = 0; i < n; i++) if (inBag[i] === 0) scores[i] += predictTreeBinned(tree, data.bins, numFeatures, i);
      }

      if (valBins && valScores && validation) {
        for (let i = 0; i < valScores.length; i++) valScores[i] += predictTreeBinned(tree, valBins, numFeatures, i);
        const loss = objective.meanLoss(validation.label, valScores);
        validationLoss.push(loss);
        if (bestIteration < 0 || loss < bestLoss - 1e-12 * Math.abs(bestLoss)) {
          bestLoss = loss;
          bestIteration = trees.length - 1;
        } else if (params.earlyStoppingRounds > 0 && trees.length - 1 - bestIteration >= params.earlyStoppingRounds) {
          stoppedEarly = true;
          break;
        }
      }
    }
    const kept = valBins && params.earlyStoppingRounds > 0 && bestIteration >= 0 ? trees.slice(0, bestIteration + 1) : trees;
    const booster = new Booster(objective, params.tweedieVariancePower, initScore, numFeatures, names, kept);
    return { booster, report: { iterations: kept.length, validationLoss, stoppedEarly } };
  }

  /** Raw score (before the link) of one row of feature values. */
  predictRaw(row: ArrayLike<number>, offset = 0): number {
    let score = this.initScore;
    const trees = this.trees;
    for (let t = 0; t < trees.length; t++) score += predictTreeRaw(trees[t], row, offset);
    return score;
  }

  /** Prediction (on the target's scale) for one row of feature values; NaN = missing. */
  predict(row: ArrayLike<number>): number {
    if (row.length < this.numFeatures) throw new Error(`Booster.predict: row has ${row.length} values, model needs ${this.numFeatures}`);
    return this.objective.transform(this.predictRaw(row, 0));
  }

  /** Predictions for every row of a matrix. */
  predictBatch(matrix: FeatureMatrix): Float64Array {
    if (matrix.numFeatures !== this.numFeatures) {
      throw new Error(`Booster.predictBatch: matrix has ${matrix.numFeatures} features, model needs ${this.numFeatures}`);
    }
    const out = new Float64Array(matrix.numRows);
    for (let i = 0; i < matrix.numRows; i++) {
      out[i] = this.objective.transform(this.predictRaw(matrix.values, i * matrix.numFeatures));
    }
    return out;
  }

  /** Total split gain ('gain', LightGBM's importance_type="gain") or number of splits per feature. */
  featureImportance(type: 'gain' | 'split' = 'gain'): Float64Array {
    const importance = new Float64Array(this.numFeatures);
    for (const tree of this.trees) {
      for (let n = 0; n < tree.feature.length; n++) importance[tree.feature[n]] += type === 'gain' ? tree.gain[n] : 1;
    }
    return importance;
  }

  get numTrees(): number {
    return this.trees.length;
  }

  toJSON(): BoosterJson {
    return {
      format: BOOSTER_FORMAT,
      version: BOOSTER_FORMAT_VERSION,
      objective: this.objective.name,
      tweedieVariancePower: this.tweedieVariancePower,
      initScore: this.initScore,
      numFeatures: this.numFeatures,
      featureNames: [...this.featureNames],
      trees: this.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold, (v) => (Number.isFinite(v) ? v : null)),
        left: Array.from(t.left),
        right: Array.from(t.right),
        gain: Array.from(t.gain),
        leafValue: Array.from(t.leafValue),
      })),
    };
  }

  static fromJSON(json: BoosterJson): Booster {
    if (!json || json.format !== BOOSTER_FORMAT) throw new Error(`Booster.fromJSON: not a ${BOOSTER_FORMAT} document`);
    if (json.version !== BOOSTER_FORMAT_VERSION) {
      throw new Error(`Booster.fromJSON: unsupported version ${json.version} (this code reads ${BOOSTER_FORMAT_VERSION})`);
    }
    const objective = objectiveByName(json.objective, json.tweedieVariancePower);
    const trees: Tree[] = json.trees.map((t) => ({
      feature: Int32Array.from(t.feature),
      thresholdBin: new Int32Array(t.feature.length),
      threshold: Float64Array.from(t.threshold, (v) => (v === null ? -Infinity : v)),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      gain: Float64Array.from(t.gain),
      leafValue: Float64Array.from(t.leafValue),
      leafCount: new Int32Array(t.leafValue.length),
    }));
    return new Booster(objective, json.tweedieVariancePower, json.initScore, json.numFeatures, json.featureNames, trees);
  }
}
