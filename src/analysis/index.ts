export * from './analyze-study-files.js';
export { findSupersededReport, type OwnReport, partitionOwnOutputs } from './own-outputs.js';
export { type LesionRegions, lesionRegions, RING_WIDTH_MM, sequenceFeatures } from './region-features.js';
export { readStudyInputs, studyFeatureRow } from './study-features.js';
export * from './study-inputs.js';
