import { type BinarySample, splitByClass } from './binary-sample.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { type Placements, placements } from './roc.js';

/** AUC with its DeLong variance and a normal-approximation confidence interval. */
export interface AucWithCi {
  readonly auc: number;
  /** DeLong variance of the AUC; NaN when a class has a single subject. */
  readonly variance: number;
  /** [lower, upper], clipped to [0, 1] as pROC does. */
  readonly ci: readonly [number, number];
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample covariance (denominator k − 1) of two equally long vectors about their means. */
function covariance(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - ma) * (b[i]! - mb);
  return sum / (a.length - 1);
}

/**
 * DeLong covariance of two AUCs on the same subjects:
 * Cov = S10(1,2)/m + S01(1,2)/n with S10, S01 the sample covariances of the case and control
 * placements (DeLong et al. 1988, eq. 5). With the same score twice it is the variance.
 */
function delongCovariance(a: Placements, b: Placements): number {
  const m = a.caseComponents.length;
  const n = a.controlComponents.length;
  return (
    covariance(a.caseComponents, b.caseComponents) / m +
    covariance(a.controlComponents, b.controlComponents) / n
  );
}

/** DeLong variance of the AUC, as pROC `var(roc, method = "delong")`. */
export function delongVariance(sample: BinarySample): number {
  const p = placements(sample);
  return delongCovariance(p, p);
}

/**
 * AUC and its (1 − α) confidence interval by DeLong's method, as pROC
 * `ci.auc(roc, method = "delong")`: AUC ± Φ⁻¹(1 − α/2) · √Var, clipped to [0, 1].
 */
export function aucWithDelongCi(sample: BinarySample, confidenceLevel = 0.95): AucWithCi {
  const p = placements(sample);
  const variance = delongCovariance(p, p);
  const half = normalQuantile(1 - (1 - confidenceLevel) / 2) * Math.sqrt(variance);
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  return { auc: p.auc, variance, ci: [clip(p.auc - half), clip(p.auc + half)] };
}

/** Result of DeLong's paired test of two AUCs on the same subjects. */
export interface DelongTest {
  readonly auc1: number;
  readonly auc2: number;
  /** z = (AUC₁ − AUC₂) / √(Var₁ + Var₂ − 2 Cov₁₂). */
  readonly z: number;
  /** Two-sided p = 2 Φ(−|z|). */
  readonly p: number;
}

/**
 * DeLong's test for two correlated ROC curves (same subjects, two scores), as pROC
 * `roc.test(roc1, roc2, method = "delong", paired = TRUE)`; both scores use direction "<".
 */
export function pairedDelongTest(
  labels: ArrayLike<number>,
  firstScores: ArrayLike<number>,
  secondScores: ArrayLike<number>,
): DelongTest {
  // splitByClass keeps row order, so the i-th case of both samples is the same subject.
  const a = placements(splitByClass(labels, firstScores, 'first score'));
  const b = placements(splitByClass(labels, secondScores, 'second score'));
  const varianceOfDifference = delongCovariance(a, a) + delongCovariance(b, b) - 2 * delongCovariance(a, b);
  const difference = a.auc - b.auc;
  // Identical curves (difference 0 with variance 0) give z = 0, p = 1 as in pROC, not 0/0.
  const z = difference === 0 && varianceOfDifference === 0 ? 0 : difference / Math.sqrt(varianceOfDifference);
  return { auc1: a.auc, auc2: b.auc, z, p: 2 * normalCdf(-Math.abs(z)) };
}
