import { AppError } from '../../errors/index.js';
import type { ClassWeight } from './forest-options.js';

/**
 * Per-class weights w_k, as scikit-learn's `compute_class_weight`: 'balanced' gives
 * w_k = n / (K · n_k) over the rows counted, with K the number of classes present among them
 * (a class absent from them gets weight 0, it has no rows to weigh); an explicit array is used as is; 'none' gives 1. 'balanced_subsample' is resolved per
 * tree by the caller with the bootstrap rows, so here it behaves like 'balanced'.
 *
 * `rowCounts[i]` is how many times row i is counted (bootstrap multiplicity, or 1 for all rows).
 */
export function computeClassWeights(
  classWeight: ClassWeight,
  labels: Int32Array,
  classCount: number,
  rowCounts?: ArrayLike<number>,
): Float64Array {
  const weights = new Float64Array(classCount);
  if (classWeight === 'none') return weights.fill(1);
  if (Array.isArray(classWeight)) {
    if (classWeight.length !== classCount) {
      throw new AppError(
        'invalid_forest_options',
        `Random forest setting "classWeight" has ${classWeight.length} weights for ${classCount} classes.`,
        { details: { setting: 'classWeight', length: classWeight.length, classCount } },
      );
    }
    weights.set(classWeight);
    return weights;
  }
  const classRows = new Float64Array(classCount);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const count = rowCounts === undefined ? 1 : rowCounts[i]!;
    classRows[labels[i]!]! += count;
    total += count;
  }
  // K counts only the classes present, as scikit-learn (np.unique of the labels weighed).
  let present = 0;
  for (let c = 0; c < classCount; c++) if (classRows[c]! > 0) present++;
  for (let c = 0; c < classCount; c++) {
    weights[c] = classRows[c]! > 0 ? total / (present * classRows[c]!) : 0;
  }
  return weights;
}
