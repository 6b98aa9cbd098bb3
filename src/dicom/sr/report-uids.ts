import { createHash } from 'node:crypto';

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

function uidFrom(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  // 122 bits keep the integer below 2^128 (a UUID), so the UID stays under 64 characters.
  digest[0] = digest[0]! & 0x03;
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString()}`;
}

export function reportUids(inputs: ReportUidInputs): ReportUids {
  const key = [
    inputs.studyInstanceUid,
    [...inputs.referencedSopInstanceUids].sort().join(','),
    inputs.modelSha256,
  ].join('|');
  return {
    srSeriesInstanceUid: uidFrom('her2-sr-series', key),
    srSopInstanceUid: uidFrom('her2-sr', key),
    companionSeriesInstanceUid: uidFrom('her2-companion-series', key),
    companionSopInstanceUid: uidFrom('her2-companion', key),
  };
}
