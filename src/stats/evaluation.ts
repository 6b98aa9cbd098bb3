import { splitByClass } from './binary-sample.js';
import { brierScore, calibration, hosmerLemeshow } from './calibration.js';
import { decisionCurve } from './decision-curve.js';
import { aucWithDelongCi, pairedDelongTest } from './delong.js';
import { metricsAtThreshold, youdenThreshold } from './threshold.js';
import type { Proportion } from './wilson.js';

/** A proportion as reported: estimate, Wilson interval and denominator. */
export interface ReportedProportion {
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly n: number;
}

/**
 * Everything an evaluation of binary predictions reports. The keys are the stable JSON format of
 * `her2 evaluate --json` (snake_case, as read by R and Python scripts). Values that are not finite
 * (a −∞ Youden threshold, an infinite Hosmer–Lemeshow statistic, an undefined slope) become null when
 * serialised with JSON.stringify.
 */
export interface BinaryEvaluation {
  readonly n: number;
  readonly cases: number;
  readonly controls: number;
  readonly auc: number;
  /** DeLong 95 % interval, clipped to [0, 1]. */
  readonly auc_ci: readonly [number, number];
  /** Only when a second score is compared. */
  readonly auc_compare?: number;
  /** Paired DeLong test of score against the compared score. */
  readonly delong?: { readonly z: number; readonly p: number };
  readonly youden: { readonly threshold: number; readonly sensitivity: number; readonly specificity: number };
  /** Only when a fixed threshold is given (e.g. the training cohort's Youden threshold). */
  readonly at_threshold?: {
    readonly threshold: number;
    readonly sensitivity: ReportedProportion;
    readonly specificity: ReportedProportion;
    readonly accuracy: ReportedProportion;
    readonly ppv: ReportedProportion;
    readonly npv: ReportedProportion;
  };
  /** The fields below are null when the scores are not probabilities (some outside [0, 1]). */
  readonly brier: number | null;
  readonly hosmer_lemeshow: { readonly statistic: number; readonly df: number; readonly p: number } | null;
  readonly calibration: { readonly citl: number; readonly slope: number } | null;
  readonly dca:
    | {
        readonly threshold: number;
        readonly model: number;
        readonly treat_all: number;
        readonly treat_none: number;
      }[]
    | null;
}

export interface EvaluationOptions {
  /** A second score on the same subjects, compared with the paired DeLong test. */
  readonly compare?: ArrayLike<number>;
  /** A fixed threshold (score ≥ threshold is positive) at which to report operating characteristics. */
  readonly threshold?: number;
  /** Names the score in error messages, e.g. "predictions.csv column 'prob'". */
  readonly what?: string;
}

const reported = (p: Proportion): ReportedProportion => ({ estimate: p.estimate, ci: p.ci, n: p.trials });

/**
 * Discrimination (AUC with DeLong CI, optional paired DeLong test, Youden point, optional fixed
 * threshold), calibration (Brier, Hosmer–Lemeshow, calibration-in-the-large and slope) and the decision
 * curve of one score against binary labels. Calibration and the decision curve are computed only when
 * every score lies in [0, 1], since they only mean something for probabilities.
 */
export function evaluateBinaryScores(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: EvaluationOptions = {},
): BinaryEvaluation {
  const sample = splitByClass(labels, scores, options.what);
  const withCi = aucWithDelongCi(sample);
  const youden = youdenThreshold(sample);
  let evaluation: BinaryEvaluation = {
    n: labels.length,
    cases: sample.cases.length,
    controls: sample.controls.length,
    auc: withCi.auc,
    auc_ci: withCi.ci,
    youden: { threshold: youden.threshold, sensitivity: youden.sensitivity, specificity: youden.specificity },
    brier: null,
    hosmer_lemeshow: null,
    calibration: null,
    dca: null,
  };
  if (options.compare !== undefined) {
    const test = pairedDelongTest(labels, scores, options.compare);
    evaluation = { ...evaluation, auc_compare: test.auc2, delong: { z: test.z, p: test.p } };
  }
  if (options.threshold !== undefined) {
    const m = metricsAtThreshold(labels, scores, options.threshold);
    evaluation = {
      ...evaluation,
      at_threshold: {
        threshold: m.threshold,
        sensitivity: reported(m.sensitivity),
        specificity: reported(m.specificity),
        accuracy: reported(m.accuracy),
        ppv: reported(m.ppv),
        npv: reported(m.npv),
      },
    };
  }
  if (Array.from(scores).every((s) => s >= 0 && s <= 1)) {
    const hl = hosmerLemeshow(labels, scores);
    const fit = calibration(labels, scores);
    evaluation = {
      ...evaluation,
      brier: brierScore(labels, scores),
      hosmer_lemeshow: { statistic: hl.statistic, df: hl.df, p: hl.p },
      calibration: { citl: fit.citl, slope: fit.slope },
      dca: decisionCurve(labels, scores).map((d) => ({
        threshold: d.threshold,
        model: d.model,
        treat_all: d.treatAll,
        treat_none: d.treatNone,
      })),
    };
  }
  return evaluation;
}
