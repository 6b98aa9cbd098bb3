import type { Vec3 } from '../../volume/index.js';
import type { RoiInput, TextureSettings } from '../feature-family.js';

/** The ROI cut into its slices (normal along `force2Ddimension`), skipping slices without ROI voxels. */
export function roiSlices(input: RoiInput, force2Ddimension: 0 | 1 | 2): RoiInput[] {
  const [nx, ny, nz] = input.size;
  const axis = 2 - force2Ddimension; // 0 = x, 1 = y, 2 = z
  const count = input.size[axis]!;
  const sliceSize: Vec3 = axis === 0 ? [1, ny, nz] : axis === 1 ? [nx, 1, nz] : [nx, ny, 1];
  const n = sliceSize[0] * sliceSize[1] * sliceSize[2];
  const slices: RoiInput[] = [];
  for (let s = 0; s < count; s++) {
    const image = new Float64Array(n);
    const mask = new Uint8Array(n);
    const levels = new Int32Array(n);
    let inRoi = 0;
    let k = 0;
    // Only the slice's own range along the slice axis: the split costs O(N) in total.
    for (let z = axis === 2 ? s : 0; z <= (axis === 2 ? s : nz - 1); z++) {
      for (let y = axis === 1 ? s : 0; y <= (axis === 1 ? s : ny - 1); y++) {
        for (let x = axis === 0 ? s : 0; x <= (axis === 0 ? s : nx - 1); x++) {
          const i = x + nx * (y + ny * z);
          image[k] = input.image[i]!;
          mask[k] = input.mask[i]!;
          levels[k] = input.levels[i]!;
          inRoi += input.mask[i]!;
          k++;
        }
      }
    }
    if (inRoi > 0) slices.push({ ...input, size: sliceSize, image, mask, levels });
  }
  return slices;
}

/**
 * IBSI "2D" aggregation: features of each slice (force2D, slices merged within the slice), averaged
 * over the slices that hold ROI voxels. A feature NaN in one slice is NaN in the mean, as in IBSI.
 */
export function averageOverSlices(
  input: RoiInput,
  settings: TextureSettings,
  names: readonly string[],
  compute: (slice: RoiInput, settings: TextureSettings, names: readonly string[]) => Record<string, number>,
): Record<string, number> {
  const perSlice: TextureSettings = { ...settings, force2D: true, sliceAggregation: 'merged' };
  const slices = roiSlices(input, settings.force2Ddimension);
  const sums: Record<string, number> = {};
  for (const name of names) sums[name] = 0;
  for (const slice of slices) {
    const values = compute(slice, perSlice, names);
    for (const name of names) sums[name]! += values[name]!;
  }
  for (const name of names) sums[name] = slices.length === 0 ? Number.NaN : sums[name]! / slices.length;
  return sums;
}

/** True when the features must be computed per slice and averaged (IBSI 2D). */
export function isSliceAveraged(settings: TextureSettings): boolean {
  return settings.force2D && settings.sliceAggregation === 'averaged';
}
