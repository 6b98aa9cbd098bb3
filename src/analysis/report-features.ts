import type { FeatureInput } from '../dicom/sr/index.js';
import type { ModelArtifact } from '../model/index.js';
import { featureFamilies } from '../radiomics/index.js';

/**
 * The model's features as SR measurements (TID 300 NUM items): name `class_Feature`, IBSI
 * identifier from the feature registry where IBSI defines the feature, UCUM unit, the image type
 * it was computed on, and whether the value lies outside the training range.
 */

/** Shape features with a physical unit; every other shape feature is a ratio (unit "1"). */
const SHAPE_UNITS: Readonly<Record<string, string>> = {
  MeshVolume: 'mm3',
  VoxelVolume: 'mm3',
  SurfaceArea: 'mm2',
  MeshSurface: 'mm2',
  PixelSurface: 'mm2',
  SurfaceVolumeRatio: 'mm-1',
  PerimeterSurfaceRatio: 'mm-1',
  Perimeter: 'mm',
  Maximum3DDiameter: 'mm',
  Maximum2DDiameterSlice: 'mm',
  Maximum2DDiameterColumn: 'mm',
  Maximum2DDiameterRow: 'mm',
  MaximumDiameter: 'mm',
  MajorAxisLength: 'mm',
  MinorAxisLength: 'mm',
  LeastAxisLength: 'mm',
};

/** First-order features in intensity units; the rest (entropy, uniformity, moments ratios) are "1". */
const INTENSITY_FEATURES = new Set([
  'Energy',
  'TotalEnergy',
  'Minimum',
  '10Percentile',
  '90Percentile',
  'Maximum',
  'Mean',
  'Median',
  'InterquartileRange',
  'Range',
  'MeanAbsoluteDeviation',
  'RobustMeanAbsoluteDeviation',
  'RootMeanSquared',
  'StandardDeviation',
  'Variance',
]);

/**
 * UCUM unit of a feature. MR intensities have no absolute scale (and the product settings
 * z-score them), so intensity-valued first-order features are in arbitrary units, "[arb'U]";
 * powers of it (energy, variance) are written the same way, since UCUM gives arbitrary units no
 * exponent. Texture features are computed on grey-level bins and are unitless.
 */
export function featureUnit(featureClass: string, name: string): string {
  if (featureClass === 'shape' || featureClass === 'shape2D') return SHAPE_UNITS[name] ?? '1';
  if (featureClass === 'firstorder' && INTENSITY_FEATURES.has(name)) return "[arb'U]";
  return '1';
}

const IBSI_CODES: ReadonlyMap<string, string | null> = new Map(
  featureFamilies.flatMap((family) => family.features.map((f) => [`${family.name}_${f.name}`, f.ibsiCode])),
);

/** `original_firstorder_Mean` → image type `original`, name `firstorder_Mean`. */
export function splitFeatureKey(key: string): { imageType: string; featureClass: string; name: string } {
  const parts = key.split('_');
  const name = parts.at(-1)!;
  const featureClass = parts.at(-2)!;
  return { imageType: parts.slice(0, -2).join('_'), featureClass, name };
}

/**
 * The SR items of one lesion × sequence × region: each of the model's features there, from `row`
 * (column → value). Non-finite values are left out (the SR has no valid way to carry them; see
 * src/dicom/sr/README.md) and returned in `missing`.
 */
export function reportFeatures(
  features: ModelArtifact['features'],
  row: Readonly<Record<string, number>>,
): { items: FeatureInput[]; missing: string[] } {
  const items: FeatureInput[] = [];
  const missing: string[] = [];
  for (const f of features) {
    const value = row[f.column];
    if (value === undefined || !Number.isFinite(value)) {
      missing.push(f.column);
      continue;
    }
    const { imageType, featureClass, name } = splitFeatureKey(f.key);
    items.push({
      name: `${featureClass}_${name}`,
      ibsiCode: IBSI_CODES.get(`${featureClass}_${name}`) ?? null,
      value,
      unit: featureUnit(featureClass, name),
      imageType,
      outOfRange: value < f.trainingMin || value > f.trainingMax,
    });
  }
  return { items, missing };
}

/** The lesion volume as an SR measurement (a description of the lesion, not a model input). */
export function volumeFeature(volumeMm3: number): FeatureInput {
  return {
    name: 'shape_VoxelVolume',
    ibsiCode: IBSI_CODES.get('shape_VoxelVolume') ?? null,
    value: volumeMm3,
    unit: 'mm3',
    imageType: 'original',
    outOfRange: false,
  };
}
