import { AppError } from '../../errors/index.js';
import type { BinaryLabels } from './feature-table.js';

/**
 * Stratified fold ids 1..K for cross-validation: each class's rows are shuffled (Fisher–Yates
 * with the caller's seeded generator, returning values in [0, 1)) and dealt to folds in turn,
 * the negative class continuing where the positive class stopped, so fold sizes differ by at
 * most one and each fold holds a near-equal share of both classes. The same generator state
 * gives the same folds. Pass the result to `crossValidateLassoLogistic` / the funnel.
 */
export function stratifiedFoldIds(labels: BinaryLabels, folds: number, random: () => number): Uint8Array {
  if (!Number.isInteger(folds) || folds < 3 || folds > 255) {
    throw new AppError('selection_setting', `folds must be an integer from 3 to 255; found ${folds}.`, {
      details: { setting: 'folds', value: folds },
    });
  }
  if (labels.length < folds) {
    throw new AppError('fold_ids_invalid', `Cannot make ${folds} folds from ${labels.length} rows.`, {
      details: { folds, rows: labels.length },
    });
  }
  const ids = new Uint8Array(labels.length);
  let next = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    labels.forEach((value, i) => {
      if (value === label) rows.push(i);
    });
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    for (const row of rows) {
      ids[row] = (next % folds) + 1;
      next++;
    }
  }
  return ids;
}
