import type { Vec3 } from '../../volume/index.js';
import { type BoundaryMode, boundaryIndex } from './boundary.js';

/**
 * A 1-D filter given as taps: `out[i] = Σ_t weights[t] · in[i + offsets[t]]`, the input extended
 * beyond the line by a boundary mode. Writing taps with explicit offsets covers centred kernels,
 * PyWavelets' shifted stationary-transform alignment and à-trous dilation with one code path.
 */
export interface Taps {
  readonly weights: readonly number[];
  readonly offsets: readonly number[];
}

/**
 * Taps of a convolution with `kernel` whose element `anchor` sits on the output voxel, the kernel
 * spread by `dilation` (à trous): `out[i] = Σ_k kernel[k] · in[i + dilation·(anchor − k)]`.
 */
export function convolutionTaps(kernel: readonly number[], anchor: number, dilation = 1): Taps {
  return {
    weights: [...kernel],
    offsets: kernel.map((_, k) => dilation * (anchor - k)),
  };
}

/** Stride in the flat array (x fastest) between neighbours along `axis`. */
function axisStride(size: Vec3, axis: number): number {
  return axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
}

/**
 * Calls `fn(input, output)` for every line of the volume along `axis`; `input` holds the line's
 * values and `fn` fills `output` (both of the line's length). Returns the new volume data.
 */
export function mapLines(
  data: Float64Array,
  size: Vec3,
  axis: number,
  fn: (input: Float64Array, output: Float64Array) => void,
): Float64Array {
  const n = size[axis]!;
  const stride = axisStride(size, axis);
  const out = new Float64Array(data.length);
  const lineIn = new Float64Array(n);
  const lineOut = new Float64Array(n);
  const [nx, ny, nz] = size;
  // Enumerate line starts: every voxel whose coordinate along `axis` is 0.
  const outerA = axis === 0 ? ny : nx;
  const outerB = axis === 2 ? ny : nz;
  for (let b = 0; b < outerB; b++) {
    for (let a = 0; a < outerA; a++) {
      const start = axis === 0 ? nx * (a + ny * b) : axis === 1 ? a + nx * ny * b : a + nx * b;
      for (let i = 0, p = start; i < n; i++, p += stride) lineIn[i] = data[p]!;
      fn(lineIn, lineOut);
      for (let i = 0, p = start; i < n; i++, p += stride) out[p] = lineOut[i]!;
    }
  }
  return out;
}

/** Applies `taps` along `axis` with the given boundary condition. */
export function filterAxis(
  data: Float64Array,
  size: Vec3,
  axis: number,
  taps: Taps,
  boundary: BoundaryMode,
): Float64Array {
  const n = size[axis]!;
  const lo = Math.min(0, ...taps.offsets);
  const hi = Math.max(0, ...taps.offsets);
  // The line extended by the boundary rule, so the inner loop needs no index checks.
  const ext = new Float64Array(n + hi - lo);
  const { weights, offsets } = taps;
  const count = weights.length;
  return mapLines(data, size, axis, (input, output) => {
    for (let e = 0; e < ext.length; e++) {
      const src = boundaryIndex(e + lo, n, boundary);
      ext[e] = src < 0 ? 0 : input[src]!;
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const base = i - lo;
      for (let t = 0; t < count; t++) sum += weights[t]! * ext[base + offsets[t]!]!;
      output[i] = sum;
    }
  });
}

/** Applies one set of taps per axis (x, y, z); a null entry leaves that axis untouched. */
export function filterSeparable(
  data: Float64Array,
  size: Vec3,
  perAxis: readonly (Taps | null)[],
  boundary: BoundaryMode,
): Float64Array {
  let current = data;
  for (let axis = 0; axis < 3; axis++) {
    const taps = perAxis[axis];
    if (taps) current = filterAxis(current, size, axis, taps, boundary);
  }
  return current;
}
