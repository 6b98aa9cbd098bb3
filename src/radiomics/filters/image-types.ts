import { AppError } from '../../errors/index.js';
import { type BoundingBox, crop, type Vec3, type Volume, type VoxelArray } from '../../volume/index.js';
import type { BoundaryMode } from './boundary.js';
import type { FilteredImage, FilterResult } from './filtered-image.js';
import { pyradiomicsGradient } from './gradient.js';
import { ibsiLaplacianOfGaussian, ibsiLoGPadding } from './ibsi-log.js';
import { ibsiWavelet } from './ibsi-wavelet.js';
import { pyradiomicsIntensityFilter } from './intensity-filters.js';
import { type Lbp2DMethod, pyradiomicsLbp2D } from './lbp-2d.js';
import { logImageName, logPadding, pyradiomicsLoG } from './log-pyradiomics.js';
import { waveletFilters } from './wavelet-filters.js';
import { pyradiomicsWavelet } from './wavelet-pyradiomics.js';

/** PyRadiomics `imageType` names this module derives (besides `Original`, which needs no filter). */
export const FILTER_IMAGE_TYPES = [
  'LoG',
  'Wavelet',
  'Square',
  'SquareRoot',
  'Logarithm',
  'Exponential',
  'Gradient',
  'LBP2D',
] as const;
export type FilterImageType = (typeof FILTER_IMAGE_TYPES)[number];

/** The settings the filters read (PyRadiomics' names; a subset of the extractor's settings). */
export interface FilterSettings {
  /** LoG sigmas in mm. */
  readonly sigma?: readonly number[];
  readonly wavelet?: string;
  readonly level?: number;
  readonly start_level?: number;
  readonly gradientUseSpacing?: boolean;
  readonly lbp2DRadius?: number;
  readonly lbp2DSamples?: number;
  readonly lbp2DMethod?: Lbp2DMethod;
  readonly force2Ddimension?: 0 | 1 | 2;
  /** PyRadiomics mode Wavelet: transform in-plane only (4 bands); LoG and Gradient stay 3-D as in PyRadiomics. */
  readonly force2D?: boolean;
  /** `pyradiomics` (default): PyRadiomics' filters; `ibsi`: IBSI-2 definitions for LoG and Wavelet. */
  readonly mode?: 'pyradiomics' | 'ibsi';
  /** IBSI mode only: boundary condition. @defaultValue 'mirror' for LoG, 'periodic' for Wavelet */
  readonly boundary?: BoundaryMode;
}

export function isFilterImageType(name: string): name is FilterImageType {
  return (FILTER_IMAGE_TYPES as readonly string[]).includes(name);
}

/**
 * Derives the images of one PyRadiomics image type. `image` is what PyRadiomics would filter
 * (the whole image, or the padded crop when resampling); see {@link imageTypePadding}.
 */
export function applyImageType(
  image: Volume,
  imageType: string,
  settings: FilterSettings = {},
): FilterResult {
  const ibsi = settings.mode === 'ibsi';
  switch (imageType) {
    case 'LoG':
      if (!settings.sigma || settings.sigma.length === 0) {
        throw new AppError('filter_setting_invalid', 'LoG: setting sigma (list of mm) is required', {
          details: { imageType, setting: 'sigma' },
        });
      }
      return ibsi
        ? ibsiLoGImages(image, settings.sigma, settings.boundary)
        : pyradiomicsLoG(image, settings.sigma);
    case 'Wavelet':
      return ibsi
        ? ibsiWaveletImages(image, settings)
        : pyradiomicsWavelet(image, {
            ...(settings.wavelet === undefined ? {} : { wavelet: settings.wavelet }),
            ...(settings.level === undefined ? {} : { level: settings.level }),
            ...(settings.start_level === undefined ? {} : { startLevel: settings.start_level }),
            ...(settings.force2D ? { force2Ddimension: settings.force2Ddimension ?? 0 } : {}),
          });
    case 'Square':
      return pyradiomicsIntensityFilter(image, 'square');
    case 'SquareRoot':
      return pyradiomicsIntensityFilter(image, 'squareroot');
    case 'Logarithm':
      return pyradiomicsIntensityFilter(image, 'logarithm');
    case 'Exponential':
      return pyradiomicsIntensityFilter(image, 'exponential');
    case 'Gradient':
      return pyradiomicsGradient(image, { useSpacing: settings.gradientUseSpacing ?? true });
    case 'LBP2D':
      return pyradiomicsLbp2D(image, {
        ...(settings.lbp2DRadius === undefined ? {} : { radius: settings.lbp2DRadius }),
        ...(settings.lbp2DSamples === undefined ? {} : { samples: settings.lbp2DSamples }),
        ...(settings.lbp2DMethod === undefined ? {} : { method: settings.lbp2DMethod }),
        ...(settings.force2Ddimension === undefined ? {} : { force2Ddimension: settings.force2Ddimension }),
      });
    default:
      throw new AppError('image_type_unsupported', `imageType ${imageType} has no filter implementation`, {
        details: { imageType },
      });
  }
}

