import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import type { SizeMatrix } from './zone-features.js';

/**
 * Grey level run length counts along one direction: P(i, j) = number of runs of j consecutive ROI
 * voxels of level i (stepping by `offset`). A run starts at a ROI voxel whose predecessor (v − offset)
 * is outside the grid, outside the ROI or of another level. Columns go up to the largest grid
 * dimension, as in PyRadiomics. Cost: each voxel is visited once per direction.
 */
export function glrlmCounts(levels: Int32Array, size: Vec3, ng: number, offset: Offset): SizeMatrix {
  const [nx, ny, nz] = size;
  const [dx, dy, dz] = offset;
  const nj = Math.max(nx, ny, nz);
  const counts = new Float64Array(ng * nj);
  const step = dx + nx * (dy + ny * dz);
  const inside = (x: number, y: number, z: number) =>
    x >= 0 && x < nx && y >= 0 && y < ny && z >= 0 && z < nz;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const v = x + nx * (y + ny * z);
        const level = levels[v]!;
        if (level === 0) continue;
        if (inside(x - dx, y - dy, z - dz) && levels[v - step] === level) continue;
        let length = 1;
        let cx = x + dx;
        let cy = y + dy;
        let cz = z + dz;
        let w = v + step;
        while (inside(cx, cy, cz) && levels[w] === level) {
          length++;
          cx += dx;
          cy += dy;
          cz += dz;
          w += step;
        }
        counts[(level - 1) * nj + length - 1]! += 1;
      }
    }
  }
  return { counts, ng, nj };
}
