import type { Vec3 } from '../../volume/index.js';
import { type Offset, offsetTable } from './directions.js';
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
  const { count: na, dx, dy, dz, step } = offsetTable(neighbours, size);
  let v = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, v++) {
        const level = levels[v]!;
        if (level === 0) continue;
        let dependence = 1;
        for (let a = 0; a < na; a++) {
          const cx = x + dx[a]!;
          const cy = y + dy[a]!;
          const cz = z + dz[a]!;
          if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
          const other = levels[v + step[a]!]!;
          if (other !== 0 && Math.abs(other - level) <= alpha) dependence++;
        }
        counts[(level - 1) * nj + dependence - 1]! += 1;
      }
    }
  }
  return { counts, ng, nj };
}
