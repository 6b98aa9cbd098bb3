/**
 * The modelling workbench: fit each configured model on the training rows (selection → random
 * forest → Youden threshold on out-of-bag probabilities), evaluate it per cohort with src/stats,
 * compare models with paired DeLong tests, and build the model files.
 */
export {
  COHORT_LABELS,
  type CohortCount,
  type CohortEvaluation,
  cohortCounts,
  compareModels,
  evaluateModel,
  holmAdjust,
  type ModelComparison,
} from './evaluate-study.js';
export {
  CHECKED_MODEL,
  checkStudy,
  type LatentTruth,
  type StudyCheck,
  sampleOracleAuc,
} from './study-check.js';
export {
  candidateColumns,
  type FeatureImportance,
  type FeatureRange,
  modelSeed,
  type TrainedModel,
  toForestTable,
  trainModel,
} from './train-model.js';
export {
  formatPredictionsCsv,
  METRICS_FORMAT,
  METRICS_VERSION,
  type ModelMetrics,
  MULTIPLICITY_NOTE,
  type StudyMetrics,
  type StudyRun,
  trainStudy,
} from './train-study.js';
