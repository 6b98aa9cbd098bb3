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
