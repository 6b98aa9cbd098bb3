import type { Volume } from '../../volume/index.js';

/**
 * One derived image, named as PyRadiomics names it in feature keys (`log-sigma-3-0-mm-3D`,
 * `wavelet-LLH`, `square`, ...). Values are Float64 on the input's grid.
 */
export interface FilteredImage {
  readonly name: string;
  readonly volume: Volume<Float64Array>;
}

/** Filtered images plus the warnings PyRadiomics would log (e.g. a sigma skipped as too large). */
export interface FilterResult {
  readonly images: readonly FilteredImage[];
  readonly warnings: readonly string[];
}

/** The voxel values of any volume as Float64 (filters compute in double precision). */
export function toFloat64(volume: Volume): Float64Array {
  return volume.data instanceof Float64Array ? volume.data : Float64Array.from(volume.data);
}
