import type { DicomDataset } from '../dicom/dataset.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../dicom/input-limits.js';
import { classifySegment } from '../dicom/recognition/index.js';
import type { SiteRules } from '../dicom/recognition/site-rules.js';
import { type SeriesVolume, seriesVolumes } from '../dicom/series-volume.js';
import {
  type NamedBytes,
  type ReadMaskObject,
  readStudy,
  volumesOfSeries,
} from '../dicom/study-inventory.js';
import { describeError } from '../errors/index.js';
import { countLabel, type Mask, requireSameFrameOfReference, transferMask } from '../volume/index.js';

/**
 * From a study's DICOM objects to what the analysis needs per sequence: the chosen series (by
 * the site rules' recognition), its volume, and one mask per lesion — the site's own mask on that
 * series, or another sequence's mask carried over through physical space (recorded). Pure.
 */

export type Sequence = 't2' | 'dwi' | 'dce';
export const SEQUENCES: readonly Sequence[] = ['t2', 'dwi', 'dce'];

export interface LesionMask {
  /** 1-based lesion number, matched across sequences by order of the ROI/segment numbers. */
  number: number;
  name: string;
  mask: Mask;
  /** Where the mask came from: the mask object it was drawn in, or the sequence it was mapped from. */
  origin:
    | { kind: 'drawn'; object: string; sopInstanceUid: string; roiNumber: number }
    | { kind: 'transferred'; from: Sequence };
}

export interface SequenceInput {
  sequence: Sequence;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | undefined;
  source: SeriesVolume;
  /** Header of the volume's first slice (pixel data left out): what derived objects copy from. */
  sourceDataset: DicomDataset;
  lesions: LesionMask[];
}

export interface StudyInputs {
  sequences: Partial<Record<Sequence, SequenceInput>>;
  /** Human-readable record of every mask transfer ("dwi lesion masks mapped from dce"). */
  transfers: string[];
  /** Why a sequence is missing, masks that were not used, and other problems. */
  problems: string[];
  /** Mask objects that could not be read (a broken SEG or RTSTRUCT), with the reader's reason. */
  unreadableMasks: UnreadableMask[];
}

export interface UnreadableMask {
  name: string;
  /** The series it says it was drawn on, when it says. */
  referencedSeriesInstanceUid: string | null;
  problem: string;
}

/** Preference when a sequence has no mask of its own: the DCE mask first (the usual reading). */
const TRANSFER_ORDER: readonly Sequence[] = ['dce', 't2', 'dwi'];

function chosenVolume(
  images: readonly { name: string; dataset: DicomDataset }[],
  sopInstanceUids: Set<string> | null,
): SeriesVolume {
  if (sopInstanceUids === null) return volumesOfSeries(images)[0]!;
  return seriesVolumes(images.filter((i) => sopInstanceUids.has(String(i.dataset.SOPInstanceUID))))[0]!;
}

function lesionsFrom(object: ReadMaskObject, rules: SiteRules): LesionMask[] {
  return object.rois
    .filter((roi) => classifySegment(roi.description, rules).kind === 'lesion' && countLabel(roi.mask, 1) > 0)
    .sort((a, b) => a.number - b.number)
    .map((roi, n) => ({
      number: n + 1,
      name: roi.name,
      mask: roi.mask,
      origin: {
        kind: 'drawn',
        object: object.name,
        sopInstanceUid: object.sopInstanceUid,
        roiNumber: roi.number,
      },
    }));
}

/**
 * `limits` (HER2_MAX_* settings) are checked before pixels are decoded; a series or mask over
 * them is left out with its reason in `problems`.
 */
