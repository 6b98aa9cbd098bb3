import { AppError } from '../../errors/index.js';
import type { Volume } from '../../volume/index.js';
import type { BoundaryMode } from './boundary.js';
import { toFloat64 } from './filtered-image.js';
import { convolutionTaps, filterSeparable } from './separable.js';

/**
 * IBSI-2 mean filter (IBSI filter code S60F): the average over an M×M×M voxel neighbourhood
 * centred on each voxel, M odd, 3-D, separable into three 1-D box filters of weight 1/M.
 *
 * Padding rule: (M − 1)/2 voxels per axis.
 */
export function ibsiMeanFilter(
  image: Volume,
  support: number,
  boundary: BoundaryMode = 'mirror',
): Float64Array {
  if (!Number.isInteger(support) || support < 1 || support % 2 === 0) {
    throw new AppError(
      'filter_setting_invalid',
      `mean filter: support must be an odd positive integer, found ${support}`,
      {
        details: { setting: 'support', value: support },
      },
    );
  }
  const box = convolutionTaps(new Array<number>(support).fill(1 / support), (support - 1) / 2);
  return filterSeparable(toFloat64(image), image.geometry.size, [box, box, box], boundary);
}
