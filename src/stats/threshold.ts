import { type BinarySample, splitByClass } from './binary-sample.js';
import { rocCurve } from './roc.js';
import { type Proportion, wilsonProportion } from './wilson.js';

/** Youden-optimal operating point of an ROC curve. */
export interface YoudenPoint {
  readonly threshold: number;
  readonly sensitivity: number;
  readonly specificity: number;
}

/**
 * Threshold maximising Youden's J = sensitivity + specificity − 1, as pROC
 * `coords(roc, "best", best.method = "youden")` with its default weights (criterion se + sp). The
 * candidates are pROC's thresholds (midpoints between adjacent distinct scores, and ±∞); when several
 * reach the maximum exactly, the lowest threshold is returned (pROC's first row).
 */
export function youdenThreshold(sample: BinarySample): YoudenPoint {
  const curve = rocCurve(sample);
  let best = 0;
  let bestCriterion = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < curve.thresholds.length; i++) {
    const criterion = curve.sensitivities[i]! + curve.specificities[i]!;
    // Strictly greater: the first (lowest) threshold wins ties.
    if (criterion > bestCriterion) {
      bestCriterion = criterion;
      best = i;
    }
  }
  return {
    threshold: curve.thresholds[best]!,
    sensitivity: curve.sensitivities[best]!,
    specificity: curve.specificities[best]!,
  };
}

/** Confusion counts when a subject is called positive iff its score ≥ threshold. */
export interface ConfusionCounts {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

/** Operating characteristics at one threshold, each with a Wilson confidence interval. */
export interface ThresholdMetrics {
  readonly threshold: number;
  readonly counts: ConfusionCounts;
  /** TP / (TP + FN). */
  readonly sensitivity: Proportion;
  /** TN / (TN + FP). */
  readonly specificity: Proportion;
  /** (TP + TN) / N. */
  readonly accuracy: Proportion;
  /** Positive predictive value TP / (TP + FP); NaN when nobody is called positive. */
  readonly ppv: Proportion;
  /** Negative predictive value TN / (TN + FN); NaN when nobody is called negative. */
  readonly npv: Proportion;
}

/** Counts of a fixed threshold applied to labelled scores (score ≥ threshold → positive). */
export function confusionAtThreshold(sample: BinarySample, threshold: number): ConfusionCounts {
  let truePositives = 0;
  let falsePositives = 0;
  for (const s of sample.cases) if (s >= threshold) truePositives++;
  for (const s of sample.controls) if (s >= threshold) falsePositives++;
  return {
    truePositives,
    falsePositives,
    trueNegatives: sample.controls.length - falsePositives,
    falseNegatives: sample.cases.length - truePositives,
  };
}

/**
 * Sensitivity, specificity, accuracy, PPV and NPV with Wilson intervals at a fixed threshold, e.g. one
 * chosen on a training cohort and applied unchanged to a validation cohort.
 */
export function metricsAtThreshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  confidenceLevel = 0.95,
): ThresholdMetrics {
  const counts = confusionAtThreshold(splitByClass(labels, scores), threshold);
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = counts;
  return {
    threshold,
    counts,
    sensitivity: wilsonProportion(tp, tp + fn, confidenceLevel),
    specificity: wilsonProportion(tn, tn + fp, confidenceLevel),
    accuracy: wilsonProportion(tp + tn, tp + fp + tn + fn, confidenceLevel),
    ppv: wilsonProportion(tp, tp + fp, confidenceLevel),
    npv: wilsonProportion(tn, tn + fn, confidenceLevel),
  };
}
