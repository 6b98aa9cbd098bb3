import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';

/**
 * Grey level co-occurrence counts for one direction: P[(i − 1)·N_g + (j − 1)] = number of ROI voxel
 * pairs (v, v + offset) with level i at v and j at v + offset. Both voxels must be in the ROI
 * (levels > 0), as in PyRadiomics' `cmatrices.c`. Not symmetrised, not normalised.
 */
export function glcmCounts(levels: Int32Array, size: Vec3, ng: number, offset: Offset): Float64Array {
  const [nx, ny, nz] = size;
  const [dx, dy, dz] = offset;
  const counts = new Float64Array(ng * ng);
  const step = dx + nx * (dy + ny * dz);
  // Restricting the loops to voxels whose partner is inside the grid avoids a bounds check per voxel.
  for (let z = Math.max(0, -dz); z < Math.min(nz, nz - dz); z++) {
    for (let y = Math.max(0, -dy); y < Math.min(ny, ny - dy); y++) {
      const row = nx * (y + ny * z);
      for (let x = Math.max(0, -dx); x < Math.min(nx, nx - dx); x++) {
        const i = levels[row + x]!;
        if (i === 0) continue;
        const j = levels[row + x + step]!;
        if (j === 0) continue;
        counts[(i - 1) * ng + (j - 1)]! += 1;
      }
    }
  }
  return counts;
}

/** P + Pᵀ (PyRadiomics' `symmetricalGLCM`). */
export function symmetrise(counts: Float64Array, ng: number): Float64Array {
  const out = new Float64Array(ng * ng);
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) out[a * ng + b] = counts[a * ng + b]! + counts[b * ng + a]!;
  }
  return out;
}
