/**
 * Image filters (derived image types). PyRadiomics mode reproduces PyRadiomics' `imageType`
 * handling (ITK recursive-Gaussian LoG, PyRadiomics' own stationary wavelet, voxel-wise types,
 * gradient); IBSI mode follows the IBSI-2 definitions (exact sampled Gaussian LoG, à-trous
 * wavelets, mean and Laws filters, boundary conditions). All are pure functions on `Volume`.
 */
export { BOUNDARY_MODES, type BoundaryMode, checkBoundaryMode } from './boundary.js';
export type { FilteredImage, FilterResult } from './filtered-image.js';
export { gradientMagnitude, pyradiomicsGradient } from './gradient.js';
export { ibsiLawsFilter, LAWS_KERNELS, type LawsOptions } from './ibsi-laws.js';
export { type IbsiLoGOptions, ibsiLaplacianOfGaussian, ibsiLoGPadding } from './ibsi-log.js';
export { ibsiMeanFilter } from './ibsi-mean.js';
export { type IbsiWaveletOptions, ibsiWavelet } from './ibsi-wavelet.js';
export {
  applyImageType,
  cropForFilter,
  FILTER_IMAGE_TYPES,
  type FilterImageType,
  type FilterSettings,
  imageTypePadding,
  isFilterImageType,
} from './image-types.js';
export { type IntensityFilterName, pyradiomicsIntensityFilter } from './intensity-filters.js';
export { type Lbp2DMethod, type Lbp2DOptions, lbpSlice, pyradiomicsLbp2D } from './lbp-2d.js';
export { laplacianRecursiveGaussian, logImageName, logPadding, pyradiomicsLoG } from './log-pyradiomics.js';
export { WAVELET_NAMES, type WaveletFilters, waveletFilters } from './wavelet-filters.js';
export { type PyRadiomicsWaveletOptions, pyradiomicsWavelet } from './wavelet-pyradiomics.js';
