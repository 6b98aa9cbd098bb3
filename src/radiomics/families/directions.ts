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
 * The directions of PyRadiomics' `build_angles` (cmatrices.c): every offset whose Chebyshev norm is
 * one of `distances`, without offsets that cannot fit in the ROI crop (|offset| ≥ size along an
 * axis: a single-slice ROI gets the 4 in-plane directions even in 3D), one of each ± pair (first
 * non-zero of dz, dy, dx positive), in PyRadiomics' order (dz, dy, dx descending). With force2D
 * only the in-slice offsets remain (13 → 4 for distance 1).
 */
export function textureDirections(
  size: Vec3,
  settings: Pick<TextureSettings, 'force2D' | 'force2Ddimension'>,
  distances: readonly number[],
): Offset[] {
  return allOffsets(size, settings, distances).filter(
    ([dx, dy, dz]) => (dz !== 0 ? dz : dy !== 0 ? dy : dx) > 0,
  );
}

/**
 * Both offsets of each direction: the neighbourhood of PyRadiomics' GLSZM, GLDM and NGTDM (26 voxels
 * in 3D for distance 1, 8 in a slice with force2D), in generation order.
 */
export function neighbourOffsets(
  size: Vec3,
  settings: Pick<TextureSettings, 'force2D' | 'force2Ddimension'>,
  distances: readonly number[],
): Offset[] {
  return allOffsets(size, settings, distances);
}

function allOffsets(
  size: Vec3,
  settings: Pick<TextureSettings, 'force2D' | 'force2Ddimension'>,
  distances: readonly number[],
): Offset[] {
  const maxD = Math.max(...distances);
  const normal = normalComponent(settings.force2Ddimension);
  const out: Offset[] = [];
  for (let dz = maxD; dz >= -maxD; dz--) {
    for (let dy = maxD; dy >= -maxD; dy--) {
      for (let dx = maxD; dx >= -maxD; dx--) {
        const offset: Offset = [dx, dy, dz];
        const norm = Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz));
        if (norm === 0 || !distances.includes(norm)) continue;
        if (offset.some((o, k) => Math.abs(o) >= size[k]!)) continue;
        if (settings.force2D && offset[normal] !== 0) continue;
        out.push(offset);
      }
    }
  }
  return out;
}

/** |offset| · spacing per axis, in mm. */
function scaledOffset(offset: Offset, spacing: Vec3): number[] {
  return [0, 1, 2].map((k) => Math.abs(offset[k]!) * spacing[k]!);
}

/**
 * PyRadiomics' GLCM weight of one direction when matrices are merged (`weightingNorm`), with
 * d = |offset| · spacing: infinity e^(−max(d)²), euclidean e^(−Σd²), manhattan e^(−(Σd)²),
 * no_weighting 1.
 */
export function glcmDirectionWeight(
  offset: Offset,
  spacing: Vec3,
  norm: TextureSettings['weightingNorm'],
): number {
  const d = scaledOffset(offset, spacing);
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

/**
 * PyRadiomics' GLRLM weight of one direction (not the GLCM's: no exponential), d = |offset| ·
 * spacing: infinity max(d), euclidean √Σd², manhattan Σd, no_weighting 1.
 */
export function glrlmDirectionWeight(
  offset: Offset,
  spacing: Vec3,
  norm: TextureSettings['weightingNorm'],
): number {
  const d = scaledOffset(offset, spacing);
  switch (norm) {
    case 'infinity':
      return Math.max(...d);
    case 'euclidean':
      return Math.sqrt(d.reduce((s, v) => s + v * v, 0));
    case 'manhattan':
      return d.reduce((s, v) => s + v, 0);
    default:
      return 1;
  }
}
