import { checkProbabilities } from './calibration.js';

/** Net benefit of three strategies at one threshold probability. */
export interface NetBenefitPoint {
  readonly threshold: number;
  readonly model: number;
  readonly treatAll: number;
  readonly treatNone: number;
}

/** The default threshold grid pt = k/20, k = 1 … 19 (each computed as k/20). */
export const DEFAULT_DCA_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/**
 * Decision-curve analysis (Vickers & Elkin 2006). At threshold probability pₜ the model treats
 * subjects with p ≥ pₜ; its net benefit is TP/N − FP/N · pₜ/(1 − pₜ). Treat-all has
 * π − (1 − π) · pₜ/(1 − pₜ) with π the prevalence; treat-none has 0.
 */
export function decisionCurve(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  thresholds: readonly number[] = DEFAULT_DCA_THRESHOLDS,
): NetBenefitPoint[] {
  checkProbabilities(labels, probabilities);
  const n = labels.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += labels[i]!;
  const prevalence = events / n;
  return thresholds.map((threshold) => {
    const odds = threshold / (1 - threshold);
    let truePositives = 0;
    let falsePositives = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i]! >= threshold) {
        if (labels[i] === 1) truePositives++;
        else falsePositives++;
      }
    }
    return {
      threshold,
      model: truePositives / n - (falsePositives / n) * odds,
      treatAll: prevalence - (1 - prevalence) * odds,
      treatNone: 0,
    };
  });
}
