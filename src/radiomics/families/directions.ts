import type { Vec3 } from '../../volume/index.js';
import type { TextureSettings } from '../feature-family.js';

/**
 * Offsets between voxels, in (dx, dy, dz) voxel units (x fastest, like our arrays). PyRadiomics
 * writes them (dz, dy, dx); the set and order are the same.
 */
export type Offset = readonly [number, number, number];

/** Which offset component is zero within a slice: force2Ddimension 0 = z, 1 = y, 2 = x. */
function normalComponent(force2Ddimension: 0 | 1 | 2): 0 | 1 | 2 {
  return (2 - force2Ddimension) as 0 | 1 | 2;
}

/**
 * The directions of PyRadiomics' `generateAngles`: every offset whose Chebyshev norm is one of
 * `distances`, one of each ± pair (first non-zero of dz, dy, dx positive), in PyRadiomics' order
 * (dz, dy, dx descending). With force2D only the in-slice offsets remain (13 → 4 for distance 1).
 */
export function textureDirections(settings: TextureSettings): Offset[] {
  const maxD = Math.max(...settings.distances);
  const normal = normalComponent(settings.force2Ddimension);
  const out: Offset[] = [];
  for (let dz = maxD; dz >= -maxD; dz--) {
    for (let dy = maxD; dy >= -maxD; dy--) {
      for (let dx = maxD; dx >= -maxD; dx--) {
        const norm = Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz));
        if (!settings.distances.includes(norm)) continue;
        const firstNonZero = dz !== 0 ? dz : dy !== 0 ? dy : dx;
        if (firstNonZero <= 0) continue;
        const offset: Offset = [dx, dy, dz];
        if (settings.force2D && offset[normal] !== 0) continue;
        out.push(offset);
      }
    }
  }
  return out;
}

/**
 * All neighbours at Chebyshev distance 1: 26 in 3D, 8 within the slice with force2D. Used by GLSZM
 * zones, GLDM/NGLDM dependence, NGTDM and GLDZM zones.
 */
export function neighbourOffsets(force2D: boolean, force2Ddimension: 0 | 1 | 2): Offset[] {
  const normal = normalComponent(force2Ddimension);
  const out: Offset[] = [];
  for (let dz = -1; dz <= 1; dz++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if (dx === 0 && dy === 0 && dz === 0) continue;
        const offset: Offset = [dx, dy, dz];
        if (force2D && offset[normal] !== 0) continue;
        out.push(offset);
      }
    }
  }
  return out;
}

/**
 * PyRadiomics' weight of one direction when matrices are merged (`weightingNorm`), from the offset
 * scaled by the spacing, d = |offset| · spacing: infinity e^(−max(d)²), euclidean e^(−Σd²),
 * manhattan e^(−(Σd)²), no_weighting 1.
 */
export function directionWeight(
  offset: Offset,
  spacing: Vec3,
  norm: TextureSettings['weightingNorm'],
): number {
  const d = [0, 1, 2].map((k) => Math.abs(offset[k]!) * spacing[k]!);
  switch (norm) {
    case 'infinity':
      return Math.exp(-(Math.max(...d) ** 2));
    case 'euclidean':
      return Math.exp(-d.reduce((s, v) => s + v * v, 0));
    case 'manhattan':
      return Math.exp(-(d.reduce((s, v) => s + v, 0) ** 2));
    default:
      return 1;
  }
}

/** Voxel coordinates of flat index `index` (x fastest). */
export function coordinates(index: number, size: Vec3): [number, number, number] {
  const x = index % size[0];
  const rest = (index - x) / size[0];
  const y = rest % size[1];
  return [x, y, (rest - y) / size[1]];
}
