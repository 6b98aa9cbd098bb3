import { AppError } from '../errors/index.js';
import { type Geometry, indexToPhysical, physicalToIndex, voxelCount } from './geometry.js';
import type { Mask } from './volume.js';

/**
 * A mask drawn on one grid, carried onto another through physical (LPS) space: a target voxel is
 * inside when the source voxel nearest to its centre is inside (nearest neighbour, as PyRadiomics
 * resamples masks). Used where a sequence has no mask of its own; both grids must share a frame
 * of reference — the caller checks the UIDs, this function only maps coordinates.
 */
export function transferMask(source: Mask, target: Geometry): Mask {
  const out = new Uint8Array(voxelCount(target));
  const [sx, sy, sz] = source.geometry.size;
  const [tx, ty, tz] = target.size;
  let n = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      for (let i = 0; i < tx; i++, n++) {
        const [x, y, z] = indexToPhysical(target, i, j, k);
        const [ci, cj, ck] = physicalToIndex(source.geometry, x, y, z);
        // Round half up with a tolerance so voxel centres that coincide map to the same voxel.
        const si = Math.floor(ci + 0.5 + 1e-9);
        const sj = Math.floor(cj + 0.5 + 1e-9);
        const sk = Math.floor(ck + 0.5 + 1e-9);
        if (si < 0 || sj < 0 || sk < 0 || si >= sx || sj >= sy || sk >= sz) continue;
        out[n] = source.data[si + sx * (sj + sy * sk)] ? 1 : 0;
      }
    }
  }
  return { geometry: target, data: out };
}

/** Fails unless both objects share a frame of reference (then their LPS coordinates agree). */
export function requireSameFrameOfReference(
  from: { what: string; frameOfReferenceUid: string | undefined },
  to: { what: string; frameOfReferenceUid: string | undefined },
): void {
  if (!from.frameOfReferenceUid || from.frameOfReferenceUid !== to.frameOfReferenceUid) {
    throw new AppError(
      'mask_transfer_frame_of_reference',
      `cannot map the mask of ${from.what} onto ${to.what}: different or missing frames of reference`,
      { details: { from: from.frameOfReferenceUid ?? null, to: to.frameOfReferenceUid ?? null } },
    );
  }
}
