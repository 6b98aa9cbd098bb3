import type { Vec3 } from '../../volume/index.js';
import type { RoiInput } from '../feature-family.js';

/**
 * A small ROI for hand-computed tests, written as slices[z][y][x] of grey levels; 0 = outside the
 * ROI. Intensities equal the levels; `binCount` defaults to the highest level.
 */
export function roiFromSlices(
  slices: number[][][],
  options: { binCount?: number; spacing?: Vec3 } = {},
): RoiInput {
  const size: Vec3 = [slices[0]![0]!.length, slices[0]!.length, slices.length];
  const levels = Int32Array.from(slices.flat(2));
  const mask = Uint8Array.from(levels, (level) => (level > 0 ? 1 : 0));
  return {
    size,
    spacing: options.spacing ?? [1, 1, 1],
    image: Float64Array.from(levels),
    mask,
    levels,
    binCount: options.binCount ?? Math.max(...levels),
  };
}
