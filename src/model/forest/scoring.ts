import { AppError } from '../../errors/index.js';

/**
 * Scores predicted probabilities (rows × K row-major) against class labels; higher is better.
 * Used by permutation importance.
 */
export type ProbabilityScorer = (
  probabilities: Float64Array,
  labels: Int32Array,
  classCount: number,
) => number;

/**
 * Binary AUC of the class-1 probability, by the Mann–Whitney statistic with midranks for ties:
 * AUC = (R₁ − n₁(n₁+1)/2) / (n₁·n₀), R₁ the rank sum of the positives. Small on purpose: the
 * statistics module owns ROC analysis; this only ranks features. NaN if a class is absent.
 */
export const aucScorer: ProbabilityScorer = (probabilities, labels, classCount) => {
  if (classCount !== 2) {
    throw new AppError(
      'unsupported_scorer',
      `AUC scoring needs a binary model; this one has ${classCount} classes.`,
    );
  }
  const n = labels.length;
  const scores = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = probabilities[2 * i + 1]!;
    order[i] = i;
  }
  order.sort((a, b) => scores[a]! - scores[b]!);
  let positiveRankSum = 0;
  let positives = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const midrank = (start + 1 + end) / 2; // ranks start+1 … end share their mean
    for (let j = start; j < end; j++) {
      if (labels[order[j]!] === 1) {
        positiveRankSum += midrank;
        positives++;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
};

/** Fraction of rows whose most probable class (first on ties) is the label. */
export const accuracyScorer: ProbabilityScorer = (probabilities, labels, classCount) => {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      if (probabilities[i * classCount + c]! > probabilities[i * classCount + best]!) best = c;
    }
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
};

/** AUC for binary models, accuracy otherwise. */
export function defaultScorer(classCount: number): ProbabilityScorer {
  return classCount === 2 ? aucScorer : accuracyScorer;
}
