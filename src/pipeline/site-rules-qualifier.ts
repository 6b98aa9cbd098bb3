import { type MrHeader, mrHeaderFromDataset } from '../dicom/header.js';
import type { NaturalDataset } from '../dicom/header-dcmjs.js';
import { item, items, string } from '../dicom/header-values.js';
import {
  classifySegment,
  groupBySeries,
  recognizeStudy,
  type SegmentDescription,
  type SiteRules,
  type SlotChoice,
} from '../dicom/recognition/index.js';
import type { SeriesSummary, StudySnapshot } from './ports.js';
import type { QualifierVerdict, StudyQualifier } from './qualifier.js';

/**
 * The site-rules qualifier: a study is analysed when it is a breast MRI, holds a lesion mask and
 * every sequence the model reads has been recognised by the site rules (`recognizeStudy`), all
 * decided from instance headers (WADO-RS metadata), never from pixel data.
 */

/** The model's sequences (`t2`, `dwi`, `dce` as in feature columns). */
export type ModelSequence = 't2' | 'dwi' | 'dce';

/** Instance headers of one series, naturalised as dcmjs does (keywords; sequences as arrays). */
export interface SeriesHeaderSource {
  seriesHeaders(studyInstanceUid: string, seriesInstanceUid: string): Promise<NaturalDataset[]>;
}

export interface SiteRulesQualifierOptions {
  rules: SiteRules;
  /** The sequences the model's features come from (from the model file). */
  requiredSequences: readonly ModelSequence[];
  headers: SeriesHeaderSource;
}

/** The role names reported while a study waits (and in its skip record). */
export const ROLE_NAMES: Record<ModelSequence, string> = {
  t2: 't2w',
  dwi: 'adc',
  dce: 'dce_post_contrast',
};

const MASK_MODALITIES = new Set(['SEG', 'RTSTRUCT']);

/**
 * Words that mark a breast examination in Body Part Examined, the study or series description or
 * the protocol name. The site rules recognise sequences, not the body part, so this sits here.
 */
const BREAST = /breast|mamm|brust|sein|mama\b/i;

function isBreast(headers: readonly NaturalDataset[]): boolean {
  return headers.some((h) =>
    ['BodyPartExamined', 'StudyDescription', 'SeriesDescription', 'ProtocolName'].some((k) =>
      BREAST.test(string(h, k)),
    ),
  );
}

/** Segments of a SEG (SegmentSequence) or ROIs of an RTSTRUCT, as recognition describes them. */
export function maskSegments(header: NaturalDataset): SegmentDescription[] {
  const segments = items(header, 'SegmentSequence').map((s): SegmentDescription => {
    const type = item(s, 'SegmentedPropertyTypeCodeSequence');
    return {
      label: string(s, 'SegmentLabel'),
      ...(type
        ? {
            propertyType: {
              scheme: string(type, 'CodingSchemeDesignator'),
              value: string(type, 'CodeValue'),
              meaning: string(type, 'CodeMeaning'),
            },
          }
        : {}),
    };
  });
  const observations = items(header, 'RTROIObservationsSequence');
  const rois = items(header, 'StructureSetROISequence').map((r): SegmentDescription => {
    const number = string(r, 'ROINumber');
    const observation = observations.find((o) => string(o, 'ReferencedROINumber') === number);
    const interpretedType = observation ? string(observation, 'RTROIInterpretedType') : '';
    return { label: string(r, 'ROIName'), ...(interpretedType ? { interpretedType } : {}) };
  });
  return [...segments, ...rois];
}

/** Series UIDs a chosen slot reads (a diffusion fit may combine several). */
function slotSeries(choice: SlotChoice): string[] {
  if (choice.status !== 'chosen' || choice.seriesInstanceUid === null) return [];
  return [choice.seriesInstanceUid, ...(choice.diffusion?.combinedSeries ?? [])];
}

export function siteRulesQualifier(options: SiteRulesQualifierOptions): StudyQualifier {
  const { rules, requiredSequences, headers } = options;
  return async (study: StudySnapshot): Promise<QualifierVerdict> => {
    const mr = study.series.filter((s) => s.modality === 'MR');
    if (mr.length === 0) return { status: 'not_applicable', reason: 'no_mr_series' };
    const mrHeaders: { series: SeriesSummary; header: NaturalDataset }[] = [];
    for (const series of mr) {
      for (const header of await headers.seriesHeaders(study.studyInstanceUid, series.seriesInstanceUid))
        mrHeaders.push({ series, header });
    }
    if (!isBreast(mrHeaders.map((h) => h.header)))
      return { status: 'not_applicable', reason: 'not_breast_mri' };

    const parsed: MrHeader[] = mrHeaders.map((h, n) => mrHeaderFromDataset(h.header, `MR header ${n + 1}`));
    const { inputs } = recognizeStudy(groupBySeries(parsed), rules);
    const slots: Record<ModelSequence, SlotChoice> = {
      t2: inputs.t2w,
      dwi: inputs.diffusion,
      dce: inputs.dcePost,
    };
    const missing: string[] = [];
    const chosenSeries = new Set<string>();
    for (const sequence of requiredSequences) {
      const choice = slots[sequence];
      // The analysis reads an ADC map; a fit from the b-value images is not implemented.
      const usable =
        choice.status === 'chosen' && (sequence !== 'dwi' || choice.diffusion?.representation === 'adc');
      if (!usable) {
        missing.push(
          choice.status === 'ambiguous' ? `${ROLE_NAMES[sequence]}_ambiguous` : ROLE_NAMES[sequence],
        );
        continue;
      }
      for (const uid of slotSeries(choice)) chosenSeries.add(uid);
    }

    const lesionMasks: SeriesSummary[] = [];
    for (const series of study.series.filter((s) => MASK_MODALITIES.has(s.modality))) {
      const maskHeaders = await headers.seriesHeaders(study.studyInstanceUid, series.seriesInstanceUid);
      const hasLesion = maskHeaders.some((h) =>
        maskSegments(h).some((segment) => classifySegment(segment, rules).kind === 'lesion'),
      );
      if (hasLesion) lesionMasks.push(series);
    }
    if (lesionMasks.length === 0) missing.push('lesion_mask');
    if (missing.length > 0) return { status: 'incomplete', missingRoles: missing };

    const inputSeries = study.series.filter((s) => chosenSeries.has(s.seriesInstanceUid));
    return {
      status: 'ready',
      inputSopInstanceUids: [...inputSeries, ...lesionMasks].flatMap((s) => s.sopInstanceUids),
    };
  };
}
