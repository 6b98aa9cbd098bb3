import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import { type PaddedGrid, paddedSteps, padGrid, reach } from './padded-grid.js';
import type { SizeMatrix } from './zone-features.js';

/**
 * Grey level run length counts along one direction: P(i, j) = number of runs of j consecutive ROI
 * voxels of level i (stepping by `offset`). A run starts at a ROI voxel whose predecessor
 * (v − offset) is outside the crop, outside the ROI or of another level. Columns go up to the largest
 * crop dimension, as in PyRadiomics. Each voxel is visited once per direction (zero-padded copy: no
 * bounds checks; pass `grid` to share one copy between directions).
 */
export function glrlmCounts(
  levels: Int32Array,
  size: Vec3,
  ng: number,
  offset: Offset,
  grid: PaddedGrid = padGrid(levels, size, reach([offset])),
): SizeMatrix {
  const nj = Math.max(...size);
  const counts = new Float64Array(ng * nj);
  const step = paddedSteps([offset], grid)[0]!;
  const padded = grid.levels;
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v]!;
    if (level === 0) continue;
    const p = grid.index[v]!;
    if (padded[p - step] === level) continue; // not the start of its run
    let length = 1;
    for (let w = p + step; padded[w] === level; w += step) length++;
    counts[(level - 1) * nj + length - 1]! += 1;
  }
  return { counts, ng, nj };
}
