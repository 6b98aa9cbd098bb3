import { AppError } from '../../errors/index.js';
import { type BinaryLabels, type FeatureTable, selectRows } from './feature-table.js';
import { fitLassoLogisticPath, type LassoLogisticOptions, type LassoLogisticPath } from './lasso-logistic.js';

/**
 * K-fold cross-validation of the LASSO logistic path with `cv.glmnet` semantics for
 * `family = "binomial", type.measure = "deviance"` and caller-given fold ids (`foldid`):
 *
 * 1. fit the path on all rows → λ sequence;
 * 2. for each fold k, fit a path on the other folds *with its own automatic λ sequence* (as
 *    glmnet ≥ 3 does), read its coefficients at the full-data λ values by linear interpolation
 *    in λ (glmnet `lambda.interp`; λ outside the fold's range takes the nearest end), and predict
 *    p̂ = 1/(1 + e^{−(β₀ + xᵀβ)}) on fold k, clamped to [1e-5, 1 − 1e-5];
 * 3. per held-out row, deviance d_i = −2 [y_i log p̂_i + (1 − y_i) log(1 − p̂_i)];
 * 4. per fold, the mean of d_i ("grouped"); then over folds with weights n_k:
 *      cvm = Σ n_k D̄_k / Σ n_k,
 *      cvsd = √( Σ n_k (D̄_k − cvm)² / Σ n_k / (K − 1) );
 * 5. λ.min = largest λ with the smallest cvm; λ.1se = largest λ with cvm ≤ cvm(λ.min) + cvsd(λ.min).
 */

export interface LassoCrossValidation {
  readonly path: LassoLogisticPath;
  readonly lambda: Float64Array;
  /** Mean cross-validated binomial deviance per λ. */
  readonly cvm: Float64Array;
  /** Its standard error across folds per λ. */
  readonly cvsd: Float64Array;
  readonly lambdaMin: number;
  readonly lambda1se: number;
  /** Positions of λ.min and λ.1se in `lambda`. */
  readonly indexMin: number;
  readonly index1se: number;
}

const PROBABILITY_CLAMP = 1e-5;

/** Intercept and coefficients at one λ. */
interface Coefficients {
  intercept: number;
  beta: Float64Array;
}

/**
 * Coefficients of `path` at an arbitrary λ, as glmnet's `lambda.interp` + `predict`: λ is mapped
 * to t = (λ₁ − λ)/(λ₁ − λ_K) ∈ [0, 1] (clamped), R's `approx` gives the fractional position
 * between neighbouring path points, and the coefficients are blended linearly.
 */
export function coefficientsAtLambda(path: LassoLogisticPath, lambda: number): Coefficients {
  const lambdas = path.lambda;
  const k = lambdas.length;
  if (k === 1) return { intercept: path.intercept[0]!, beta: path.beta[0]! };
  const first = lambdas[0]!;
  const range = first - lambdas[k - 1]!;
  const knots = Float64Array.from(lambdas, (value) => (first - value) / range);
  let t = (first - lambda) / range;
  t = Math.min(Math.max(t, knots[0]!), knots[k - 1]!);
  // R's approx(knots, 1..k, t): bisection, exact hits return the knot's index.
  let lo = 0;
  let hi = k - 1;
  while (lo < hi - 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (t < knots[mid]!) hi = mid;
    else lo = mid;
  }
  let coord: number;
  if (t === knots[hi]) coord = hi + 1;
  else if (t === knots[lo]) coord = lo + 1;
  else coord = lo + 1 + (hi - lo) * ((t - knots[lo]!) / (knots[hi]! - knots[lo]!));
  const left = Math.floor(coord) - 1;
  const right = Math.ceil(coord) - 1;
  let frac = (t - knots[right]!) / (knots[left]! - knots[right]!);
  if (left === right || Math.abs(knots[left]! - knots[right]!) < Number.EPSILON) frac = 1;
  const betaLeft = path.beta[left]!;
  const betaRight = path.beta[right]!;
  return {
    intercept: path.intercept[left]! * frac + path.intercept[right]! * (1 - frac),
    beta: betaLeft.map((value, j) => value * frac + betaRight[j]! * (1 - frac)),
  };
}

/** Linear predictor β₀ + xᵀβ for row `row` of `table`. */
function linearPredictor(coefficients: Coefficients, table: FeatureTable, row: number): number {
  const { beta } = coefficients;
  let eta = coefficients.intercept;
  for (let j = 0; j < beta.length; j++) {
    if (beta[j] !== 0) eta += beta[j]! * table.columns[j]![row]!;
  }
  return eta;
}

