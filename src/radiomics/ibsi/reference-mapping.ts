import { firstorderFamily } from '../families/firstorder.js';
import { glcmFamily } from '../families/glcm.js';
import { gldzmFamily } from '../families/gldzm.js';
import { glrlmFamily } from '../families/glrlm.js';
import { glszmFamily } from '../families/glszm.js';
import { intensityHistogramFamily } from '../families/intensity-histogram.js';
import { intensityStatisticsFamily } from '../families/intensity-statistics.js';
import { intensityVolumeHistogramFamily } from '../families/intensity-volume-histogram.js';
import { localIntensityFamily } from '../families/local-intensity.js';
import { computeMorphologyIbsi, MORPHOLOGY_IBSI_CODES } from '../families/morphology.js';
import { ngldmFamily } from '../families/ngldm.js';
import { ngtdmFamily } from '../families/ngtdm.js';
import { textureSettings } from '../families/texture-settings.js';
import type { FeatureDefinition, FeatureFamily, TextureSettings } from '../feature-family.js';
import type { IbsiPhantom } from './phantom.js';
import type { IbsiReferenceRow } from './reference-values.js';

/** How one reference row is computed. */
export interface IbsiComputation {
  /** e.g. `glcm.MaximumProbability [pyradiomics, force2D, weightingNorm=no_weighting]`. */
  readonly description: string;
  readonly compute: (phantom: IbsiPhantom) => number;
}

/** A row this source knows about but cannot (yet) compute. */
export interface IbsiUnmapped {
  readonly unmappedReason: string;
}

/**
 * Maps the reference rows of some IBSI families (`families`, the CSV's `family` column) to
 * computations.
 */
export interface IbsiSource {
  readonly families: readonly string[];
  resolve(row: IbsiReferenceRow): IbsiComputation | IbsiUnmapped;
}

/**
 * Settings per IBSI aggregation. PyRadiomics' own options reach the 3D and 2.5D ones: default =
 * 3D averaged, weightingNorm no_weighting = 3D merged, force2D = 2.5D direction-merged, both =
 * 2.5D merged; IBSI 2D (per slice, averaged over slices) needs `sliceAggregation: 'averaged'`.
 */
export const AGGREGATION_SETTINGS: Readonly<Record<string, Partial<TextureSettings>>> = {
  '3D averaged': {},
  '3D merged': { weightingNorm: 'no_weighting' },
  '2.5D direction-merged': { force2D: true },
  '2.5D merged': { force2D: true, weightingNorm: 'no_weighting' },
  '2D averaged': { force2D: true, sliceAggregation: 'averaged' },
  '2D slice-merged': { force2D: true, weightingNorm: 'no_weighting', sliceAggregation: 'averaged' },
  '3D': {},
  '2.5D': { force2D: true },
  '2D': { force2D: true, sliceAggregation: 'averaged' },
};

/** Finds the registry entry for a row: same IBSI code, the IBSI name breaking ties, non-deprecated first. */
export function findFeature(family: { features: readonly FeatureDefinition[] }, row: IbsiReferenceRow) {
  const candidates = family.features
    .filter((f) => f.ibsiCode === row.ibsiCode)
    .sort((a, b) => Number(a.deprecated ?? false) - Number(b.deprecated ?? false));
  return candidates.find((f) => f.ibsiName === row.featureName) ?? candidates[0];
}

function describeSettings(settings: Partial<TextureSettings>): string {
  const parts = Object.entries(settings).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  return parts.join(', ');
}

/**
 * A source over `FeatureFamily`s: the first family (in order) holding the row's code wins. `mode`
 * picks PyRadiomics or IBSI definitions per row (IBSI where PyRadiomics has no such aggregation
 * or defines the feature differently).
 */
