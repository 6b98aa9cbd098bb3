import { type BinaryLabels, type FeatureTable, selectFeatures } from './feature-table.js';
import { crossValidateLassoLogistic, type LassoCrossValidation } from './lasso-cv.js';
import type { LassoLogisticOptions } from './lasso-logistic.js';
import { type DroppedFeature, type FittedStep, formatNumber, funnelRecord } from './selection-step.js';

/** Which cross-validated λ to use, as cv.glmnet's `s = "lambda.min"` / `"lambda.1se"`. */
export type LambdaChoice = 'lambda.min' | 'lambda.1se';

export interface FittedLassoSelection extends FittedStep {
  readonly lambdaChoice: LambdaChoice;
  readonly lambda: number;
  /** Intercept and coefficients (original scale of the step's input) at the chosen λ. */
  readonly intercept: number;
  readonly coefficients: ReadonlyMap<string, number>;
  readonly crossValidation: LassoCrossValidation;
}

/**
 * Probability of the positive class for each row of a cohort under the fitted LASSO model:
 * p = 1 / (1 + e^{−(β₀ + Σ β_j x_j)}) at the chosen λ. The cohort must be prepared by the same
 * earlier steps (e.g. the funnel's `apply`), since the coefficients refer to that scale.
 */
export function predictLassoProbability(model: FittedLassoSelection, table: FeatureTable): Float64Array {
  const selected = selectFeatures(table, model.keptFeatures);
  const beta = model.keptFeatures.map((name) => model.coefficients.get(name)!);
  return Float64Array.from({ length: selected.rowCount }, (_, i) => {
    let eta = model.intercept;
    selected.columns.forEach((column, j) => {
      eta += beta[j]! * column[i]!;
    });
    return 1 / (1 + Math.exp(-eta));
  });
}

/**
 * LASSO selection: cross-validate the glmnet-style logistic LASSO path with the given fold ids
 * (deviance), take λ.min or λ.1se, and keep the features with a non-zero coefficient there.
 */
export function fitLassoSelection(
  table: FeatureTable,
  labels: BinaryLabels,
  foldIds: ArrayLike<number>,
  options: { lambdaChoice: LambdaChoice } & LassoLogisticOptions,
): FittedLassoSelection {
  const { lambdaChoice, ...lassoOptions } = options;
  const cv = crossValidateLassoLogistic(table, labels, foldIds, lassoOptions);
  const index = lambdaChoice === 'lambda.min' ? cv.indexMin : cv.index1se;
  const beta = cv.path.beta[index]!;
  const lambda = cv.lambda[index]!;
  const kept: string[] = [];
  const dropped: DroppedFeature[] = [];
  const coefficients = new Map<string, number>();
  table.featureNames.forEach((name, j) => {
    if (beta[j] !== 0) {
      kept.push(name);
      coefficients.set(name, beta[j]!);
    } else {
      dropped.push({ name, reason: `LASSO coefficient 0 at ${lambdaChoice} = ${formatNumber(lambda)}` });
    }
  });
  const step = `LASSO logistic (${lambdaChoice})`;
  return {
    step,
    lambdaChoice,
    lambda,
    intercept: cv.path.intercept[index]!,
    coefficients,
    crossValidation: cv,
    keptFeatures: kept,
    record: funnelRecord(step, table.featureNames, kept, dropped),
    apply: (cohort) => selectFeatures(cohort, kept),
  };
}