/** Checks fold ids are integers 1..K, one per row, each fold non-empty, K ≥ 3 (as cv.glmnet). */
function foldCount(foldIds: ArrayLike<number>, rowCount: number): number {
  if (foldIds.length !== rowCount) {
    throw new AppError(
      'fold_ids_length',
      `Fold ids have ${foldIds.length} values but the table has ${rowCount} rows.`,
      {
        details: { foldIds: foldIds.length, rows: rowCount },
      },
    );
  }
  let k = 0;
  for (let i = 0; i < foldIds.length; i++) {
    const id = foldIds[i]!;
    if (!Number.isInteger(id) || id < 1) {
      throw new AppError(
        'fold_ids_invalid',
        `Fold id at row ${i} is ${id}; fold ids must be integers from 1.`,
        {
          details: { row: i },
        },
      );
    }
    k = Math.max(k, id);
  }
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < foldIds.length; i++) sizes[foldIds[i]! - 1]!++;
  if (k < 3 || sizes.some((size) => size === 0)) {
    throw new AppError(
      'fold_ids_invalid',
      `Fold ids must cover folds 1..K with K >= 3, each non-empty; found K = ${k}.`,
      {
        details: { folds: k, sizes },
      },
    );
  }
  return k;
}

export function crossValidateLassoLogistic(
  table: FeatureTable,
  labels: BinaryLabels,
  foldIds: ArrayLike<number>,
  options: LassoLogisticOptions = {},
): LassoCrossValidation {
  const folds = foldCount(foldIds, table.rowCount);
  const path = fitLassoLogisticPath(table, labels, options);
  const lambdaCount = path.lambda.length;
  const foldMeans: Float64Array[] = [];
  const foldSizes: number[] = [];
  for (let fold = 1; fold <= folds; fold++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < table.rowCount; i++) (foldIds[i] === fold ? testRows : trainRows).push(i);
    const trainLabels = Uint8Array.from(trainRows, (i) => labels[i]!);
    const trainPositives = trainLabels.reduce((sum, label) => sum + label, 0);
    if (trainPositives === 0 || trainPositives === trainLabels.length) {
      throw new AppError(
        'fold_one_class',
        `The training rows outside fold ${fold} contain only one class; use stratified fold ids.`,
        { details: { fold, trainingRows: trainLabels.length, positives: trainPositives } },
      );
    }
    const foldPath = fitLassoLogisticPath(selectRows(table, trainRows), trainLabels, options);
    const means = new Float64Array(lambdaCount);
    for (let k = 0; k < lambdaCount; k++) {
      const coefficients = coefficientsAtLambda(foldPath, path.lambda[k]!);
      let sum = 0;
      for (const i of testRows) {
        const eta = linearPredictor(coefficients, table, i);
        const raw = 1 / (1 + Math.exp(-eta));
        const prob = Math.min(Math.max(raw, PROBABILITY_CLAMP), 1 - PROBABILITY_CLAMP);
        sum += -2 * (labels[i] === 1 ? Math.log(prob) : Math.log(1 - prob));
      }
      means[k] = sum / testRows.length;
    }
    foldMeans.push(means);
    foldSizes.push(testRows.length);
  }

  const totalWeight = foldSizes.reduce((a, b) => a + b, 0);
  const cvm = new Float64Array(lambdaCount);
  const cvsd = new Float64Array(lambdaCount);
  for (let k = 0; k < lambdaCount; k++) {
    let weighted = 0;
    for (let f = 0; f < folds; f++) weighted += foldMeans[f]![k]! * foldSizes[f]!;
    const mean = weighted / totalWeight;
    let spread = 0;
    for (let f = 0; f < folds; f++) {
      const deviation = foldMeans[f]![k]! - mean;
      spread += deviation * deviation * foldSizes[f]!;
    }
    cvm[k] = mean;
    cvsd[k] = Math.sqrt(spread / totalWeight / (folds - 1));
  }

  const cvmMin = Math.min(...cvm);
  // λ is decreasing, so the first index reaching the bound is the largest λ.
  const indexMin = cvm.findIndex((value) => value <= cvmMin);
  const bound = cvm[indexMin]! + cvsd[indexMin]!;
  const index1se = cvm.findIndex((value) => value <= bound);
  return {
    path,
    lambda: path.lambda,
    cvm,
    cvsd,
    lambdaMin: path.lambda[indexMin]!,
    lambda1se: path.lambda[index1se]!,
    indexMin,
    index1se,
  };
}
