import { AppError } from '../../errors/index.js';
import type { Volume } from '../../volume/index.js';
import { type FilterResult, toFloat64 } from './filtered-image.js';

export type Lbp2DMethod = 'default' | 'ror' | 'uniform' | 'var';

export interface Lbp2DOptions {
  /** Radius R in voxels (PyRadiomics `lbp2DRadius`). @defaultValue 1 */
  readonly radius?: number;
  /** Number of samples P on the circle (`lbp2DSamples`). @defaultValue 8 */
  readonly samples?: number;
  /** `lbp2DMethod`. @defaultValue 'uniform' */
  readonly method?: Lbp2DMethod;
  /** Axis (x = 0, y = 1, z = 2) normal to the slices (`force2Ddimension`, counted as PyRadiomics: 0 = z). @defaultValue 0 */
  readonly force2Ddimension?: 0 | 1 | 2;
}

/**
 * Local binary pattern of one 2-D slice as scikit-image's `local_binary_pattern` (which
 * PyRadiomics' `getLBP2DImage` calls). Sample p (p = 0…P−1) sits at row offset
 * −R·sin(2πp/P), column offset R·cos(2πp/P) (both rounded to 5 decimals), read by bilinear
 * interpolation with zeros outside the slice; s_p = [g_p ≥ g_c].
 * - default: Σ s_p 2^p; ror: the minimum over the P bit rotations of that code;
 * - uniform: Σ s_p when the number of changes s_p ≠ s_{p+1} for p = 0…P−2 is ≤ 2 (scikit-image
 *   does not count the wrap-around pair), else P + 1;
 * - var: population variance of the g_p (NaN when 0).
 */
export function lbpSlice(
  slice: Float64Array,
  rows: number,
  cols: number,
  radius: number,
  samples: number,
  method: Lbp2DMethod,
): Float64Array {
  const dr = Array.from({ length: samples }, (_, p) =>
    round5(-radius * Math.sin((2 * Math.PI * p) / samples)),
  );
  const dc = Array.from({ length: samples }, (_, p) =>
    round5(radius * Math.cos((2 * Math.PI * p) / samples)),
  );
  const at = (r: number, c: number) => (r < 0 || r >= rows || c < 0 || c >= cols ? 0 : slice[r * cols + c]!);
  const out = new Float64Array(rows * cols);
  const texture = new Float64Array(samples);
  const bits = new Uint8Array(samples);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const centre = slice[r * cols + c]!;
      for (let p = 0; p < samples; p++) {
        const y = r + dr[p]!;
        const x = c + dc[p]!;
        const y0 = Math.floor(y);
        const x0 = Math.floor(x);
        const y1 = Math.ceil(y);
        const x1 = Math.ceil(x);
        const fy = y - y0;
        const fx = x - x0;
        const top = (1 - fx) * at(y0, x0) + fx * at(y0, x1);
        const bottom = (1 - fx) * at(y1, x0) + fx * at(y1, x1);
        texture[p] = (1 - fy) * top + fy * bottom;
        bits[p] = texture[p]! - centre >= 0 ? 1 : 0;
      }
      out[r * cols + c] = lbpValue(texture, bits, samples, method);
    }
  }
  return out;
}

function round5(v: number): number {
  // numpy.round: half to even at 5 decimals; the sines here are never exact halves.
  return Math.round(v * 1e5) / 1e5;
}

function lbpValue(texture: Float64Array, bits: Uint8Array, samples: number, method: Lbp2DMethod): number {
  if (method === 'var') {
    let sum = 0;
    let squares = 0;
    for (let p = 0; p < samples; p++) {
      sum += texture[p]!;
      squares += texture[p]! * texture[p]!;
    }
    const variance = (squares - (sum * sum) / samples) / samples;
    return variance !== 0 ? variance : Number.NaN;
  }
  if (method === 'uniform') {
    let changes = 0;
    let ones = 0;
    for (let p = 0; p < samples; p++) {
      ones += bits[p]!;
      if (p < samples - 1 && bits[p] !== bits[p + 1]) changes++;
    }
    return changes <= 2 ? ones : samples + 1;
  }
  let code = 0;
  for (let p = 0; p < samples; p++) code += bits[p]! * 2 ** p;
  if (method === 'default') return code;
  // ror: smallest value over the P right-rotations of the P-bit code
  let best = code;
  let rotated = code;
  const top = 2 ** (samples - 1);
  for (let k = 1; k < samples; k++) {
    rotated = Math.floor(rotated / 2) + (rotated % 2) * top;
    best = Math.min(best, rotated);
  }
  return best;
}

/**
 * PyRadiomics imageType `LBP2D` (`getLBP2DImage`): {@link lbpSlice} on every slice normal to
 * `force2Ddimension` (0 = slices in the x–y plane; numpy axis order z, y, x). Slices are read with
 * rows/columns as PyRadiomics' `swapaxes` gives them: axis 0 → rows y, cols x; axis 1 → rows z,
 * cols x; axis 2 → rows y, cols z. Image named `lbp-2D`.
 *
 * Deviation: PyRadiomics stores the result in the input's pixel type (an integer image truncates
 * `var`); we return Float64. Padding rule: ⌈R⌉ voxels in-plane, none across slices.
 */
export function pyradiomicsLbp2D(image: Volume, options: Lbp2DOptions = {}): FilterResult {
  const radius = options.radius ?? 1;
  const samples = options.samples ?? 8;
  const method = options.method ?? 'uniform';
  if (!(radius > 0) || !Number.isInteger(samples) || samples < 1 || samples > 31) {
    throw new AppError(
      'filter_setting_invalid',
      `LBP2D: radius must be > 0 and samples an integer in 1..31`,
      {
        details: { radius, samples },
      },
    );
  }
  const [nx, ny, nz] = image.geometry.size;
  const axisNumpy = options.force2Ddimension ?? 0;
  // Volume axis (x=0, y=1, z=2) of the slice index, the rows and the columns.
  const [sliceAxis, rowAxis, colAxis] = axisNumpy === 0 ? [2, 1, 0] : axisNumpy === 1 ? [1, 2, 0] : [0, 1, 2];
  const size = [nx, ny, nz];
  const stride = [1, nx, nx * ny];
  const rows = size[rowAxis]!;
  const cols = size[colAxis]!;
  const input = toFloat64(image);
  const out = new Float64Array(input.length);
  const slice = new Float64Array(rows * cols);
  for (let s = 0; s < size[sliceAxis]!; s++) {
    const base = s * stride[sliceAxis]!;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        slice[r * cols + c] = input[base + r * stride[rowAxis]! + c * stride[colAxis]!]!;
    const lbp = lbpSlice(slice, rows, cols, radius, samples, method);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[base + r * stride[rowAxis]! + c * stride[colAxis]!] = lbp[r * cols + c]!;
  }
  return { images: [{ name: 'lbp-2D', volume: { geometry: image.geometry, data: out } }], warnings: [] };
}