export function loadStudyInputs(
  files: readonly NamedBytes[],
  rules: SiteRules,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): StudyInputs {
  const { inventory, images, masks } = readStudy(files, rules, limits);
  const problems = [...inventory.problems];
  const unreadableMasks = inventory.masks
    .filter((m) => !masks.some((read) => read.name === m.name))
    .map((m) => ({
      name: m.name,
      referencedSeriesInstanceUid: m.referencedSeriesInstanceUid,
      problem: problems.find((p) => p.startsWith(`${m.name}: `))?.slice(m.name.length + 2) ?? 'not readable',
    }));
  const transfers: string[] = [];
  const inputs = inventory.recognition?.inputs;
  const sequences: Partial<Record<Sequence, SequenceInput>> = {};
  if (!inputs)
    return {
      sequences,
      transfers,
      problems: [...problems, 'no sequence recognition for this study'],
      unreadableMasks,
    };

  const slots: Record<Sequence, { uid: string | null; sops: Set<string> | null; why: string }> = {
    t2: { uid: inputs.t2w.seriesInstanceUid, sops: null, why: inputs.t2w.reason },
    dwi: { uid: inputs.diffusion.seriesInstanceUid, sops: null, why: inputs.diffusion.reason },
    dce: {
      uid: inputs.dcePost.seriesInstanceUid,
      sops: inputs.dcePost.phase ? new Set(inputs.dcePost.phase.frames.map((f) => f.sopInstanceUid)) : null,
      why: inputs.dcePost.reason,
    },
  };
  if (inputs.diffusion.diffusion?.representation === 'dwi-fit') {
    problems.push('dwi: no ADC map in the study; computing ADC from the b-values is not implemented yet');
    slots.dwi.uid = null;
  }
  for (const sequence of SEQUENCES) {
    const { uid, sops, why } = slots[sequence];
    if (uid === null) {
      problems.push(`${sequence}: ${why}`);
      continue;
    }
    try {
      const seriesImages = images.get(uid) ?? [];
      const source = chosenVolume(seriesImages, sops);
      const first = seriesImages.find(
        (i) => String(i.dataset.SOPInstanceUID) === source.slices[0]!.sopInstanceUID,
      )!.dataset;
      const { PixelData: _pixels, ...sourceDataset } = first;
      // the site's own masks on this series: the first mask object with lesion ROIs, by Series
      // Number, then SOP Instance UID — DICOM content, so a folder and a PACS retrieval (whose file
      // names differ) choose the same reader's mask
      const own = masks
        .filter((m) => m.referencedSeriesInstanceUid === uid)
        .sort(byMaskOrder)
        .map((m) => ({ object: m, lesions: lesionsFrom(m, rules) }))
        .filter((m) => m.lesions.length > 0);
      for (const unused of own.slice(1)) {
        problems.push(
          `${sequence}: mask ${unused.object.name} not used (${own[0]!.object.name} is used for this series)`,
        );
      }
      sequences[sequence] = {
        sequence,
        seriesInstanceUid: uid,
        frameOfReferenceUid: source.frameOfReferenceUID,
        source,
        sourceDataset,
        lesions: own[0]?.lesions ?? [],
      };
    } catch (error) {
      problems.push(`${sequence}: ${describeError(error)}`);
    }
  }

  // Sequences without a mask of their own get another sequence's lesions through physical space.
  for (const sequence of SEQUENCES) {
    const target = sequences[sequence];
    if (!target || target.lesions.length > 0) continue;
    const donor = TRANSFER_ORDER.map((s) => sequences[s]).find(
      (s) => s && s.lesions.length > 0 && s.sequence !== sequence,
    );
    if (!donor || donor.lesions.some((l) => l.origin.kind === 'transferred')) {
      problems.push(`${sequence}: no lesion mask on this series and none to map from another sequence`);
      continue;
    }
    try {
      requireSameFrameOfReference(
        { what: donor.sequence, frameOfReferenceUid: donor.frameOfReferenceUid },
        { what: sequence, frameOfReferenceUid: target.frameOfReferenceUid },
      );
      target.lesions = donor.lesions.map((l) => ({
        number: l.number,
        name: l.name,
        mask: transferMask(l.mask, target.source.volume.geometry),
        origin: { kind: 'transferred', from: donor.sequence },
      }));
      transfers.push(
        `${sequence} lesion masks mapped from the ${donor.sequence} masks through physical space`,
      );
    } catch (error) {
      problems.push(`${sequence}: ${describeError(error)}`);
    }
  }
  return { sequences, transfers, problems, unreadableMasks };
}

/** Order of a series' mask objects: lowest Series Number first (absent last), then SOP Instance UID. */
function byMaskOrder(a: ReadMaskObject, b: ReadMaskObject): number {
  const na = a.seriesNumber ?? Number.POSITIVE_INFINITY;
  const nb = b.seriesNumber ?? Number.POSITIVE_INFINITY;
  if (na !== nb) return na < nb ? -1 : 1;
  return a.sopInstanceUid < b.sopInstanceUid ? -1 : a.sopInstanceUid > b.sopInstanceUid ? 1 : 0;
}
