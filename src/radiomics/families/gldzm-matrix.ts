import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';
import type { SizeMatrix } from './zone-features.js';
import { findZones, zoneMatrix } from './zones.js';

/**
 * Distance of each ROI voxel to the ROI edge: 1 for a voxel with a face neighbour (6 in 3D, 4 in a
 * slice) outside the ROI or outside the grid, then +1 per face step inward (taxicab distance, IBSI
 * 3.9). Breadth-first from the edge voxels: linear in the grid size. 0 outside the ROI.
 */
export function edgeDistances(levels: Int32Array, size: Vec3, faceNeighbours: readonly Offset[]): Int32Array {
  const [nx, ny, nz] = size;
  const n = levels.length;
  const distance = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const neighbour = (v: number, [dx, dy, dz]: Offset): number => {
    const x = v % nx;
    const y = ((v - x) / nx) % ny;
    const z = (v - x - nx * y) / (nx * ny);
    const cx = x + dx;
    const cy = y + dy;
    const cz = z + dz;
    if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) return -1;
    return cx + nx * (cy + ny * cz);
  };
  for (let v = 0; v < n; v++) {
    if (levels[v] === 0) continue;
    for (const offset of faceNeighbours) {
      const w = neighbour(v, offset);
      if (w === -1 || levels[w] === 0) {
        distance[v] = 1;
        queue[tail++] = v;
        break;
      }
    }
  }
  while (head < tail) {
    const v = queue[head++]!;
    for (const offset of faceNeighbours) {
      const w = neighbour(v, offset);
      if (w === -1 || levels[w] === 0 || distance[w] !== 0) continue;
      distance[w] = distance[v]! + 1;
      queue[tail++] = w;
    }
  }
  return distance;
}

/**
 * Grey level distance zone counts: P(i, d) = zones (equal level, `zoneNeighbours` connectivity) of
 * level i whose smallest edge distance is d.
 */
export function gldzmCounts(
  levels: Int32Array,
  size: Vec3,
  ng: number,
  zoneNeighbours: readonly Offset[],
): SizeMatrix {
  const faces = zoneNeighbours.filter(([dx, dy, dz]) => Math.abs(dx) + Math.abs(dy) + Math.abs(dz) === 1);
  const distance = edgeDistances(levels, size, faces);
  const zones = findZones(levels, size, zoneNeighbours);
  const zoneDistance = new Int32Array(zones.count).fill(2 ** 30);
  for (let v = 0; v < levels.length; v++) {
    const zone = zones.zoneOf[v]!;
    if (zone >= 0 && distance[v]! < zoneDistance[zone]!) zoneDistance[zone] = distance[v]!;
  }
  return zoneMatrix(zones.level, zoneDistance, ng);
}
