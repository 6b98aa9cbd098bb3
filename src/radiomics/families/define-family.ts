import { AppError } from '../../errors/index.js';
import type { FeatureDefinition, FeatureFamily, RoiInput, TextureSettings } from '../feature-family.js';
import { averageOverSlices, isSliceAveraged } from './slice-aggregation.js';

/**
 * Computes every feature of a family for each "context" the aggregation asks for (one per direction
 * when features are averaged over directions, a single one when matrices are merged). The family
 * reports the mean over contexts ignoring NaN, as PyRadiomics does (`numpy.nanmean` over the
 * non-empty angles; e.g. Imc2 is NaN for an angle where rounding makes HXY2 < HXY).
 */
export type ContextFeatures = (
  input: RoiInput,
  settings: TextureSettings,
  names: readonly string[],
) => Record<string, number>[];

/**
 * A family from its registry entries and its per-context computation, with IBSI 2D slice averaging
 * (`perSlice: false` for families that ignore force2D, such as first order statistics).
 */
export function defineFamily(
  name: string,
  features: readonly FeatureDefinition[],
  perContext: ContextFeatures,
  options: { perSlice?: boolean } = {},
): FeatureFamily {
  const perSlice = options.perSlice ?? true;
  const known = new Set(features.map((f) => f.name));
  const compute = (
    input: RoiInput,
    settings: TextureSettings,
    names: readonly string[],
  ): Record<string, number> => {
    const contexts = perContext(input, settings, names);
    const out: Record<string, number> = {};
    for (const feature of names) {
      let sum = 0;
      let count = 0;
      for (const context of contexts) {
        const value = context[feature]!;
        if (Number.isNaN(value)) continue;
        sum += value;
        count++;
      }
      out[feature] = count === 0 ? Number.NaN : sum / count;
    }
    return out;
  };
  return {
    name,
    features,
    compute(input, settings, names) {
      validateRoiInput(input, name);
      for (const feature of names) {
        if (!known.has(feature)) {
          throw new AppError('feature_unknown', `Feature "${feature}" is not in family "${name}"`, {
            details: { family: name, feature },
          });
        }
      }
      return perSlice && isSliceAveraged(settings)
        ? averageOverSlices(input, settings, names, compute)
        : compute(input, settings, names);
    },
  };
}

/** Throws `roi_input_invalid` when the arrays do not match the size or the bin count is not a count. */
export function validateRoiInput(input: RoiInput, family: string): void {
  const [nx, ny, nz] = input.size;
  const n = nx * ny * nz;
  const fail = (problem: string): never => {
    throw new AppError('roi_input_invalid', `ROI input for family "${family}": ${problem}`, {
      details: { family },
    });
  };
  if (![nx, ny, nz].every((d) => Number.isInteger(d) && d > 0))
    fail(`size ${input.size.join('×')} is not a grid`);
  for (const [what, array] of [
    ['image', input.image],
    ['mask', input.mask],
    ['levels', input.levels],
  ] as const) {
    if (array.length !== n)
      fail(`${what} has ${array.length} values for a ${nx}×${ny}×${nz} grid (${n} expected)`);
  }
  if (!Number.isInteger(input.binCount) || input.binCount < 1)
    fail(`binCount ${input.binCount} is not a positive integer`);
}

/** Highest grey level of the ROI (PyRadiomics' N_g) or the discretisation's bin count (IBSI's N_g). */
export function greyLevelCount(input: RoiInput, settings: TextureSettings): number {
  let max = 0;
  for (let k = 0; k < input.levels.length; k++) if (input.levels[k]! > max) max = input.levels[k]!;
  return settings.mode === 'ibsi' ? Math.max(max, input.binCount) : max;
}

/** Number of ROI voxels (levels > 0). */
export function roiVoxelCount(input: RoiInput): number {
  let n = 0;
  for (let k = 0; k < input.levels.length; k++) if (input.levels[k]! > 0) n++;
  return n;
}
