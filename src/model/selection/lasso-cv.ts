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
 *    in λ (λ outside the fold's range takes the nearest end), and predict
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
 * Coefficients of `path` at an arbitrary λ, as cv.glmnet reads a fold's path at the full-data λ
 * values: linear interpolation in λ between the two neighbouring path points,
 *   β(λ) = f β(λ_k) + (1 − f) β(λ_{k+1}),  f = (λ − λ_{k+1}) / (λ_k − λ_{k+1}),  λ_k ≥ λ ≥ λ_{k+1},
 * and the nearest end point for λ outside the path's range.
 */
export function coefficientsAtLambda(path: LassoLogisticPath, lambda: number): Coefficients {
  const lambdas = path.lambda;
  const last = lambdas.length - 1;
  if (last === 0 || lambda >= lambdas[0]!) return { intercept: path.intercept[0]!, beta: path.beta[0]! };
  if (lambda <= lambdas[last]!) return { intercept: path.intercept[last]!, beta: path.beta[last]! };
  // Bisection on the decreasing λ: lambdas[upper] ≥ λ > lambdas[upper + 1].
  let upper = 0;
  let lower = last;
  while (lower - upper > 1) {
    const middle = (upper + lower) >> 1;
    if (lambdas[middle]! >= lambda) upper = middle;
    else lower = middle;
  }
  const f = (lambda - lambdas[lower]!) / (lambdas[upper]! - lambdas[lower]!);
  const betaUpper = path.beta[upper]!;
  const betaLower = path.beta[lower]!;
  return {
    intercept: path.intercept[upper]! * f + path.intercept[lower]! * (1 - f),
    beta: betaUpper.map((value, j) => value * f + betaLower[j]! * (1 - f)),
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
