import type { StudySnapshot } from './ports.js';

/**
 * Whether a study can be analysed now. Site rules (sequence recognition, which roles are
 * required) plug in as a `StudyQualifier`; `basicQualifier` is the fallback that only knows
 * modalities.
 */
export type QualifierVerdict =
  /** Everything needed is there; these instances are the analysis input. */
  | { status: 'ready'; inputSopInstanceUids: string[] }
  /** Something may still arrive (a series or a mask); names the missing roles. */
  | { status: 'incomplete'; missingRoles: string[] }
  /** The study is not for us (e.g. no MR at all); the reason is a stable snake_case code. */
  | { status: 'not_applicable'; reason: string };

/** Decides on a study whose series exclude our own outputs. */
export type StudyQualifier = (study: StudySnapshot) => QualifierVerdict | Promise<QualifierVerdict>;

const MASK_MODALITIES = new Set(['SEG', 'RTSTRUCT']);

/**
 * MR images plus at least one mask object (SEG or RTSTRUCT). A study without MR is not
 * applicable; MR without a mask is incomplete (the reader may still be drawing it). The input is
 * every MR and mask instance.
 */
export function basicQualifier(study: StudySnapshot): QualifierVerdict {
  const mr = study.series.filter((s) => s.modality === 'MR');
  const masks = study.series.filter((s) => MASK_MODALITIES.has(s.modality));
  if (mr.length === 0) return { status: 'not_applicable', reason: 'no_mr_series' };
  if (masks.length === 0) return { status: 'incomplete', missingRoles: ['mask'] };
  return {
    status: 'ready',
    inputSopInstanceUids: [...mr, ...masks].flatMap((s) => s.sopInstanceUids),
  };
}
