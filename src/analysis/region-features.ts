import { AppError, describeError } from '../errors/index.js';
import { REGIONS, type Region, type Sequence } from '../model/feature-table-csv.js';
import { type ExtractionParams, extract, featureFamilies } from '../radiomics/index.js';
import { type Mask, peritumoralRing, type Volume } from '../volume/index.js';

/**
 * The one place where a sequence's image and tumour mask become feature-table values, shared by
 * `her2 features` (training tables) and the study analysis (prediction), so a model always sees
 * features computed exactly as in training.
 */

/** Width of the peritumoral ring, as in the study. */
export const RING_WIDTH_MM = 3;

/** The two regions of one lesion on one image grid. */
export type LesionRegions = Readonly<Record<Region, Mask>>;

/**
 * The intratumoral region (the tumour mask itself) and the 3 mm peritumoral ring around it
 * (`peritumoralRing`: voxels outside the tumour within 3 mm physical distance of it).
 */
export function lesionRegions(tumour: Mask, params: ExtractionParams): LesionRegions {
  return {
    intra: tumour,
    peri: peritumoralRing(tumour, { distanceMm: RING_WIDTH_MM, label: params.setting.label }),
  };
}

/**
 * Features of one sequence's regions, extracted with `params`; numeric feature keys only
 * (diagnostics left out), named `<sequence>_<region>_<key>`. NaN where a feature is undefined.
 * `regions` limits the work to the regions a model needs.
 */
export function sequenceFeatures(
  sequence: Sequence,
  image: Volume,
  regions: LesionRegions,
  params: ExtractionParams,
  which: readonly Region[] = REGIONS,
): Record<string, number> {
  // The ring mask marks its voxels with 1 whatever the tumour's label was.
  const ringParams: ExtractionParams = { ...params, setting: { ...params.setting, label: 1 } };
  const row: Record<string, number> = {};
  for (const region of which) {
    let result: ReturnType<typeof extract>;
    try {
      result = extract(image, regions[region], region === 'peri' ? ringParams : params, featureFamilies);
    } catch (error) {
      throw new AppError('patient_extraction_failed', `${sequence} ${region}: ${describeError(error)}`, {
        cause: error,
      });
    }
    for (const [key, value] of Object.entries(result)) {
      if (key.startsWith('diagnostics_')) continue;
      if (typeof value === 'number') row[`${sequence}_${region}_${key}`] = value;
    }
  }
  return row;
}
