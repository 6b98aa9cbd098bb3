import type { InputLimits } from '../dicom/input-limits.js';
import type { SiteRules } from '../dicom/recognition/site-rules.js';
import { COMPREHENSIVE_3D_SR_STORAGE, formatSrTree, MeasurementReport } from '../dicom/sr/index.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import { AppError } from '../errors/index.js';
import { type LoadedModel, type Prediction, predict } from '../model/index.js';
import { writeCompanion } from './companion.js';
import { indexLesionRow, measureLesions, ringLesions } from './lesion-features.js';
import { modelNeeds } from './model-needs.js';
import { analysisUids } from './output-uids.js';
import { findSupersededReport } from './own-outputs.js';
import { reportInput } from './report-input.js';
import { writeSegmentations } from './segmentations.js';
import { studyAttributes } from './study-attributes.js';
import { readStudyInputs } from './study-features.js';

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
  /**
   * Size caps checked before objects are parsed and pixels decoded (HER2_MAX_* settings, see
   * `inputLimitsOf` in src/config). @defaultValue DEFAULT_INPUT_LIMITS
   */
  inputLimits?: InputLimits;
  /**
   * The centre this study comes from, as in the training table's `centre` column (HER2_CENTRE).
   * Only a model trained with ComBat harmonisation reads it, and refuses a missing or unseen one.
   */
  centre?: string;
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
  /**
   * Stage name → milliseconds: read (parse every object, set our own outputs aside), recognise
   * (series roles, volumes, masks), ring, features, predict, write.
   */
  stageDurationsMs: Record<string, number>;
}

/**
 * Analyses one study. `files` may include our own earlier outputs (recognised by their
 * Manufacturer, see `src/pipeline/output-marker.ts`); they are never used as input. Bad input
 * throws an `AppError` with a stable code and `retryable: false`.
 */
export function analyzeStudyFiles(files: readonly NamedBytes[], options: AnalysisOptions): StudyAnalysis {
  const { model } = options;
  if (model.artifact.synthetic && !options.demoMode) {
    throw new AppError(
      'demo_model_refused',
      `Model "${model.artifact.name}" was trained on synthetic data and runs only in demo mode (HER2_DEMO_MODE).`,
      { details: { model: model.artifact.name } },
    );
  }
  const clock = options.now ?? (() => 0);
  const stageDurationsMs: Record<string, number> = {};
  const stage = <T>(name: string, work: () => T): T => {
    const start = clock();
    const result = work();
    stageDurationsMs[name] = clock() - start;
    return result;
  };

  const needs = modelNeeds(model);
  const { partition, inputs, used } = readStudyInputs(
    files,
    options.rules,
    needs,
    stage,
    options.inputLimits,
  );
  const study = studyAttributes(used[0]!.sourceDataset, 'source images');
  const uids = analysisUids({
    studyInstanceUid: study.studyInstanceUid,
    inputSopInstanceUids: partition.inputSopInstanceUids,
    modelSha256: model.id,
  });
  const supersedes =
    options.supersedes === undefined
      ? findSupersededReport(partition.ownReports, study.studyInstanceUid, uids.srSopInstanceUid)
      : options.supersedes;

  const ringed = stage('ring', () => ringLesions(used, needs));
  const measured = stage('features', () => measureLesions(ringed, needs));
  const features = indexLesionRow(measured);
  const prediction = stage('predict', () =>
    predict(model, features, options.centre === undefined ? {} : { site: options.centre }),
  );

  const written = stage('write', () => {
    const segmentations = writeSegmentations(ringed, uids, {
      software: options.software,
      contentDateTime: options.contentDateTime,
      modelId: model.id,
    });
    const input = reportInput({
      study,
      model,
      prediction,
      measured,
      segmentations,
      uids,
      software: options.software,
      contentDateTime: options.contentDateTime,
      supersedes,
    });
    const report = new MeasurementReport(input);
    const sr: AnalysisOutput = {
      kind: 'sr',
      sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
      sopInstanceUid: input.document.sopInstanceUid,
      seriesInstanceUid: input.document.seriesInstanceUid,
      fileName: 'sr.dcm',
      bytes: report.toBytes(),
    };
    const companion = writeCompanion(input, measured, uids);
    return {
      outputs: [...segmentations.map((s) => s.output), sr, companion],
      srText: formatSrTree(report.content),
    };
  });

  const modelColumns = new Set(model.artifact.features.map((f) => f.column));
  return {
    studyInstanceUid: study.studyInstanceUid,
    prediction,
    features: Object.fromEntries(Object.entries(features).filter(([column]) => modelColumns.has(column))),
    transfers: inputs.transfers,
    problems: [
      ...inputs.problems,
      ...partition.ownOutputs.map((name) => `${name}: our own earlier output, not used as input`),
    ],
    supersedes,
    outputs: written.outputs,
    srText: written.srText,
    stageDurationsMs,
  };
}
