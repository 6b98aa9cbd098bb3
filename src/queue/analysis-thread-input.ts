import type { InputLimits } from '../dicom/input-limits.js';
import type { SiteRules } from '../dicom/recognition/index.js';
import type { NamedBytes } from '../dicom/study-inventory.js';

/**
 * What the analysis thread receives (structured-cloned; the files' buffers are transferred). The
 * model travels as its file text, checked again in the thread: a parsed forest does not survive
 * structured cloning.
 */
export interface AnalysisThreadInput {
  files: NamedBytes[];
  modelText: string;
  /** Hash of the extraction settings in use; the thread refuses a model trained with others. */
  settingsHash: string;
  rules: SiteRules;
  software: { name: string; version: string };
  demoMode: boolean;
  /** HER2_MAX_* caps the readers check before allocating. */
  inputLimits: InputLimits;
  /** HER2_CENTRE, for a harmonised model. */
  centre?: string;
  contentDateTimeMs: number;
}
