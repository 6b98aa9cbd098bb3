import { AppError } from '../../errors/index.js';
import type { Volume } from '../../volume/index.js';
import type { BoundaryMode } from './boundary.js';
import { toFloat64 } from './filtered-image.js';
import { convolutionTaps, filterAxis } from './separable.js';
import { waveletFilters } from './wavelet-filters.js';

export interface IbsiWaveletOptions {
  /** Wavelet by PyWavelets name. @defaultValue 'coif1' */
  readonly wavelet?: string;
  /** Decomposition level j ≥ 1 of the returned band. @defaultValue 1 */
  readonly level?: number;
  /** IBSI-2 boundary condition. @defaultValue 'periodic' */
  readonly boundary?: BoundaryMode;
}

/**
 * IBSI-2 undecimated (à trous) separable wavelet (IBSI filter code 25BO). At level j the filters
 * are dilated by 2^(j−1) (zeros inserted between taps) and applied to the level j−1 approximation
 * (low-pass along all three axes); the requested band (e.g. `LHL`, x, y, z order) uses the low-
 * or high-pass filter per axis at level j. Tap alignment is PyWavelets' `swtn` (anchor
 * ⌊F·2^(j−1)/2⌋ of the dilated filter), so with `periodic` boundaries the bands equal
 * `pywt.swtn(level=j)`. Unlike PyRadiomics' `Wavelet`, there is no padding to an even size.
 *
 * Padding rule: Σ_{l≤j} (F−1)·2^(l−1) voxels per axis (the dilated support of every level).
 */
export function ibsiWavelet(image: Volume, band: string, options: IbsiWaveletOptions = {}): Float64Array {
  if (!/^[LH]{3}$/.test(band)) {
    throw new AppError(
      'filter_setting_invalid',
      `wavelet: band must be three of L/H (x, y, z), found ${JSON.stringify(band)}`,
      {
        details: { setting: 'band', value: band },
      },
    );
  }
  const level = options.level ?? 1;
  if (!Number.isInteger(level) || level < 1) {
    throw new AppError('filter_setting_invalid', `wavelet: level must be an integer ≥ 1, found ${level}`, {
      details: { setting: 'level', value: level },
    });
  }
  const boundary = options.boundary ?? 'periodic';
  const w = waveletFilters(options.wavelet ?? 'coif1');
  const size = image.geometry.size;
  const tapsAt = (filter: readonly number[], l: number) => {
    const dilation = 2 ** (l - 1);
    return convolutionTaps(filter, Math.floor((filter.length * dilation) / 2) / dilation, dilation);
  };
  let approximation = toFloat64(image);
  for (let l = 1; l < level; l++) {
    const lo = tapsAt(w.lowPass, l);
    for (let axis = 0; axis < 3; axis++) approximation = filterAxis(approximation, size, axis, lo, boundary);
  }
  let out = approximation;
  for (let axis = 0; axis < 3; axis++) {
    out = filterAxis(out, size, axis, tapsAt(band[axis] === 'L' ? w.lowPass : w.highPass, level), boundary);
  }
  return out;
}
