import { AppError } from '../errors/index.js';
import { type Geometry, indexToPhysical, type Vec3, validateGeometry, voxelCount } from './geometry.js';

export type VoxelArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** A scalar image: voxel values (x fastest) on a grid placed in LPS space. */
export interface Volume<T extends VoxelArray = VoxelArray> {
  readonly geometry: Geometry;
  readonly data: T;
}

/** A label map: 0 = background, other values = labels (PyRadiomics' `label` picks one). */
export type Mask = Volume<Uint8Array>;

export function createVolume<T extends VoxelArray>(geometry: Geometry, data: T, what = 'volume'): Volume<T> {
  validateGeometry(geometry, what);
  const expected = voxelCount(geometry);
  if (data.length !== expected) {
    throw new AppError(
      'geometry_invalid',
      `${what}: ${data.length} voxel values for a ${geometry.size.join('×')} grid (${expected} expected)`,
    );
  }
  return { geometry, data };
}

/** Inclusive index bounds of a region. */
export interface BoundingBox {
  readonly lo: Vec3;
  readonly hi: Vec3;
}

/** Bounding box of the voxels equal to `label`, or null when there are none. */
export function boundingBox(mask: Mask, label = 1): BoundingBox | null {
  const [nx, ny, nz] = mask.geometry.size;
  let x0 = nx;
  let y0 = ny;
  let z0 = nz;
  let x1 = -1;
  let y1 = -1;
  let z1 = -1;
  const d = mask.data;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (d[n] !== label) continue;
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
        if (k < z0) z0 = k;
        if (k > z1) z1 = k;
      }
    }
  }
  if (x1 < 0) return null;
  return { lo: [x0, y0, z0], hi: [x1, y1, z1] };
}

/**
 * Sub-volume covering `box` widened by `pad` voxels on every side. Voxels outside the source grid
 * are filled with `fill`. The origin moves so that every kept voxel stays at the same physical place.
 */
export function crop<T extends VoxelArray>(
  volume: Volume<T>,
  box: BoundingBox,
  pad = 0,
  fill = 0,
): Volume<T> {
  const g = volume.geometry;
  const lo: [number, number, number] = [box.lo[0] - pad, box.lo[1] - pad, box.lo[2] - pad];
  const size: [number, number, number] = [
    box.hi[0] - box.lo[0] + 1 + 2 * pad,
    box.hi[1] - box.lo[1] + 1 + 2 * pad,
    box.hi[2] - box.lo[2] + 1 + 2 * pad,
  ];
  const Ctor = volume.data.constructor as new (n: number) => T;
  const out = new Ctor(size[0] * size[1] * size[2]);
  if (fill !== 0) out.fill(fill);
  const [nx, ny, nz] = g.size;
  for (let k = 0; k < size[2]; k++) {
    const sk = lo[2] + k;
    if (sk < 0 || sk >= nz) continue;
    for (let j = 0; j < size[1]; j++) {
      const sj = lo[1] + j;
      if (sj < 0 || sj >= ny) continue;
      const i0 = Math.max(0, -lo[0]);
      const i1 = Math.min(size[0], nx - lo[0]);
      if (i1 <= i0) continue;
      const src = lo[0] + i0 + nx * (sj + ny * sk);
      const dst = i0 + size[0] * (j + size[1] * k);
      out.set(volume.data.subarray(src, src + (i1 - i0)) as never, dst);
    }
  }
  const origin = indexToPhysical(g, lo[0], lo[1], lo[2]);
  return { geometry: { size, spacing: g.spacing, origin, direction: g.direction }, data: out };
}

/** A binary mask (1 where `mask` equals `label`, else 0) on the same grid. */
export function selectLabel(mask: Mask, label: number): Mask {
  const out = new Uint8Array(mask.data.length);
  for (let n = 0; n < out.length; n++) out[n] = mask.data[n] === label ? 1 : 0;
  return { geometry: mask.geometry, data: out };
}

/** Number of voxels equal to `label`. */
export function countLabel(mask: Mask, label = 1): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i] === label) n++;
  return n;
}
