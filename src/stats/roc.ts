import type { BinarySample } from './binary-sample.js';

/**
 * Empirical ROC curve as pROC builds it (`roc(..., direction = "<")`): the thresholds are −∞, the
 * midpoints (a + b)/2 between adjacent distinct scores, and +∞, in ascending order; a subject is
 * called positive when its score is ≥ the threshold.
 */
export interface RocCurve {
  readonly thresholds: Float64Array;
  /** True-positive fraction at each threshold: #cases ≥ t / #cases. */
  readonly sensitivities: Float64Array;
  /** True-negative fraction at each threshold: #controls < t / #controls. */
  readonly specificities: Float64Array;
}

function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** Ascending distinct values of both classes together. */
function distinctScores(sample: BinarySample): number[] {
  const all = sortedCopy(Float64Array.from([...sample.cases, ...sample.controls]));
  const distinct: number[] = [];
  for (const v of all) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  return distinct;
}

/** pROC's candidate thresholds: −∞, midpoints between adjacent distinct scores, +∞. */
export function rocThresholds(sample: BinarySample): Float64Array {
  const distinct = distinctScores(sample);
  const thresholds = new Float64Array(distinct.length + 1);
  thresholds[0] = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < distinct.length; i++) {
    const a = distinct[i - 1]!;
    const b = distinct[i]!;
    let mid = (a + b) / 2;
    // Halving first avoids overflow for huge scores (pROC does the same above 1e100).
    if (Math.abs(mid) > 1e100) mid = a / 2 + b / 2;
    // Adjacent doubles have no midpoint between them: like pROC, move it up to b so that
    // "score ≥ threshold" still separates a from b.
    thresholds[i] = mid === a ? b : mid;
  }
  thresholds[distinct.length] = Number.POSITIVE_INFINITY;
  return thresholds;
}

/** Number of entries of the ascending array `sorted` that are strictly below `t` (binary search). */
export function countBelow(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the ascending array `sorted` that are ≤ `t`. */
export function countAtOrBelow(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The empirical ROC curve at pROC's thresholds (see {@link RocCurve}). */
export function rocCurve(sample: BinarySample): RocCurve {
  const thresholds = rocThresholds(sample);
  const cases = sortedCopy(sample.cases);
  const controls = sortedCopy(sample.controls);
  const sensitivities = new Float64Array(thresholds.length);
  const specificities = new Float64Array(thresholds.length);
  thresholds.forEach((t, i) => {
    sensitivities[i] = (cases.length - countBelow(cases, t)) / cases.length;
    specificities[i] = countBelow(controls, t) / controls.length;
  });
  return { thresholds, sensitivities, specificities };
}

/**
 * Structural components of the Mann–Whitney AUC (DeLong, DeLong & Clarke-Pearson 1988).
 * With ψ(x, y) = 1 if x > y, ½ if x = y, 0 otherwise, and m cases X, n controls Y:
 * V10(Xᵢ) = (1/n) Σⱼ ψ(Xᵢ, Yⱼ) and V01(Yⱼ) = (1/m) Σᵢ ψ(Xᵢ, Yⱼ); AUC = mean V10 = mean V01.
 */
export interface Placements {
  readonly caseComponents: Float64Array;
  readonly controlComponents: Float64Array;
  readonly auc: number;
}

/** DeLong placements and the AUC in O((m + n) log(m + n)) by binary search on sorted classes. */
export function placements(sample: BinarySample): Placements {
  const cases = sortedCopy(sample.cases);
  const controls = sortedCopy(sample.controls);
  const m = cases.length;
  const n = controls.length;
  const caseComponents = sample.cases.map((x) => {
    const below = countBelow(controls, x);
    return (below + 0.5 * (countAtOrBelow(controls, x) - below)) / n;
  });
  const controlComponents = sample.controls.map((y) => {
    const atOrBelow = countAtOrBelow(cases, y);
    return (m - atOrBelow + 0.5 * (atOrBelow - countBelow(cases, y))) / m;
  });
  let sum = 0;
  for (const v of caseComponents) sum += v;
  return { caseComponents, controlComponents, auc: sum / m };
}

/**
 * Area under the empirical ROC curve, direction "<" (controls < cases):
 * AUC = (1/(m n)) Σᵢ Σⱼ ψ(Xᵢ, Yⱼ), equal to pROC's trapezoidal `auc()`. 0.5 is chance; below 0.5 the
 * score ranks cases lower than controls.
 */
export function auc(sample: BinarySample): number {
  return placements(sample).auc;
}
