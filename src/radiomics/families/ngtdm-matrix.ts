import type { Vec3 } from '../../volume/index.js';
import { type Offset, offsetTable } from './directions.js';

/** Neighbourhood grey tone difference: n_i voxels of level i and s_i = Σ |i − Ā| over them. */
export interface NgtdmMatrix {
  readonly count: Float64Array;
  readonly sumDifference: Float64Array;
}

/**
 * For each ROI voxel of level i, Ā = mean level of its neighbours inside the ROI; s_i += |i − Ā|.
 * A voxel without ROI neighbours is kept in n_i with difference 0 by PyRadiomics
 * (`keepNeighbourless`), and left out by IBSI (it has no valid neighbourhood).
 */
export function ngtdmCounts(
  levels: Int32Array,
  size: Vec3,
  ng: number,
  neighbours: readonly Offset[],
  keepNeighbourless: boolean,
): NgtdmMatrix {
  const [nx, ny, nz] = size;
  const count = new Float64Array(ng);
  const sumDifference = new Float64Array(ng);
  const { count: na, dx, dy, dz, step } = offsetTable(neighbours, size);
  let v = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, v++) {
        const level = levels[v]!;
        if (level === 0) continue;
        let sum = 0;
        let n = 0;
        for (let a = 0; a < na; a++) {
          const cx = x + dx[a]!;
          const cy = y + dy[a]!;
          const cz = z + dz[a]!;
          if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
          const other = levels[v + step[a]!]!;
          if (other === 0) continue;
          sum += other;
          n++;
        }
        if (n === 0) {
          if (keepNeighbourless) count[level - 1]! += 1;
          continue;
        }
        count[level - 1]! += 1;
        sumDifference[level - 1]! += Math.abs(level - sum / n);
      }
    }
  }
  return { count, sumDifference };
}
