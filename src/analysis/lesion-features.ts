import { AppError } from '../errors/index.js';
import type { Region, Sequence } from '../model/feature-table-csv.js';
import type { ExtractionParams } from '../radiomics/index.js';
import type { ModelNeeds } from './model-needs.js';
import { type LesionRegions, lesionRegions, sequenceFeatures } from './region-features.js';
import type { LesionMask, SequenceInput, StudyInputs } from './study-inputs.js';

/**
 * The measured lesions of a study: for each sequence the model reads, each lesion's two regions
 * (tumour and 3 mm ring, both written to the SEG) and the model's features on the regions it reads.
 */

export interface MeasuredLesion {
  lesion: LesionMask;
  regions: LesionRegions;
  /** `<sequence>_<region>_<key>` → value, for the regions the model reads on this sequence. */
  row: Record<string, number>;
  /**
   * The lesion's volume (PyRadiomics `original_shape_VoxelVolume`, mm³) with the model's settings:
   * reported with every lesion, so each has an intratumoral group for the prediction to refer to
   * even when the model reads the ring only.
   */
  volumeMm3: number;
}

/** The volume key of the extractor's output. */
export const VOLUME_KEY = 'original_shape_VoxelVolume';

export interface MeasuredSequence {
  sequence: Sequence;
  input: SequenceInput;
  /** Regions with features in `row`. */
  regions: readonly Region[];
  lesions: MeasuredLesion[];
}

/** What is missing for a sequence, from the study reader's problems (file names, not identifiers). */
function missingReason(inputs: StudyInputs, sequence: Sequence): string {
  const own = inputs.problems.filter((p) => p.startsWith(`${sequence}:`));
  const files = inputs.problems.filter((p) => !/^(t2|dwi|dce):/.test(p));
  return [...own, ...files].join('; ') || `${sequence}: not found`;
}

/**
 * The sequences the model needs, each with at least one lesion, or an `AppError` naming what is
 * missing (`study_sequence_missing`, `study_mask_missing`; not retryable: the same files fail
 * the same way).
 */
export function requireModelInputs(inputs: StudyInputs, needs: ModelNeeds): SequenceInput[] {
  const out: SequenceInput[] = [];
  // A broken mask fails the analysis rather than letting another reader's mask or a transfer
  // stand in for it unnoticed; a mask that names no series might be on a used one, so it counts too.
  const series = new Set([...needs.regions.keys()].map((s) => inputs.sequences[s]?.seriesInstanceUid));
  const broken = inputs.unreadableMasks.filter(
    (m) => m.referencedSeriesInstanceUid === null || series.has(m.referencedSeriesInstanceUid),
  );
  if (broken.length > 0) {
    throw new AppError(
      'mask_unreadable',
      `Mask ${broken.map((m) => `${m.name} cannot be read: ${m.problem}`).join('; ')}.`,
      { details: { masks: broken.map((m) => m.name) } },
    );
  }
  for (const sequence of needs.regions.keys()) {
    const input = inputs.sequences[sequence];
    if (!input) {
      throw new AppError(
        'study_sequence_missing',
        `The model needs the ${sequence} series, which the study does not provide usably (${missingReason(inputs, sequence)}).`,
        { details: { sequence, problems: inputs.problems } },
      );
    }
    if (input.lesions.length === 0) {
      throw new AppError(
        'study_mask_missing',
        `The model needs a lesion mask on the ${sequence} series, and there is none (${missingReason(inputs, sequence)}).`,
        { details: { sequence, problems: inputs.problems } },
      );
    }
    out.push(input);
  }
  return out;
}

/**
 * Rings of the lesions of each needed sequence: every lesion (the analysis reports each), or only
 * lesion 1, the index lesion (a training table row).
 */
export function ringLesions(
  inputs: readonly SequenceInput[],
  needs: ModelNeeds,
  which: 'all' | 'index' = 'all',
): { input: SequenceInput; lesions: { lesion: LesionMask; regions: LesionRegions }[] }[] {
  return inputs.map((input) => ({
    input,
    lesions: (which === 'all' ? input.lesions : input.lesions.slice(0, 1)).map((lesion) => ({
      lesion,
      regions: lesionRegions(lesion.mask, needs.params),
    })),
  }));
}

/** Features of every lesion on the regions the model reads (narrowed to the classes it reads). */
export function measureLesions(
  ringed: ReturnType<typeof ringLesions>,
  needs: ModelNeeds,
): MeasuredSequence[] {
  return ringed.map(({ input, lesions }) => {
    const regions = needs.regions.get(input.sequence)!;
    return {
      sequence: input.sequence,
      input,
      regions,
      lesions: lesions.map(({ lesion, regions: masks }) => {
        const row = sequenceFeatures(
          input.sequence,
          input.source.volume,
          masks,
          needs.narrowedParams,
          regions,
        );
        const volumeColumn = `${input.sequence}_intra_${VOLUME_KEY}`;
        const volumeMm3 =
          row[volumeColumn] ??
          sequenceFeatures(input.sequence, input.source.volume, masks, volumeOnly(needs.params), ['intra'])[
            volumeColumn
          ]!;
        return { lesion, regions: masks, row, volumeMm3 };
      }),
    };
  });
}

/**
 * The feature row the model predicts from: lesion 1 (the index lesion, as in training, where
 * `her2 features` reads each sequence's first lesion) on every sequence.
 */
export function indexLesionRow(measured: readonly MeasuredSequence[]): Record<string, number> {
  const row: Record<string, number> = {};
  for (const m of measured) Object.assign(row, m.lesions[0]!.row);
  return row;
}

/** The model's settings with one feature enabled: the shape class' VoxelVolume. */
function volumeOnly(params: ExtractionParams): ExtractionParams {
  return { ...params, featureClasses: { shape: ['VoxelVolume'] } };
}
