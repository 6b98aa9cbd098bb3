import { AppError } from '../errors/index.js';
import {
  type BoundingBox,
  type Geometry,
  indexToPhysical,
  indexToPhysicalMatrix,
  invert3,
  type Mask,
  type Mat3,
  type Vec3,
  type Volume,
  type VoxelArray,
} from '../volume/index.js';
import type { InterpolatorName } from './settings.js';

/**
 * Resampling as ITK's ResampleImageFilter does it with SimpleITK's three usual interpolators, and
 * the two grid conventions: PyRadiomics' `resampleImage` (grid aligned to the corner of the origin
 * voxel, cropped around the ROI) and IBSI's (grid centres aligned, whole image).
 *
 * Interpolators, as in ITK 5:
 * - nearest neighbour: index rounded half up;
 * - linear: floor of the continuous index clamped to the image, neighbours beyond the edge replaced
 *   by the edge voxel;
 * - cubic B-spline: coefficients from BSplineDecompositionImageFilter (mirror boundaries, pole
 *   z = √3 − 2, causal start truncated at tolerance 1e-10), evaluated on the 4×4×4 support with
 *   mirror boundary conditions (BSplineInterpolateImageFunction).
 * Output points whose continuous index lies outside [−0.5, size − 0.5) get 0 (ITK's default value).
 */

type Sampler = (x: number, y: number, z: number) => number;

/** Point sampler on a volume's continuous index space (caller checks the buffer bounds). */
export function makeSampler(volume: Volume, interpolator: InterpolatorName): Sampler {
  const [nx, ny, nz] = volume.geometry.size;
  const data = volume.data;
  if (interpolator === 'sitkNearestNeighbor') {
    return (x, y, z) => {
      const i = Math.min(nx - 1, Math.floor(x + 0.5));
      const j = Math.min(ny - 1, Math.floor(y + 0.5));
      const k = Math.min(nz - 1, Math.floor(z + 0.5));
      return data[i + nx * (j + ny * k)]!;
    };
  }
  if (interpolator === 'sitkLinear') {
    const at = (i: number, j: number, k: number) => data[i + nx * (j + ny * k)]!;
    return (x, y, z) => {
      const i0 = Math.max(0, Math.floor(x));
      const j0 = Math.max(0, Math.floor(y));
      const k0 = Math.max(0, Math.floor(z));
      const dx = Math.max(0, x - i0);
      const dy = Math.max(0, y - j0);
      const dz = Math.max(0, z - k0);
      const i1 = Math.min(nx - 1, i0 + 1);
      const j1 = Math.min(ny - 1, j0 + 1);
      const k1 = Math.min(nz - 1, k0 + 1);
      const c00 = at(i0, j0, k0) + (at(i1, j0, k0) - at(i0, j0, k0)) * dx;
      const c10 = at(i0, j1, k0) + (at(i1, j1, k0) - at(i0, j1, k0)) * dx;
      const c01 = at(i0, j0, k1) + (at(i1, j0, k1) - at(i0, j0, k1)) * dx;
      const c11 = at(i0, j1, k1) + (at(i1, j1, k1) - at(i0, j1, k1)) * dx;
      const c0 = c00 + (c10 - c00) * dy;
      const c1 = c01 + (c11 - c01) * dy;
      return c0 + (c1 - c0) * dz;
    };
  }
  return bsplineSampler(volume.geometry.size, bsplineCoefficients(volume));
}

const POLE = Math.sqrt(3) - 2;
const TOLERANCE = 1e-10;

/**
 * Cubic B-spline coefficients (Unser 1999; ITK BSplineDecompositionImageFilter): a causal and an
 * anti-causal recursive filter along each axis in turn, mirror-symmetric boundaries. Axes of length 1
 * are left unchanged.
 */
export function bsplineCoefficients(volume: Volume): Float64Array {
  const [nx, ny, nz] = volume.geometry.size;
  const c = Float64Array.from(volume.data as ArrayLike<number>);
  const size = [nx, ny, nz];
  const stride = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis]!;
    if (n === 1) continue;
    const line = new Float64Array(n);
    const step = stride[axis]!;
    const others = [0, 1, 2].filter((a) => a !== axis);
    const [a, b] = others as [number, number];
    for (let q = 0; q < size[b]!; q++) {
      for (let p = 0; p < size[a]!; p++) {
        const start = p * stride[a]! + q * stride[b]!;
        for (let t = 0; t < n; t++) line[t] = c[start + t * step]!;
        filterLine(line);
        for (let t = 0; t < n; t++) c[start + t * step] = line[t]!;
      }
    }
  }
  return c;
}

