import { AppError } from '../../errors/index.js';
import type { Volume } from '../../volume/index.js';
import { type FilterResult, toFloat64 } from './filtered-image.js';

/**
 * PyRadiomics' voxel-wise image types (`getSquareImage`, `getSquareRootImage`,
 * `getLogarithmImage`, `getExponentialImage`). Each rescales with M = max |I| over the image it
 * receives, so the output range stays comparable to the input range. Voxel-wise: no padding needed,
 * but M depends on the whole image given (PyRadiomics: the image after any ROI crop).
 */
export type IntensityFilterName = 'square' | 'squareroot' | 'logarithm' | 'exponential';

function maxAbsOf(values: Float64Array, name: string): number {
  let m = 0;
  for (let n = 0; n < values.length; n++) m = Math.max(m, Math.abs(values[n]!));
  if (!(m > 0)) {
    // PyRadiomics divides by M (or takes log M); an all-zero image gives NaN there.
    throw new AppError(
      'filter_input_invalid',
      `${name}: the image is all zeros, the filter's scaling is undefined`,
    );
  }
  return m;
}

/** `square`: (I / √M)² = I² / M. */
export function squareImage(values: Float64Array): Float64Array {
  const coefficient = 1 / Math.sqrt(maxAbsOf(values, 'Square'));
  return values.map((v) => (coefficient * v) ** 2);
}

/** `squareroot`: sign(I) · √(|I| · M). */
export function squareRootImage(values: Float64Array): Float64Array {
  const m = maxAbsOf(values, 'SquareRoot');
  return values.map((v) => Math.sign(v) * Math.sqrt(Math.abs(v) * m));
}

/** `logarithm`: L = sign(I) · ln(|I| + 1), then L · M / max |L|. */
export function logarithmImage(values: Float64Array): Float64Array {
  const m = maxAbsOf(values, 'Logarithm');
  const logs = values.map((v) => Math.sign(v) * Math.log(Math.abs(v) + 1));
  const scale = m / maxAbsOf(logs, 'Logarithm');
  return logs.map((v) => v * scale);
}

/** `exponential`: exp(I · ln(M) / M), so that I = M maps to M. */
export function exponentialImage(values: Float64Array): Float64Array {
  const m = maxAbsOf(values, 'Exponential');
  const coefficient = Math.log(m) / m;
  return values.map((v) => Math.exp(coefficient * v));
}

const FILTERS: Record<IntensityFilterName, (values: Float64Array) => Float64Array> = {
  square: squareImage,
  squareroot: squareRootImage,
  logarithm: logarithmImage,
  exponential: exponentialImage,
};

/** One PyRadiomics voxel-wise image type; the image is named as PyRadiomics names it. */
export function pyradiomicsIntensityFilter(image: Volume, name: IntensityFilterName): FilterResult {
  const data = FILTERS[name](toFloat64(image));
  return { images: [{ name, volume: { geometry: image.geometry, data } }], warnings: [] };
}
