import { AppError } from '../errors/index.js';

export type Vec3 = readonly [number, number, number];
/**
 * 3×3 direction matrix, row-major, as ITK's `GetDirection()`: column k is the unit vector (in LPS
 * patient space) along index axis k. Identity = axes aligned with L, P, S.
 */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

/**
 * Where a voxel grid sits in LPS physical space (mm), the ITK/DICOM convention:
 * physical = origin + direction · (spacing ⊙ index). Index axis 0 (x) varies fastest in memory.
 */
export interface Geometry {
  readonly size: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: Mat3;
}

export const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(g: Pick<Geometry, 'size'>): number {
  return g.size[0] * g.size[1] * g.size[2];
}

export function voxelVolume(g: Pick<Geometry, 'spacing'>): number {
  return g.spacing[0] * g.spacing[1] * g.spacing[2];
}

/** Flat offset of voxel (i, j, k): x fastest, then y, then z. */
export function flatIndex(size: Vec3, i: number, j: number, k: number): number {
  return i + size[0] * (j + size[1] * k);
}

export function indexToPhysical(g: Geometry, i: number, j: number, k: number): [number, number, number] {
  const d = g.direction;
  const a = i * g.spacing[0];
  const b = j * g.spacing[1];
  const c = k * g.spacing[2];
  return [
    g.origin[0] + d[0] * a + d[1] * b + d[2] * c,
    g.origin[1] + d[3] * a + d[4] * b + d[5] * c,
    g.origin[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}

/**
 * Continuous index of a physical point. Uses the inverse of direction·diag(spacing); for the
 * orthonormal direction matrices of DICOM and NIfTI the inverse is the transpose.
 */
/**
 * direction · diag(spacing), row-major (ITK's m_IndexToPhysicalPoint): column a is the physical step
 * of one voxel along index axis a.
 */
export function indexToPhysicalMatrix(g: Geometry): Mat3 {
  const d = g.direction;
  const s = g.spacing;
  return [
    d[0] * s[0],
    d[1] * s[1],
    d[2] * s[2],
    d[3] * s[0],
    d[4] * s[1],
    d[5] * s[2],
    d[6] * s[0],
    d[7] * s[1],
    d[8] * s[2],
  ];
}

export function physicalToIndex(g: Geometry, x: number, y: number, z: number): [number, number, number] {
  const inv = invert3(g.direction);
  const dx = x - g.origin[0];
  const dy = y - g.origin[1];
  const dz = z - g.origin[2];
  return [
    (inv[0] * dx + inv[1] * dy + inv[2] * dz) / g.spacing[0],
    (inv[3] * dx + inv[4] * dy + inv[5] * dz) / g.spacing[1],
    (inv[6] * dx + inv[7] * dy + inv[8] * dz) / g.spacing[2],
  ];
}

export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-12) {
    throw new AppError('geometry_invalid', 'direction matrix is singular');
  }
  const s = 1 / det;
  return [
    (e * i - f * h) * s,
    (c * h - b * i) * s,
    (b * f - c * e) * s,
    (f * g - d * i) * s,
    (a * i - c * g) * s,
    (c * d - a * f) * s,
    (d * h - e * g) * s,
    (b * g - a * h) * s,
    (a * e - b * d) * s,
  ];
}

/** Checks that a geometry is usable: positive integer size, positive spacing, finite numbers. */
export function validateGeometry(g: Geometry, what: string): void {
  for (let axis = 0; axis < 3; axis++) {
    const n = g.size[axis]!;
    if (!Number.isInteger(n) || n < 1) {
      throw new AppError(
        'geometry_invalid',
        `${what}: size along axis ${axis} must be a positive integer, found ${n}`,
      );
    }
    const s = g.spacing[axis]!;
    if (!(Number.isFinite(s) && s > 0)) {
      throw new AppError(
        'geometry_invalid',
        `${what}: spacing along axis ${axis} must be positive, found ${s}`,
      );
    }
    if (!Number.isFinite(g.origin[axis]!)) {
      throw new AppError('geometry_invalid', `${what}: origin along axis ${axis} is not a finite number`);
    }
  }
  if (!g.direction.every(Number.isFinite)) {
    throw new AppError('geometry_invalid', `${what}: direction matrix has non-finite entries`);
  }
}

/**
 * Whether two grids coincide: same size, and spacing, origin and direction equal within
 * `tolerance` (PyRadiomics' `geometryTolerance` plays this role; default 1e-6 relative to spacing).
 */
export function sameGrid(a: Geometry, b: Geometry, tolerance = 1e-6): boolean {
  for (let axis = 0; axis < 3; axis++) {
    if (a.size[axis] !== b.size[axis]) return false;
    const scale = Math.max(a.spacing[axis]!, 1);
    if (Math.abs(a.spacing[axis]! - b.spacing[axis]!) > tolerance * scale) return false;
    if (Math.abs(a.origin[axis]! - b.origin[axis]!) > tolerance * scale) return false;
  }
  for (let n = 0; n < 9; n++) {
    if (Math.abs(a.direction[n]! - b.direction[n]!) > tolerance) return false;
  }
  return true;
}
