import { AppError } from '../errors/index.js';
import { checkBinaryInput } from './binary-sample.js';
import { chiSquareUpperTail } from './distributions.js';
import { fitInterceptWithOffset, fitSimpleLogistic } from './logistic.js';
import { quantileType7 } from './quantile.js';

/** Probabilities are clipped to [ε, 1 − ε] before any logit so that 0 and 1 stay finite. */
export const PROBABILITY_CLIP = 1e-6;

/** Checks labels and predicted probabilities (finite, within [0, 1]). */
export function checkProbabilities(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  what = 'probabilities',
): void {
  checkBinaryInput(labels, probabilities, what);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p < 0 || p > 1) {
      throw new AppError(
        'stats_not_probability',
        `${what}: row ${i + 1} is ${p}; probabilities must lie in [0, 1]`,
        {
          details: { row: i + 1 },
        },
      );
    }
  }
}

/** logit(p) = ln(p / (1 − p)) after clipping p to [1e-6, 1 − 1e-6]. */
export function clippedLogit(p: number): number {
  const q = Math.min(1 - PROBABILITY_CLIP, Math.max(PROBABILITY_CLIP, p));
  return Math.log(q / (1 - q));
}

/** Brier score (Brier 1950): mean squared difference (1/N) Σ (pᵢ − yᵢ)²; 0 is perfect. */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkProbabilities(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / labels.length;
}

/** Hosmer–Lemeshow goodness-of-fit test result. */
export interface HosmerLemeshow {
  /** Ĉ = Σ_groups Σ_{class} (observed − expected)² / expected. */
  readonly statistic: number;
  /** G − 2, with G the number of non-empty groups. */
  readonly df: number;
  /** Upper chi-square tail of the statistic on df degrees of freedom. */
  readonly p: number;
  /** Per group: size, observed events, expected events (Σ p). */
  readonly groups: readonly { size: number; observed: number; expected: number }[];
}

/**
 * Hosmer–Lemeshow test (Hosmer & Lemeshow 1980) with the grouping of ResourceSelection's
 * `hoslem.test(y, p, g = 10)`: breaks are `unique(quantile(p, 0:10/10, type = 7))`, subjects are
 * binned by `cut(p, breaks, include.lowest = TRUE)` (right-closed intervals, the first one closed on
 * both sides). df = G − 2 counts only the non-empty groups G, so ties that merge deciles lower the
 * degrees of freedom instead of inflating them. With fewer than two distinct probabilities there is no
 * grouping and every field is NaN; with G ≤ 2 the p-value is NaN (no degrees of freedom left).
 */
export function hosmerLemeshow(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  groupCount = 10,
): HosmerLemeshow {
  checkProbabilities(labels, probabilities);
  const probs = Array.from({ length: groupCount + 1 }, (_, k) => k / groupCount);
  const breaks: number[] = [];
  for (const q of quantileType7(probabilities, probs)) if (!breaks.includes(q)) breaks.push(q);
  if (breaks.length < 2) return { statistic: Number.NaN, df: Number.NaN, p: Number.NaN, groups: [] };
  breaks.sort((a, b) => a - b);
  const bins = breaks.slice(1).map(() => ({ size: 0, observed: 0, expected: 0 }));
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    // Right-closed bin k holds breaks[k] < p ≤ breaks[k+1]; the lowest break belongs to bin 0.
    let k = 0;
    while (k < bins.length - 1 && p > breaks[k + 1]!) k++;
    const bin = bins[k]!;
    bin.size++;
    bin.observed += labels[i]!;
    bin.expected += p;
  }
  const groups = bins.filter((b) => b.size > 0);
  let statistic = 0;
  for (const g of groups) {
    statistic += (g.observed - g.expected) ** 2 / g.expected;
    const observedNon = g.size - g.observed;
    const expectedNon = g.size - g.expected;
    statistic += (observedNon - expectedNon) ** 2 / expectedNon;
  }
  const df = groups.length - 2;
  return { statistic, df, p: df > 0 ? chiSquareUpperTail(statistic, df) : Number.NaN, groups };
}

/** Calibration-in-the-large and calibration slope (Van Calster et al. 2016, "weak" calibration). */
export interface CalibrationFit {
  /** Intercept a of logit P(y) = a + 1·logit(p): 0 when the mean risk is right, > 0 when under-predicted. */
  readonly citl: number;
  /** Slope b of logit P(y) = a + b·logit(p): 1 is ideal, < 1 means too extreme predictions. NaN if the scores separate the classes. */
  readonly slope: number;
}

/**
 * Calibration-in-the-large, as R `coef(glm(y ~ offset(logit(p)), family = binomial))`, and the
 * calibration slope, as `coef(glm(y ~ logit(p), family = binomial))[2]`, with p clipped to
 * [1e-6, 1 − 1e-6] first.
 */
export function calibration(labels: ArrayLike<number>, probabilities: ArrayLike<number>): CalibrationFit {
  checkProbabilities(labels, probabilities);
  const logits = Float64Array.from(probabilities, clippedLogit);
  return {
    citl: fitInterceptWithOffset(labels, logits),
    slope: fitSimpleLogistic(labels, logits).slope,
  };
}
