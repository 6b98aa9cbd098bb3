export {
  type FittedCorrelationFilter,
  fitCorrelationFilter,
  pearsonCorrelation,
  relevanceOrder,
} from './correlation-filter.js';
export {
  erfc,
  logGamma,
  normalCdf,
  normalUpperTail,
  regularizedIncompleteBeta,
  studentTCdf,
} from './distributions.js';
export {
  type BinaryLabels,
  checkFinite,
  checkLabels,
  createFeatureTable,
  type FeatureTable,
  featureTableFromRows,
  selectFeatures,
  selectRows,
  splitByLabel,
} from './feature-table.js';
export { stratifiedFoldIds } from './fold-ids.js';
export { type FittedSelectionFunnel, fitSelectionFunnel } from './funnel.js';
export { coefficientsAtLambda, crossValidateLassoLogistic, type LassoCrossValidation } from './lasso-cv.js';
export {
  defaultLambdaMinRatio,
  fitLassoLogisticPath,
  type LassoLogisticOptions,
  type LassoLogisticPath,
} from './lasso-logistic.js';
export {
  type FittedLassoSelection,
  fitLassoSelection,
  type LambdaChoice,
  predictLassoProbability,
} from './lasso-step.js';
export {
  discretiseMeanSd,
  type FittedMrmr,
  fitMrmr,
  mutualInformation,
} from './mrmr.js';
export { applySelectionModel, type SelectionModel, toSelectionModel } from './selection-model.js';
export type { DroppedFeature, FittedStep, FunnelRecord } from './selection-step.js';
export {
  parseSelectionSettings,
  type SelectionSettings,
  type SelectionSettingsInput,
  selectionSettingsSchema,
} from './settings.js';
export {
  type FittedUnivariateFilter,
  fitUnivariateFilter,
  type UnivariateTest,
  univariatePValues,
} from './univariate-filter.js';
export { mannWhitneyU, midRanks, type TwoSampleTestResult, welchTTest } from './univariate-tests.js';
export { applyZScore, type FittedZScore, fitZScore, type ZScoreParameters } from './zscore.js';