export function familySource(
  families: readonly string[],
  candidates: readonly FeatureFamily[],
  mode: (row: IbsiReferenceRow, feature: FeatureDefinition) => TextureSettings['mode'],
): IbsiSource {
  return {
    families,
    resolve(row) {
      const aggregation = AGGREGATION_SETTINGS[row.aggregation];
      if (aggregation === undefined)
        return { unmappedReason: `aggregation "${row.aggregation}" not supported` };
      for (const family of candidates) {
        const feature = findFeature(family, row);
        if (feature === undefined) continue;
        const overrides: Partial<TextureSettings> = { mode: mode(row, feature), ...aggregation };
        const settings = textureSettings(overrides);
        return {
          description: `${family.name}.${feature.name} [${describeSettings(overrides)}]`,
          compute: (phantom) => family.compute(phantom.roi, settings, [feature.name])[feature.name]!,
        };
      }
      return { unmappedReason: `no registered feature has IBSI code ${row.ibsiCode}` };
    },
  };
}

/** IBSI mode for IBSI 2D aggregation and for features whose definition differs from PyRadiomics'. */
const ibsiWhere2DOr =
  (...features: string[]) =>
  (row: IbsiReferenceRow, feature: FeatureDefinition): TextureSettings['mode'] =>
    row.aggregation.startsWith('2D') || features.includes(feature.name) ? 'ibsi' : 'pyradiomics';

const localIntensitySource: IbsiSource = {
  families: ['local_intensity'],
  resolve(row) {
    const feature = findFeature(localIntensityFamily, row);
    if (feature === undefined)
      return { unmappedReason: `no local intensity feature has code ${row.ibsiCode}` };
    return {
      description: `${localIntensityFamily.name}.${feature.name} [whole image]`,
      compute: (phantom) => localIntensityFamily.compute(phantom.whole, [feature.name])[feature.name]!,
    };
  },
};

/** IBSI morphology (mesh, PCA, densities, autocorrelation) on the phantom's morphological mask. */
const morphologySource: IbsiSource = {
  families: ['morphology'],
  resolve(row) {
    const name = MORPHOLOGY_IBSI_CODES[row.ibsiCode];
    if (name === undefined) return { unmappedReason: `no morphology feature has code ${row.ibsiCode}` };
    return {
      description: `morphology.${name} [ibsi]`,
      compute: (phantom) =>
        computeMorphologyIbsi({
          size: phantom.roi.size,
          spacing: phantom.roi.spacing,
          intensities: phantom.roi.image,
          morphologicalMask: phantom.roi.mask,
        })[row.ibsiCode]!,
    };
  },
};

/** The sources of this engine; add one per IBSI family that gains an implementation. */
export const ibsiSources: readonly IbsiSource[] = [
  morphologySource,
  familySource(
    ['intensity_statistics'],
    [firstorderFamily, intensityStatisticsFamily],
    ibsiWhere2DOr('Kurtosis'),
  ),
  familySource(['intensity_histogram'], [intensityHistogramFamily], () => 'ibsi'),
  familySource(['intensity_volume_histogram'], [intensityVolumeHistogramFamily], () => 'ibsi'),
  localIntensitySource,
  familySource(['glcm'], [glcmFamily], ibsiWhere2DOr()),
  familySource(['glrlm'], [glrlmFamily], ibsiWhere2DOr()),
  familySource(['glszm'], [glszmFamily], ibsiWhere2DOr()),
  familySource(['gldzm'], [gldzmFamily], () => 'ibsi'),
  // IBSI leaves voxels without ROI neighbours out of the NGTDM; PyRadiomics keeps them.
  familySource(['ngtdm'], [ngtdmFamily], () => 'ibsi'),
  familySource(['ngldm'], [ngldmFamily], () => 'ibsi'),
];

/** The computation for a row, or why there is none (no source for its family, or the source's reason). */
export function resolveReferenceRow(
  row: IbsiReferenceRow,
  sources: readonly IbsiSource[] = ibsiSources,
): IbsiComputation | IbsiUnmapped {
  const source = sources.find((s) => s.families.includes(row.family));
  if (source === undefined) return { unmappedReason: `no source registered for IBSI family "${row.family}"` };
  return source.resolve(row);
}
