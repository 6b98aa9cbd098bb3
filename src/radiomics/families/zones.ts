import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import { paddedSteps, padGrid, reach } from './padded-grid.js';
import type { SizeMatrix } from './zone-features.js';

/** Connected zones of equal grey level in the ROI. */
export interface Zones {
  /** Zone number (0-based) of each voxel, −1 outside the ROI. */
  readonly zoneOf: Int32Array;
  /** Grey level of each zone. */
  readonly level: Int32Array;
  /** Number of voxels of each zone. */
  readonly size: Int32Array;
  readonly count: number;
}

/**
 * Labels connected zones of equal level (levels > 0) with the given neighbour offsets (26 in 3D,
 * 8 in a slice, as PyRadiomics' GLSZM and IBSI). Iterative flood fill with one typed stack on a
 * zero-padded copy (no bounds checks): linear in the grid size.
 */
export function findZones(levels: Int32Array, size: Vec3, neighbours: readonly Offset[]): Zones {
  const grid = padGrid(levels, size, reach(neighbours));
  const steps = paddedSteps(neighbours, grid);
  const padded = grid.levels;
  const paddedZone = new Int32Array(padded.length).fill(-1);
  const stack = new Int32Array(levels.length);
  const zoneLevel: number[] = [];
  const zoneSize: number[] = [];
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v]!;
    const start = grid.index[v]!;
    if (level === 0 || paddedZone[start] !== -1) continue;
    const zone = zoneLevel.length;
    let top = 0;
    stack[top++] = start;
    paddedZone[start] = zone;
    let count = 0;
    while (top > 0) {
      const p = stack[--top]!;
      count++;
      for (let a = 0; a < steps.length; a++) {
        const w = p + steps[a]!;
        if (padded[w] !== level || paddedZone[w] !== -1) continue;
        paddedZone[w] = zone;
        stack[top++] = w;
      }
    }
    zoneLevel.push(level);
    zoneSize.push(count);
  }
  const zoneOf = new Int32Array(levels.length);
  for (let v = 0; v < levels.length; v++) zoneOf[v] = levels[v] === 0 ? -1 : paddedZone[grid.index[v]!]!;
  return {
    zoneOf,
    level: Int32Array.from(zoneLevel),
    size: Int32Array.from(zoneSize),
    count: zoneLevel.length,
  };
}

/**
 * P(i, j) = number of zones of level i and size (or distance) j, from one value per zone. Columns
 * hold only the j values that occur (as PyRadiomics deletes empty sizes), so a zone of 10⁵ voxels
 * does not cost a 10⁵-column matrix.
 */
export function zoneMatrix(level: Int32Array, j: Int32Array, ng: number): SizeMatrix {
  const jValues = Float64Array.from(new Set(j)).sort();
  const column = new Map<number, number>();
  jValues.forEach((value, b) => {
    column.set(value, b);
  });
  const nj = Math.max(1, jValues.length);
  const counts = new Float64Array(ng * nj);
  for (let z = 0; z < level.length; z++) counts[(level[z]! - 1) * nj + column.get(j[z]!)!]! += 1;
  return { counts, ng, nj, jValues: jValues.length > 0 ? jValues : Float64Array.of(1) };
}
