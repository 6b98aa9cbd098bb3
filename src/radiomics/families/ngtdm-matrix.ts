import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import { paddedSteps, padGrid, reach } from './padded-grid.js';

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
  const count = new Float64Array(ng);
  const sumDifference = new Float64Array(ng);
  const grid = padGrid(levels, size, reach(neighbours));
  const steps = paddedSteps(neighbours, grid);
  const padded = grid.levels;
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v]!;
    if (level === 0) continue;
    const p = grid.index[v]!;
    let sum = 0;
    let n = 0;
    for (let a = 0; a < steps.length; a++) {
      const other = padded[p + steps[a]!]!;
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
  return { count, sumDifference };
}
