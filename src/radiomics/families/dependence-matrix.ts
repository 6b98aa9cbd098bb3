import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import type { SizeMatrix } from './zone-features.js';

/**
 * Grey level dependence counts (PyRadiomics GLDM, IBSI NGLDM): for every ROI voxel of level i, the
 * dependence j = 1 + number of neighbours inside the ROI with |level − i| ≤ α. The "1 +" counts the
 * centre voxel itself, so j runs from 1 to neighbours + 1 (27 in 3D, 9 in a slice).
 */
export function dependenceCounts(
  levels: Int32Array,
  size: Vec3,
  ng: number,
  neighbours: readonly Offset[],
  alpha: number,
): SizeMatrix {
  const [nx, ny, nz] = size;
  const nj = neighbours.length + 1;
  const counts = new Float64Array(ng * nj);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const level = levels[x + nx * (y + ny * z)]!;
        if (level === 0) continue;
        let dependence = 1;
        for (const [dx, dy, dz] of neighbours) {
          const cx = x + dx;
          const cy = y + dy;
          const cz = z + dz;
          if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
          const other = levels[cx + nx * (cy + ny * cz)]!;
          if (other !== 0 && Math.abs(other - level) <= alpha) dependence++;
        }
        counts[(level - 1) * nj + dependence - 1]! += 1;
      }
    }
  }
  return { counts, ng, nj };
}
