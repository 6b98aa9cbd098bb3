import type { Vec3 } from '../../volume/index.js';
import type { RoiInput, TextureSettings } from '../feature-family.js';
import { greyLevelCount } from './define-family.js';
import { neighbourOffsets, type Offset } from './directions.js';
import { paddedSteps, padGrid, reach } from './padded-grid.js';
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
  const nj = neighbours.length + 1;
  const counts = new Float64Array(ng * nj);
  const grid = padGrid(levels, size, reach(neighbours));
  const steps = paddedSteps(neighbours, grid);
  const padded = grid.levels;
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v]!;
    if (level === 0) continue;
    const p = grid.index[v]!;
    let dependence = 1;
    for (let a = 0; a < steps.length; a++) {
      const other = padded[p + steps[a]!]!;
      if (other !== 0 && Math.abs(other - level) <= alpha) dependence++;
    }
    counts[(level - 1) * nj + dependence - 1]! += 1;
  }
  return { counts, ng, nj };
}

/** The dependence matrix of an ROI with the settings' neighbourhood (`distances`) and coarseness α (`gldm_a`). */
export function roiDependenceMatrix(input: RoiInput, settings: TextureSettings): SizeMatrix {
  return dependenceCounts(
    input.levels,
    input.size,
    greyLevelCount(input, settings),
    neighbourOffsets(input.size, settings, settings.distances),
    settings.gldm_a,
  );
}
