import { createHash } from 'node:crypto';

/**
 * Identity of an analysis input: SHA-256 (hex) of the sorted SOP Instance UIDs the analysis reads,
 * one per line. The same images and masks give the same hash whatever order they arrived in; a
 * new or replaced mask gives another.
 */
export function inputHash(sopInstanceUids: readonly string[]): string {
  const sorted = [...new Set(sopInstanceUids)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex');
}

/**
 * The queue job id of an analysis: study and input, hashed. BullMQ forbids `:` in custom ids, and
 * ids show up in the dashboard and logs, so the Study Instance UID itself must not appear.
 */
export function analysisJobId(studyInstanceUid: string, hash: string): string {
  const study = createHash('sha256').update(studyInstanceUid).digest('hex').slice(0, 20);
  return `analysis-${study}-${hash.slice(0, 32)}`;
}
