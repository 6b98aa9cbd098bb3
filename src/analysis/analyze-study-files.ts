import type { SiteRules } from '../dicom/recognition/site-rules.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import { AppError } from '../errors/index.js';
import type { LoadedModel, Prediction } from '../model/index.js';

/**
 * The analysis of one study, from its DICOM objects to the objects written back: recognition →
 * volumes and lesion masks → 3 mm ring → the model's features per sequence × region → prediction →
 * a SEG per source series, the TID 1500 SR and the PDF companion. Shared by the queue worker and
 * `her2 analyze`, so both give the same values. Pure except for `now` (stage durations).
 *
 * CONTRACT: the pipeline and the offline command are written against these types.
 */

/** An earlier SR of ours that the new one supersedes (a later or changed mask). */
export interface SupersededReport {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
}

export interface AnalysisOptions {
  model: LoadedModel;
  rules: SiteRules;
  /** Product name and version, written as device observer and algorithm identification. */
  software: { name: string; version: string };
  /** Whether a model flagged synthetic/demo may run (HER2_DEMO_MODE); otherwise refused. */
  demoMode: boolean;
  /** Content date/time of the outputs (fixed input and time → byte-identical outputs). */
  contentDateTime: Date;
  /**
   * The SR this analysis supersedes; `undefined` = find it among `files` (our own newest SR whose
   * UID differs from the one this analysis derives), `null` = none.
   */
  supersedes?: SupersededReport | null;
  /** Milliseconds clock for stage durations; defaults to a clock that always returns 0. */
  now?: () => number;
}

export interface AnalysisOutput {
  kind: 'seg' | 'sr' | 'companion';
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** Suggested file name for offline output, e.g. `sr.dcm`, `seg-t2.dcm`. */
  fileName: string;
  /** Part-10 bytes. */
  bytes: Uint8Array;
}

export interface StudyAnalysis {
  studyInstanceUid: string;
  prediction: Prediction;
  /** The model's feature columns → raw values, as put in the SR. */
  features: Record<string, number>;
  /** Mask transfers between sequences ("dwi lesion masks mapped from dce"). */
  transfers: string[];
  /** Non-fatal problems found on the way (unused masks, extra series). */
  problems: string[];
  supersedes: SupersededReport | null;
  outputs: AnalysisOutput[];
  /** The SR content tree as readable text. */
  srText: string;
  /** Stage name → milliseconds (recognise, volumes, ring, features, predict, write). */
  stageDurationsMs: Record<string, number>;
}

/**
 * Analyses one study. `files` may include our own earlier outputs (recognised by their
 * Manufacturer, see `src/pipeline/output-marker.ts`); they are never used as input. Bad input
 * throws an `AppError` with a stable code and `retryable: false`.
 */
export function analyzeStudyFiles(_files: readonly NamedBytes[], _options: AnalysisOptions): StudyAnalysis {
  throw new AppError('analysis_unavailable', 'the study analysis is not implemented yet');
}
