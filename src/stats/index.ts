/**
 * Evaluation statistics: pure functions on arrays, each checked against R to 1e-6 on the vectors
 * that test/fixtures/r/generate.R writes. Conventions shared by every function:
 * - labels are 0 (control, HER-2 negative) or 1 (case, HER-2 positive); scores are finite;
 * - ROC direction is pROC's "<" (controls score lower), fixed: an AUC below 0.5 is not flipped;
 * - a subject is called positive when its score is ≥ the threshold;
 * - probabilities are clipped to [1e-6, 1 − 1e-6] before any logit;
 * - undefined results (no finite MLE, an empty denominator, a class of one) are NaN, not thrown.
 *
 * | R reference                                        | here                                  |
 * |----------------------------------------------------|---------------------------------------|
 * | pROC auc, coords(roc, "all")                       | auc, rocCurve                         |
 * | pROC var / ci.auc (method = "delong")              | delongVariance, aucWithDelongCi       |
 * | pROC roc.test(method = "delong", paired = TRUE)    | pairedDelongTest                      |
 * | pROC coords(roc, "best", best.method = "youden")   | youdenThreshold                       |
 * | prop.test(x, n, correct = FALSE)$conf.int          | wilsonProportion, metricsAtThreshold  |
 * | ResourceSelection hoslem.test grouping (df = G − 2)| hosmerLemeshow                        |
 * | glm(y ~ offset(logit p)) / glm(y ~ logit p)        | calibration                           |
 * | psych::ICC(lmer = FALSE)                           | intraclassCorrelations                |
 * | pnorm, qnorm, pchisq, pf, qf, lgamma               | distributions.ts                      |
 */
export { type BinarySample, checkBinaryInput, splitByClass } from './binary-sample.js';
export {
  brierScore,
  type CalibrationFit,
  calibration,
  checkProbabilities,
  clippedLogit,
  type HosmerLemeshow,
  hosmerLemeshow,
  PROBABILITY_CLIP,
} from './calibration.js';
export { DEFAULT_DCA_THRESHOLDS, decisionCurve, type NetBenefitPoint } from './decision-curve.js';
export {
  type AucWithCi,
  aucWithDelongCi,
  type DelongTest,
  delongVariance,
  pairedDelongTest,
} from './delong.js';
export {
  chiSquareCdf,
  chiSquareUpperTail,
  erfc,
  fCdf,
  fQuantile,
  fUpperTail,
  logGamma,
  normalCdf,
  normalQuantile,
  normalUpperTail,
  regularizedIncompleteBeta,
  upperRegularizedGamma,
} from './distributions.js';
export {
  type BinaryEvaluation,
  type EvaluationOptions,
  evaluateBinaryScores,
  type ReportedProportion,
} from './evaluation.js';
export { type IccEstimate, type IccForm, type IccResult, intraclassCorrelations } from './icc.js';
export { fitInterceptWithOffset, fitSimpleLogistic } from './logistic.js';
export { quantileType7 } from './quantile.js';
export { auc, type Placements, placements, type RocCurve, rocCurve, rocThresholds } from './roc.js';
export {
  type ConfusionCounts,
  confusionAtThreshold,
  metricsAtThreshold,
  type ThresholdMetrics,
  type YoudenPoint,
  youdenThreshold,
} from './threshold.js';
export { type Proportion, wilsonProportion } from './wilson.js';
