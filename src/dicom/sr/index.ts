export type { Code } from './codes.js';
export * as codes from './codes.js';
export type { ContentItem, RelationshipType } from './content-item.js';
export { contentItemFromDataset, contentItemToDataset } from './content-item.js';
export { type FormatSrTreeOptions, formatSrTree } from './format.js';
export {
  algorithmIdentification,
  featureConcept,
  groupTrackingIdentifier,
  predictionTrackingIdentifier,
} from './measurement-group.js';
export { COMPREHENSIVE_3D_SR_STORAGE, MeasurementReport, patientStudyModule } from './measurement-report.js';
export { readContentTree, readDataset, readMeasurementReport } from './reader.js';
export { type ReportUidInputs, type ReportUids, reportUids } from './report-uids.js';
export {
  type FeatureInput,
  type MeasurementGroupInput,
  type MeasurementReportInput,
  measurementReportInputSchema,
  type Sequence,
  type StudyInput,
} from './schema.js';
