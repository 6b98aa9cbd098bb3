import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../dicom/input-limits.js';
import type { SiteRules } from '../dicom/recognition/site-rules.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import type { ExtractionParams } from '../radiomics/index.js';
import { indexLesionRow, measureLesions, requireModelInputs, ringLesions } from './lesion-features.js';
import { everyFeature, type ModelNeeds } from './model-needs.js';
import { type PartitionedFiles, partitionOwnOutputs, requireReadableObjects } from './own-outputs.js';
import { loadStudyInputs, type SequenceInput, type StudyInputs } from './study-inputs.js';

/**
 * From a study's files to the sequence inputs a feature row needs — the one path shared by the
 * analysis (`analyzeStudyFiles`) and the training table (`her2 features` on DICOM folders), so a
 * model sees features computed from DICOM exactly as in training: our own outputs set aside, a
 * study with an unreadable object refused, series and masks found by the site rules, and every
 * needed sequence required to have a lesion.
 */

export interface StudyRead {
  /** Without the decoded inputs, so they can be freed once the volumes and masks are built. */
  partition: Omit<PartitionedFiles, 'inputs'>;
  inputs: StudyInputs;
  /** The needed sequences, in table order, each with at least one lesion. */
  used: SequenceInput[];
}

export function readStudyInputs(
  files: readonly NamedBytes[],
  rules: SiteRules,
  needs: ModelNeeds,
  stage: <T>(name: string, work: () => T) => T = (_, work) => work(),
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): StudyRead {
  const { inputs: decoded, ...partition } = stage('read', () => partitionOwnOutputs(files, limits));
  requireReadableObjects(partition.unreadable);
  const inputs = stage('recognise', () => loadStudyInputs(decoded, rules, limits));
  return { partition, inputs, used: requireModelInputs(inputs, needs) };
}

/**
 * A training-table row of a DICOM study: every sequence × region × feature of `params` on the
 * index lesion (lesion 1), named `<sequence>_<region>_<key>`.
 */
export function studyFeatureRow(
  files: readonly NamedBytes[],
  rules: SiteRules,
  params: ExtractionParams,
): Record<string, number> {
  const needs = everyFeature(params);
  const { used } = readStudyInputs(files, rules, needs);
  return indexLesionRow(measureLesions(ringLesions(used, needs, 'index'), needs));
}
