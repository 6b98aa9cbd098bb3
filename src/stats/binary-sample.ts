import { AppError } from '../errors/index.js';

/**
 * Scores of one binary outcome split by class. `cases` are the positives (label 1, HER-2 positive),
 * `controls` the negatives (label 0). Every statistic here uses pROC's direction "<": controls are
 * expected to score lower than cases, so an AUC below 0.5 is reported as such and never flipped.
 */
export interface BinarySample {
  readonly cases: Float64Array;
  readonly controls: Float64Array;
}

/**
 * Checks a label vector and a score vector for binary evaluation: same length, labels exactly 0 or 1,
 * scores finite. `what` names the input in error messages (e.g. "column 'prob' of predictions.csv").
 */
export function checkBinaryInput(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  what = 'scores',
): void {
  if (labels.length !== scores.length) {
    throw new AppError(
      'stats_length_mismatch',
      `${what}: ${scores.length} scores but ${labels.length} labels; both must have one entry per subject`,
      { details: { scores: scores.length, labels: labels.length } },
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label !== 0 && label !== 1) {
      throw new AppError(
        'stats_label_not_binary',
        `label of row ${i + 1} is ${label}; labels must be 0 or 1`,
        {
          details: { row: i + 1 },
        },
      );
    }
    if (!Number.isFinite(scores[i]!)) {
      throw new AppError(
        'stats_score_not_finite',
        `${what}: row ${i + 1} is ${scores[i]}; scores must be finite`,
        {
          details: { row: i + 1 },
        },
      );
    }
  }
}

/** Splits scores by label after checking them; both classes must be present. */
export function splitByClass(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  what = 'scores',
): BinarySample {
  checkBinaryInput(labels, scores, what);
  let caseCount = 0;
  for (let i = 0; i < labels.length; i++) caseCount += labels[i]!;
  const cases = new Float64Array(caseCount);
  const controls = new Float64Array(labels.length - caseCount);
  let c = 0;
  let k = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) cases[c++] = scores[i]!;
    else controls[k++] = scores[i]!;
  }
  if (cases.length === 0 || controls.length === 0) {
    throw new AppError(
      'stats_one_class',
      `${what}: all ${labels.length} labels are ${cases.length === 0 ? 0 : 1}; both classes (0 and 1) are needed`,
      { details: { cases: cases.length, controls: controls.length } },
    );
  }
  return { cases, controls };
}
