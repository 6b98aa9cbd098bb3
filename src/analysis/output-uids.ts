import { reportUids } from '../dicom/sr/index.js';
import { hashedUid } from '../dicom/uids.js';

/**
 * Every UID the analysis writes, derived from its input (study, sorted input SOP Instance UIDs)
 * and the model: the same input analysed by the same model gives the same objects, so a retried
 * job replaces its outputs instead of duplicating them, and new masks or a new model give new ones.
 * SR and companion UIDs come from `reportUids`; the rest are "2.25." UIDs (ITU-T X.667) from
 * SHA-256 over the same key and the object's role.
 */

export interface AnalysisUidInputs {
  studyInstanceUid: string;
  inputSopInstanceUids: readonly string[];
  modelSha256: string;
}

export interface AnalysisUids {
  srSeriesInstanceUid: string;
  srSopInstanceUid: string;
  companionSeriesInstanceUid: string;
  companionSopInstanceUid: string;
  segSeriesInstanceUid: string;
  /** One SEG per source series. */
  segSopInstanceUid(sourceSeriesInstanceUid: string): string;
  dimensionOrganizationUid(sourceSeriesInstanceUid: string): string;
  /** Tracking UID of a lesion × sequence × region group (shared by the SEG segment and the SR group). */
  trackingUid(lesion: number, sequence: string, region: string): string;
  predictionTrackingUid(lesion: number): string;
  /** Device UID of the trained model (depends on the model only). */
  modelDeviceUid: string;
}

export function analysisUids(inputs: AnalysisUidInputs): AnalysisUids {
  const report = reportUids({
    studyInstanceUid: inputs.studyInstanceUid,
    referencedSopInstanceUids: inputs.inputSopInstanceUids,
    modelSha256: inputs.modelSha256,
  });
  const key = [
    inputs.studyInstanceUid,
    [...new Set(inputs.inputSopInstanceUids)].sort().join(','),
    inputs.modelSha256,
  ].join('|');
  return {
    ...report,
    segSeriesInstanceUid: hashedUid('her2-seg-series', key),
    segSopInstanceUid: (series) => hashedUid('her2-seg', key, series),
    dimensionOrganizationUid: (series) => hashedUid('her2-seg-dimensions', key, series),
    trackingUid: (lesion, sequence, region) =>
      hashedUid('her2-tracking', key, String(lesion), sequence, region),
    predictionTrackingUid: (lesion) => hashedUid('her2-prediction', key, String(lesion)),
    modelDeviceUid: hashedUid('her2-model-device', inputs.modelSha256),
  };
}
