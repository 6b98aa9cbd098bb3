import { AppError } from '../../errors/index.js';
import type { Vec3, Volume } from '../../volume/index.js';
import { type FilteredImage, type FilterResult, toFloat64 } from './filtered-image.js';
import { convolutionTaps, filterAxis, type Taps } from './separable.js';
import { type WaveletFilters, waveletFilters } from './wavelet-filters.js';

export interface PyRadiomicsWaveletOptions {
  /** PyWavelets name. @defaultValue 'coif1' */
  readonly wavelet?: string;
  /** Number of decomposition levels returned. @defaultValue 1 */
  readonly level?: number;
  /** Levels decomposed (approximation kept) before the first returned one. @defaultValue 0 */
  readonly startLevel?: number;
  /**
   * PyRadiomics `force2D` + `force2Ddimension` (numpy order: 0 = z, 1 = y, 2 = x): when set, that
   * axis is not transformed and bands have two letters (`wavelet-LH`). @defaultValue null (3-D)
   */
  readonly force2Ddimension?: 0 | 1 | 2 | null;
}

/**
 * Taps of PyWavelets' level-1 stationary transform (`pywt.swt`, periodic): the output at i is
 * Σ_k h[k] · x[(i + ⌊F/2⌋ − k) mod N], i.e. a convolution anchored at ⌊F/2⌋.
 */
export function swtTaps(filter: readonly number[]): Taps {
  return convolutionTaps(filter, Math.floor(filter.length / 2));
}

/**
 * The level-1 bands of a periodic stationary transform over `axes` (default x, y, z), keyed by one
 * L/H letter per transformed axis in that order (`LLL` … `HHH`).
 */
export function swtLevel1(
  data: Float64Array,
  size: Vec3,
  w: WaveletFilters,
  axes: readonly number[] = [0, 1, 2],
): Map<string, Float64Array> {
  const lo = swtTaps(w.lowPass);
  const hi = swtTaps(w.highPass);
  let bands = new Map<string, Float64Array>([['', data]]);
  for (const axis of axes) {
    const next = new Map<string, Float64Array>();
    for (const [key, values] of bands) {
      next.set(key + 'L', filterAxis(values, size, axis, lo, 'periodic'));
      next.set(key + 'H', filterAxis(values, size, axis, hi, 'periodic'));
    }
    bands = next;
  }
  return bands;
}

/** Copies the volume with one wrapped voxel appended on every odd axis (numpy `pad(..., 'wrap')`). */
function wrapPadToEven(data: Float64Array, size: Vec3): { data: Float64Array; size: Vec3 } {
  const padded: Vec3 = [size[0] + (size[0] % 2), size[1] + (size[1] % 2), size[2] + (size[2] % 2)];
  const out = new Float64Array(padded[0] * padded[1] * padded[2]);
  let n = 0;
  for (let k = 0; k < padded[2]; k++) {
    const sk = k % size[2];
    for (let j = 0; j < padded[1]; j++) {
      const sj = j % size[1];
      for (let i = 0; i < padded[0]; i++, n++) {
        out[n] = data[(i % size[0]) + size[0] * (sj + size[1] * sk)]!;
      }
    }
  }
  return { data: out, size: padded };
}

/** The leading `size` block of a volume of size `from` (drops the padding voxel again). */
function cropTo(data: Float64Array, from: Vec3, size: Vec3): Float64Array {
  const out = new Float64Array(size[0] * size[1] * size[2]);
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const src = from[0] * (j + from[1] * k);
      out.set(data.subarray(src, src + size[0]), n);
      n += size[0];
    }
  }
  return out;
}

function checkLevel(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new AppError('filter_setting_invalid', `${what} must be an integer ≥ ${min}, found ${value}`, {
      details: { setting: what, value },
    });
  }
  return value;
}

/**
 * PyRadiomics' `getWaveletImage` / `_swt3` (imageType `Wavelet`): each odd axis is wrap-padded by
 * one voxel, then a level-1 periodic stationary transform (PyWavelets `swtn(level=1)`) is applied;
 * for further levels the same level-1 transform is re-applied to the approximation (no à-trous
 * dilation, unlike `swtn(level=n)`). `startLevel` levels are decomposed first and not returned.
 * Bands are named in x, y, z order: `wavelet-LLH` (level 1), `wavelet2-HLL` (level 2), …, and the
 * last approximation `wavelet-LLL` / `wavelet<level>-LLL`. Outputs are cropped back to the input size.
 * With `force2Ddimension` (PyRadiomics `force2D`) that axis is left out: 4 bands `wavelet-LH` ….
 *
 * Padding rule: none needed beyond the ROI crop PyRadiomics itself uses — the transform is
 * periodic over whatever image it receives, exactly as PyRadiomics.
 */
export function pyradiomicsWavelet(image: Volume, options: PyRadiomicsWaveletOptions = {}): FilterResult {
  const w = waveletFilters(options.wavelet ?? 'coif1');
  const level = checkLevel(options.level ?? 1, 'level', 1);
  const startLevel = checkLevel(options.startLevel ?? 0, 'start_level', 0);
  const size = image.geometry.size;
  // numpy axis k is volume axis 2 − k; PyRadiomics transforms numpy axes (2, 1, 0) = x, y, z
  const skipped = options.force2Ddimension ?? null;
  const axes = [0, 1, 2].filter((axis) => skipped === null || axis !== 2 - skipped);
  const approximationKey = 'L'.repeat(axes.length);
  const padded = wrapPadToEven(toFloat64(image), size);
  let approximation = padded.data;
  for (let l = 0; l < startLevel; l++) {
    approximation = swtLevel1(approximation, padded.size, w, axes).get(approximationKey)!;
  }
  const images: FilteredImage[] = [];
  for (let l = 1; l <= level; l++) {
    const bands = swtLevel1(approximation, padded.size, w, axes);
    approximation = bands.get(approximationKey)!;
    const prefix = l === 1 ? 'wavelet' : `wavelet${l}`;
    for (const [band, values] of bands) {
      if (band === approximationKey) continue;
      images.push({
        name: `${prefix}-${band}`,
        volume: { geometry: image.geometry, data: cropTo(values, padded.size, size) },
      });
    }
  }
  images.push({
    name: level === 1 ? `wavelet-${approximationKey}` : `wavelet${level}-${approximationKey}`,
    volume: { geometry: image.geometry, data: cropTo(approximation, padded.size, size) },
  });
  return { images, warnings: [] };
}

/**
 * Inverse of {@link swtLevel1}: for orthonormal filters the undecimated analysis operator W
 * satisfies WᵀW = 2·I per axis, so x = 2⁻³ · Σ_bands Wᵀ(band), Wᵀ being the time-reversed taps.
 */
export function inverseSwtLevel1(
  bands: ReadonlyMap<string, Float64Array>,
  size: Vec3,
  w: WaveletFilters,
): Float64Array {
  const adjoint = (t: Taps): Taps => ({ weights: t.weights, offsets: t.offsets.map((o) => -o) });
  const lo = adjoint(swtTaps(w.lowPass));
  const hi = adjoint(swtTaps(w.highPass));
  const out = new Float64Array(size[0] * size[1] * size[2]);
  for (const [band, values] of bands) {
    let v = values;
    for (let axis = 0; axis < 3; axis++) {
      v = filterAxis(v, size, axis, band[axis] === 'L' ? lo : hi, 'periodic');
    }
    for (let n = 0; n < out.length; n++) out[n]! += v[n]! / 8;
  }
  return out;
}
