import { hashedUid } from '../uids.js';

/**
 * Deterministic UIDs for the result objects: the same study, the same source instances and the
 * same model give the same SR (and companion) UIDs, so re-running a job replaces instead of
 * duplicating; a retrained model (new SHA-256) gives new ones. UIDs are "2.25." + a UUID-sized
 * integer (ITU-T X.667), from SHA-256 over the inputs.
 */

export interface ReportUidInputs {
  studyInstanceUid: string;
  /** Every referenced instance (images, SEGs); order does not matter. */
  referencedSopInstanceUids: readonly string[];
  modelSha256: string;
}

export interface ReportUids {
  srSeriesInstanceUid: string;
  srSopInstanceUid: string;
  companionSeriesInstanceUid: string;
  companionSopInstanceUid: string;
}

export function reportUids(inputs: ReportUidInputs): ReportUids {
  const key = [
    inputs.studyInstanceUid,
    [...inputs.referencedSopInstanceUids].sort().join(','),
    inputs.modelSha256,
  ].join('|');
  return {
    srSeriesInstanceUid: hashedUid('her2-sr-series', key),
    srSopInstanceUid: hashedUid('her2-sr', key),
    companionSeriesInstanceUid: hashedUid('her2-companion-series', key),
    companionSopInstanceUid: hashedUid('her2-companion', key),
  };
}
