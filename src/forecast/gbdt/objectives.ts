/**
 * Loss functions for boosting: each gives the first and second derivative of the loss with
 * respect to the raw score f (Newton boosting, Friedman 2001 / Chen & Guestrin 2016), the starting
 * score, the link back to the prediction scale and the loss used for early stopping.
 *
 * - l2: loss ½(f − y)², identity link.
 * - poisson: log link μ = e^f, negative log-likelihood μ − y·f. As in LightGBM the hessian is
 *   inflated by e^maxDeltaStep (0.7) so that leaves with tiny μ do not take huge Newton steps.
 * - tweedie (variance power p in [1, 2)): log link, negative log-likelihood up to constants
 *   −y·e^{(1−p)f}/(1−p) + e^{(2−p)f}/(2−p) (Jørgensen; LightGBM's tweedie objective). p = 1 is
 *   Poisson-like, p → 2 gamma-like; in between a compound Poisson–gamma with exact zeros, which
 *   suits intermittent demand.
 */
export type ObjectiveName = 'l2' | 'poisson' | 'tweedie';

export interface Objective {
  readonly name: ObjectiveName;
  /** True when every hessian is exactly 1 (then the hessian sum counts rows). */
  readonly unitHessian: boolean;
  /** Raw score every row starts from (the best constant). */
  initScore(y: ArrayLike<number>): number;
  /** Fills grad[i], hess[i] for every row from the current raw scores. */
  gradients(y: ArrayLike<number>, scores: ArrayLike<number>, grad: Float64Array, hess: Float64Array): void;
  /** Raw score → prediction (mean). */
  transform(score: number): number;
  /** Mean loss over rows, lower is better (early stopping). */
  meanLoss(y: ArrayLike<number>, scores: ArrayLike<number>): number;
}

const POISSON_MAX_DELTA_STEP = 0.7;
/** Smallest mean the log-link objectives start from, so that all-zero targets stay finite. */
const MIN_LOG_MEAN = 1e-6;

function mean(y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i];
  return y.length > 0 ? sum / y.length : 0;
}

function assertNonNegative(y: ArrayLike<number>, name: string): void {
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0)) throw new Error(`${name} objective needs non-negative targets (row ${i} is ${y[i]})`);
  }
}

export const l2Objective: Objective = {
  name: 'l2',
  unitHessian: true,
  initScore: (y) => mean(y),
  gradients(y, scores, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = scores[i] - y[i];
      hess[i] = 1;
    }
  },
  transform: (score) => score,
  meanLoss(y, scores) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += 0.5 * (scores[i] - y[i]) ** 2;
    return y.length > 0 ? sum / y.length : 0;
  },
};

export const poissonObjective: Objective = {
  name: 'poisson',
  unitHessian: false,
  initScore(y) {
    assertNonNegative(y, 'poisson');
    return Math.log(Math.max(MIN_LOG_MEAN, mean(y)));
  },
  gradients(y, scores, grad, hess) {
    const inflate = Math.exp(POISSON_MAX_DELTA_STEP);
    for (let i = 0; i < y.length; i++) {
      const mu = Math.exp(scores[i]);
      grad[i] = mu - y[i];
      hess[i] = mu * inflate;
    }
  },
  transform: (score) => Math.exp(score),
  meanLoss(y, scores) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += Math.exp(scores[i]) - y[i] * scores[i];
    return y.length > 0 ? sum / y.length : 0;
  },
};

export function tweedieObjective(variancePower: number): Objective {
  if (!(variancePower >= 1 && variancePower < 2)) {
    throw new Error(`tweedie variance power must be in [1, 2), got ${variancePower}`);
  }
  const p = variancePower;
  return {
    name: 'tweedie',
    unitHessian: false,
    initScore(y) {
      assertNonNegative(y, 'tweedie');
      return Math.log(Math.max(MIN_LOG_MEAN, mean(y)));
    },
    gradients(y, scores, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        const a = Math.exp((1 - p) * scores[i]);
        const b = Math.exp((2 - p) * scores[i]);
        grad[i] = -y[i] * a + b;
        hess[i] = -y[i] * (1 - p) * a + (2 - p) * b;
      }
    },
    transform: (score) => Math.exp(score),
    meanLoss(y, scores) {
      let sum = 0;
      for (let i = 0; i < y.length; i++) {
        const a = p === 1 ? scores[i] : Math.exp((1 - p) * scores[i]) / (1 - p);
        sum += -y[i] * a + Math.exp((2 - p) * scores[i]) / (2 - p);
      }
      return y.length > 0 ? sum / y.length : 0;
    },
  };
}

export function objectiveByName(name: ObjectiveName, tweedieVariancePower = 1.5): Objective {
  switch (name) {
    case 'l2':
      return l2Objective;
    case 'poisson':
      return poissonObjective;
    case 'tweedie':
      return tweedieObjective(tweedieVariancePower);
    default:
      throw new Error(`Unknown objective "${String(name)}" (known: l2, poisson, tweedie)`);
  }
}