function ibsiLoGImages(
  image: Volume,
  sigmas: readonly number[],
  boundary: BoundaryMode | undefined,
): FilterResult {
  const images = sigmas.map((sigma) => ({
    name: logImageName(sigma),
    volume: {
      geometry: image.geometry,
      data: ibsiLaplacianOfGaussian(image, sigma, boundary === undefined ? {} : { boundary }),
    },
  }));
  return { images, warnings: [] };
}

/** IBSI mode `Wavelet`: à-trous bands for levels start_level+1 … start_level+level, names as PyRadiomics. */
function ibsiWaveletImages(image: Volume, settings: FilterSettings): FilterResult {
  const start = settings.start_level ?? 0;
  const levels = settings.level ?? 1;
  const images: FilteredImage[] = [];
  const options = {
    wavelet: settings.wavelet ?? 'coif1',
    boundary: settings.boundary ?? ('periodic' as const),
  };
  for (let idx = 1; idx <= levels; idx++) {
    const prefix = idx === 1 ? 'wavelet' : `wavelet${idx}`;
    for (const band of ['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH']) {
      images.push({
        name: `${prefix}-${band}`,
        volume: {
          geometry: image.geometry,
          data: ibsiWavelet(image, band, { ...options, level: start + idx }),
        },
      });
    }
  }
  images.push({
    name: levels === 1 ? 'wavelet-LLL' : `wavelet${levels}-LLL`,
    volume: {
      geometry: image.geometry,
      data: ibsiWavelet(image, 'LLL', { ...options, level: start + levels }),
    },
  });
  return { images, warnings: [] };
}

/**
 * Voxels of margin per axis around the ROI's bounding box for which filtering the padded crop
 * gives the ROI the same values as filtering the whole image (to ~1e-6 of the response range
 * for the recursive LoG, exactly for the others):
 * - LoG (PyRadiomics, recursive): ⌈10σ/s_d⌉ (its IIR tail decays slowly, see log-pyradiomics.ts); LoG (IBSI): ⌊4σ/s_d + 0.5⌋ (the kernel radius);
 * - Wavelet (PyRadiomics): (start_level + level)·⌈F/2⌉ + 1, F = filter length (each level-1 pass
 *   reaches ⌈F/2⌉ voxels; +1 for the wrap-padding voxel of odd sizes);
 * - Wavelet (IBSI à trous): Σ_{j ≤ start_level+level} (F − 1)·2^(j−1);
 * - Gradient: 1; LBP2D: ⌈R⌉ in the slice plane; voxel-wise types: 0 (but their scaling uses max |I| of the image they get).
 */
export function imageTypePadding(imageType: string, settings: FilterSettings, spacing: Vec3): Vec3 {
  const ibsi = settings.mode === 'ibsi';
  const same = (n: number): Vec3 => [n, n, n];
  switch (imageType) {
    case 'LoG': {
      const sigmas = settings.sigma ?? [];
      let pad: Vec3 = [0, 0, 0];
      for (const sigma of sigmas.filter((s) => s > 0)) {
        const p = ibsi ? ibsiLoGPadding(sigma, spacing) : logPadding(sigma, spacing);
        pad = [Math.max(pad[0], p[0]), Math.max(pad[1], p[1]), Math.max(pad[2], p[2])];
      }
      return pad;
    }
    case 'Wavelet': {
      const f = waveletFilters(settings.wavelet ?? 'coif1').lowPass.length;
      const levels = (settings.start_level ?? 0) + (settings.level ?? 1);
      if (!ibsi) return same(levels * Math.ceil(f / 2) + 1);
      let reach = 0;
      for (let j = 1; j <= levels; j++) reach += (f - 1) * 2 ** (j - 1);
      return same(reach);
    }
    case 'Gradient':
      return same(1);
    case 'LBP2D': {
      // ⌈R⌉ in-plane; no reach across slices (numpy axis 0/1/2 = z/y/x is the slice normal)
      const r = Math.ceil(settings.lbp2DRadius ?? 1);
      const normal = 2 - (settings.force2Ddimension ?? 0);
      return [0, 1, 2].map((d) => (d === normal ? 0 : r)) as unknown as Vec3;
    }
    default:
      return same(0);
  }
}

/**
 * The part of `image` a filter needs for an ROI: the bounding box widened by `padding` voxels per
 * axis, clamped to the image (beyond the true edge the filter's own boundary rule applies, as it
 * would on the whole image). Returns the crop and the index of its first voxel in `image`.
 */
export function cropForFilter<T extends VoxelArray>(
  image: Volume<T>,
  box: BoundingBox,
  padding: Vec3,
): { volume: Volume<T>; offset: Vec3 } {
  const size = image.geometry.size;
  const lo = [0, 1, 2].map((d) => Math.max(0, box.lo[d]! - padding[d]!)) as unknown as Vec3;
  const hi = [0, 1, 2].map((d) => Math.min(size[d]! - 1, box.hi[d]! + padding[d]!)) as unknown as Vec3;
  return { volume: crop(image, { lo, hi }, 0), offset: lo };
}
