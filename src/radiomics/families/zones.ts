import type { Vec3 } from '../../volume/index.js';
import { type Offset, offsetTable } from './directions.js';
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
 * 8 in a slice, as PyRadiomics' GLSZM and IBSI). Iterative flood fill with one typed stack: linear
 * in the grid size.
 */
export function findZones(levels: Int32Array, size: Vec3, neighbours: readonly Offset[]): Zones {
  const [nx, ny, nz] = size;
  const n = levels.length;
  const zoneOf = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const zoneLevel: number[] = [];
  const zoneSize: number[] = [];
  const { count: na, dx, dy, dz, step } = offsetTable(neighbours, size);
  for (let start = 0; start < n; start++) {
    const level = levels[start]!;
    if (level === 0 || zoneOf[start] !== -1) continue;
    const zone = zoneLevel.length;
    let top = 0;
    stack[top++] = start;
    zoneOf[start] = zone;
    let count = 0;
    while (top > 0) {
      const v = stack[--top]!;
      count++;
      const x = v % nx;
      const y = ((v - x) / nx) % ny;
      const z = (v - x - nx * y) / (nx * ny);
      for (let a = 0; a < na; a++) {
        const cx = x + dx[a]!;
        const cy = y + dy[a]!;
        const cz = z + dz[a]!;
        if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
        const w = v + step[a]!;
        if (zoneOf[w] !== -1 || levels[w] !== level) continue;
        zoneOf[w] = zone;
        stack[top++] = w;
      }
    }
    zoneLevel.push(level);
    zoneSize.push(count);
  }
  return {
    zoneOf,
    level: Int32Array.from(zoneLevel),
    size: Int32Array.from(zoneSize),
    count: zoneLevel.length,
  };
}

/** P(i, j) = number of zones of level i and size (or distance) j, from one value per zone. */
export function zoneMatrix(level: Int32Array, j: Int32Array, ng: number): SizeMatrix {
  let nj = 1;
  for (let z = 0; z < j.length; z++) if (j[z]! > nj) nj = j[z]!;
  const counts = new Float64Array(ng * nj);
  for (let z = 0; z < level.length; z++) counts[(level[z]! - 1) * nj + j[z]! - 1]! += 1;
  return { counts, ng, nj };
}
