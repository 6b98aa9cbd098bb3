import { AppError } from '../../errors/index.js';
import { addTreeVotes, type ForestFit } from './random-forest.js';
import { assertFeatureTable, type FeatureTable } from './training-data.js';

/** Out-of-bag class probabilities of the training rows. */
export interface OutOfBagProbabilities {
  /** rows × K row-major; NaN for rows that were in every tree's bootstrap sample. */
  readonly probabilities: Float64Array;
  /** Number of trees for which each row was out of bag. */
  readonly treeCounts: Uint32Array;
}

/**
 * Out-of-bag probabilities (Breiman 1996), as scikit-learn's `oob_decision_function_`: for training
 * row i, the mean of the leaf class fractions over the trees whose bootstrap sample did not
 * contain i. `table` must be the training table the forest was fitted on (same row order).
 */
export function outOfBagProbabilities(fit: ForestFit, table: FeatureTable): OutOfBagProbabilities {
  assertFeatureTable(table, fit.model.featureCount);
  if (!fit.model.options.bootstrap) {
    throw new AppError(
      'oob_unavailable',
      'Out-of-bag estimates need bootstrap sampling; this forest was trained with bootstrap: false.',
    );
  }
  const k = fit.model.classCount;
  const sums = new Float64Array(table.rows * k);
  const treeCounts = new Uint32Array(table.rows);
  fit.model.trees.forEach((tree, t) => {
    const inBag = fit.inBagCounts[t]!;
    if (inBag.length !== table.rows) {
      throw new AppError(
        'row_count_mismatch',
        `Out-of-bag estimates need the training table: got ${table.rows} rows, the forest was fitted on ${inBag.length}.`,
        { details: { rows: table.rows, trainingRows: inBag.length } },
      );
    }
    addTreeVotes(tree, table, sums, inBag, treeCounts);
  });
  for (let i = 0; i < table.rows; i++) {
    const count = treeCounts[i]!;
    for (let c = 0; c < k; c++) sums[i * k + c] = count > 0 ? sums[i * k + c]! / count : Number.NaN;
  }
  return { probabilities: sums, treeCounts };
}
