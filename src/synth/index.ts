export {
  CAO2025,
  type CohortDesign,
  type CohortMember,
  planCohort,
  type Split,
  scaleDesign,
} from './cohort.js';
export { GENERATOR_REVISION, HER2_EFFECTS, oracleAuc, peritumoralOracleAuc } from './effects.js';
export { groundTruth, type StudyGroundTruth } from './ground-truth.js';
export { type MaskObject, maskObjects } from './mask-objects.js';
export type { Centre, Her2Status } from './patient.js';
export type { StudySize } from './protocol.js';
export { CANARY, type GeneratedStudy, generateStudy, type StudyOptions } from './study.js';