function filterLine(s: Float64Array): void {
  const n = s.length;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  for (let t = 0; t < n; t++) s[t]! *= gain;
  // initial causal coefficient, mirror boundaries
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    let sum = s[0]!;
    for (let t = 1; t < horizon; t++) {
      sum += zn * s[t]!;
      zn *= z;
    }
    s[0] = sum;
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = z ** (n - 1);
    let sum = s[0]! + z2n * s[n - 1]!;
    z2n = z2n * z2n * iz; // z^(2n − 3)
    for (let t = 1; t <= n - 2; t++) {
      sum += (zn + z2n) * s[t]!;
      zn *= z;
      z2n *= iz;
    }
    s[0] = sum / (1 - zn * zn);
  }
  for (let t = 1; t < n; t++) s[t] = s[t]! + z * s[t - 1]!;
  s[n - 1] = (z / (z * z - 1)) * (z * s[n - 2]! + s[n - 1]!);
  for (let t = n - 2; t >= 0; t--) s[t] = z * (s[t + 1]! - s[t]!);
}

function bsplineSampler(size: Vec3, coefficients: Float64Array): Sampler {
  const idx = [new Int32Array(4), new Int32Array(4), new Int32Array(4)];
  const w = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
  const [nx, ny] = size;
  const point = new Float64Array(3);
  return (x, y, z) => {
    point[0] = x;
    point[1] = y;
    point[2] = z;
    for (let axis = 0; axis < 3; axis++) {
      const v = point[axis]!;
      // ITK casts the index to float before flooring
      const first = Math.floor(Math.fround(v)) - 1;
      const wt = w[axis]!;
      const t = v - (first + 1);
      wt[3] = (t * t * t) / 6;
      wt[0] = 1 / 6 + 0.5 * t * (t - 1) - wt[3]!;
      wt[2] = t + wt[0]! - 2 * wt[3]!;
      wt[1] = 1 - wt[0]! - wt[2]! - wt[3]!;
      const n = size[axis]!;
      const period = 2 * n - 2;
      const ix = idx[axis]!;
      for (let k = 0; k < 4; k++) {
        let m = first + k;
        if (n === 1) m = 0;
        else {
          if (m < 0) m = -m % period;
          if (m >= n) m = n - 1 - ((m - (n - 1)) % period);
        }
        ix[k] = m;
      }
    }
    let value = 0;
    const [ix, iy, iz] = idx as [Int32Array, Int32Array, Int32Array];
    const [wx, wy, wz] = w as [Float64Array, Float64Array, Float64Array];
    for (let c = 0; c < 4; c++) {
      for (let b = 0; b < 4; b++) {
        const wyz = wy[b]! * wz[c]!;
        const row = nx * (iy[b]! + ny * iz[c]!);
        for (let a = 0; a < 4; a++) value += coefficients[ix[a]! + row]! * wx[a]! * wyz;
      }
    }
    return value;
  };
}

/** Output element type: the input's (ITK cast: clamp to the type's range, truncate) or float64. */
export type OutputType = 'input' | 'float64';

const INTEGER_RANGES: [new (n: number) => VoxelArray, number, number][] = [
  [Int8Array, -128, 127],
  [Uint8Array, 0, 255],
  [Int16Array, -32768, 32767],
  [Uint16Array, 0, 65535],
  [Int32Array, -2147483648, 2147483647],
  [Uint32Array, 0, 4294967295],
];

/**
 * Resamples `volume` onto `target` (size, spacing, origin, direction) with ITK's identity-transform
 * ResampleImageFilter semantics. With `outputType` 'input' the result keeps the input array type:
 * integer outputs are clamped to the type's range and truncated toward zero (static_cast), as
 * PyRadiomics gets by setting the output pixel type to the input's.
 */
export function resampleOnto(
  volume: Volume,
  target: Geometry,
  interpolator: InterpolatorName,
  outputType: OutputType = 'input',
): Volume {
  const sample = makeSampler(volume, interpolator);
  const src = volume.geometry;
  const [nx, ny, nz] = target.size;
  const count = nx * ny * nz;
  const Ctor = (outputType === 'input' ? volume.data.constructor : Float64Array) as new (
    n: number,
  ) => VoxelArray;
  const out = new Ctor(count);
  const range = INTEGER_RANGES.find(([type]) => out instanceof type);
  // As ITK's ResampleImageFilter (linear-transform path): per output row, the continuous input
  // indices of the row's first voxel and of one voxel past its end; voxels in between at
  // start + (i/nx)·(end − start). Same arithmetic order as ITK, so integer truncation agrees.
  const [sx, sy, sz] = src.size;
  const toPhysical = indexToPhysicalMatrix(target);
  const toIndex = invert3(indexToPhysicalMatrix(src));
  const continuousIndex = (i: number, j: number, k: number): number[] => {
    const p = [0, 1, 2].map(
      (r) =>
        target.origin[r]! + toPhysical[3 * r]! * i + toPhysical[3 * r + 1]! * j + toPhysical[3 * r + 2]! * k,
    );
    const v = [p[0]! - src.origin[0], p[1]! - src.origin[1], p[2]! - src.origin[2]];
    return [0, 1, 2].map(
      (r) => toIndex[3 * r]! * v[0]! + toIndex[3 * r + 1]! * v[1]! + toIndex[3 * r + 2]! * v[2]!,
    );
  };
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const start = continuousIndex(0, j, k);
      const end = continuousIndex(nx, j, k);
      for (let i = 0; i < nx; i++, n++) {
        const alpha = i / nx;
        const x = start[0]! + alpha * (end[0]! - start[0]!);
        const y = start[1]! + alpha * (end[1]! - start[1]!);
        const z = start[2]! + alpha * (end[2]! - start[2]!);
        if (!(x >= -0.5 && x < sx - 0.5 && y >= -0.5 && y < sy - 0.5 && z >= -0.5 && z < sz - 0.5)) continue;
        let v = sample(x, y, z);
        if (range) v = Math.trunc(Math.min(range[2], Math.max(range[1], v)));
        out[n] = v;
      }
    }
  }
  return { geometry: target, data: out };
}

/**
 * The resampled grid of PyRadiomics' `resampleImage` for a ROI bounding box `box` on the mask grid:
 * spacing 0 or a ROI one voxel thick along an axis keeps the original spacing there;
 * ratio = old/new spacing; lower = ⌊(lo − 0.5)·ratio − pad⌋, upper = ⌈(lo + n − 0.5)·ratio + pad⌉,
 * clipped to [0, ⌈size·ratio⌉ − 1]; origin = the mask's physical point at continuous index
 * 0.5·(new − old)/old + lower/ratio. Returns null when the spacing does not change (PyRadiomics then
 * only crops).
 */
export function pyradiomicsGrid(
  mask: Geometry,
  box: BoundingBox,
  resampledPixelSpacing: readonly number[],
  padDistance: number,
): Geometry | null {
  const spacing = [0, 1, 2].map((axis) => {
    const wanted = resampledPixelSpacing[axis]!;
    const thick = box.hi[axis]! - box.lo[axis]! + 1;
    return wanted === 0 || thick === 1 ? mask.spacing[axis]! : wanted;
  });
  // numpy.allclose(old, new): |old − new| ≤ 1e-8 + 1e-5·|new|
  if (spacing.every((s, axis) => Math.abs(mask.spacing[axis]! - s) <= 1e-8 + 1e-5 * Math.abs(s))) return null;
  const size: number[] = [];
  const originIndex: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const ratio = mask.spacing[axis]! / spacing[axis]!;
    const lo = box.lo[axis]!;
    const n = box.hi[axis]! - lo + 1;
    let lower = Math.floor((lo - 0.5) * ratio - padDistance);
    let upper = Math.ceil((lo + n - 0.5) * ratio + padDistance);
    const maxUpper = Math.ceil(mask.size[axis]! * ratio) - 1;
    if (lower < 0) lower = 0;
    if (upper > maxUpper) upper = maxUpper;
    size.push(upper - lower + 1);
    originIndex.push((0.5 * (spacing[axis]! - mask.spacing[axis]!)) / mask.spacing[axis]! + lower / ratio);
  }
  const origin = indexToPhysical(mask, originIndex[0]!, originIndex[1]!, originIndex[2]!);
  return {
    size: size as unknown as Vec3,
    spacing: spacing as unknown as Vec3,
    origin,
    direction: mask.direction,
  };
}

/**
 * IBSI grid (IBSI 1 §2.4, "align grid centers"): n_new = ⌈n·s/s_new⌉ voxels per axis, placed so that
 * the centre of the new grid coincides with the centre of the old one. Spacing 0 keeps the axis.
 */
export function ibsiGrid(image: Geometry, resampledPixelSpacing: readonly number[]): Geometry {
  const spacing = [0, 1, 2].map((axis) => resampledPixelSpacing[axis]! || image.spacing[axis]!);
  const size = spacing.map((s, axis) => Math.ceil((image.size[axis]! * image.spacing[axis]!) / s));
  // continuous index (old grid) of the new first voxel centre
  const start = spacing.map(
    (s, axis) =>
      ((image.size[axis]! - 1) * image.spacing[axis]! - (size[axis]! - 1) * s) / (2 * image.spacing[axis]!),
  );
  const origin = indexToPhysical(image, start[0]!, start[1]!, start[2]!);
  return {
    size: size as unknown as Vec3,
    spacing: spacing as unknown as Vec3,
    origin,
    direction: image.direction,
  };
}

/**
 * IBSI mask interpolation: the label's indicator is interpolated with the image interpolator and
 * voxels with a value ≥ 0.5 are kept (nearest neighbour stays nearest neighbour).
 */
export function resampleMaskIbsi(
  mask: Mask,
  label: number,
  target: Geometry,
  interpolator: InterpolatorName,
): Mask {
  const indicator = new Float64Array(mask.data.length);
  for (let n = 0; n < indicator.length; n++) indicator[n] = mask.data[n] === label ? 1 : 0;
  const values = resampleOnto(
    { geometry: mask.geometry, data: indicator },
    target,
    interpolator,
    'float64',
  ).data;
  const out = new Uint8Array(values.length);
  for (let n = 0; n < out.length; n++) out[n] = values[n]! >= 0.5 ? label : 0;
  return { geometry: target, data: out };
}

export function assertDirectionsEqual(a: Mat3, b: Mat3): void {
  if (a.some((v, n) => Math.abs(v - b[n]!) > 1e-6)) {
    throw new AppError(
      'geometry_mismatch',
      'image and mask directions differ; resampling needs one grid orientation',
    );
  }
}
